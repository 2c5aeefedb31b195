package dev.rundbrief.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.SingleLine;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.nodes.Entities;

/** Reads JSON Feed 1.0 and 1.1 (jsonfeed.org) into Rundbrief's model. */
final class JsonFeeds {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

  private final String source;
  private final List<String> warnings;
  private final Budget budget;
  private final FeedMapping mapping;

  JsonFeeds(String source, List<String> warnings, Instant now, Budget budget) {
    this.source = source;
    this.warnings = warnings;
    this.budget = budget;
    this.mapping = new FeedMapping(source, warnings, now, budget);
  }

  /** Whether decoded feed text is JSON rather than XML: its first character is an opening brace. */
  static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{';
      }
    }
    return false;
  }

  FeedDocument read(String text, URI documentUrl) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new FeedFormatException(
          source, line, 0, "is not valid JSON: " + e.getOriginalMessage());
    }
    String version = root.path("version").asText("");
    if (!root.isObject() || !version.startsWith(VERSION_PREFIX)) {
      throw new FeedFormatException(
          source,
          1,
          0,
          "is JSON but not a JSON Feed (no \"version\": \"" + VERSION_PREFIX + "...\")");
    }
    String format = "JSON Feed " + version.substring(VERSION_PREFIX.length());
    URI base = FeedMapping.httpOnly(documentUrl);
    URI site = FeedMapping.httpOnly(uri(root.path("home_page_url").asText(null), base));
    String title = FeedMapping.plain(text(root, "title"));
    if (title.isEmpty()) {
      title = source;
    }
    URI itemBase = site != null ? site : base;
    List<Author> feedAuthors = authors(root);
    List<Article> articles = new ArrayList<>();
    JsonNode items = root.path("items");
    for (int i = 0; i < items.size(); i++) {
      budget.check();
      try {
        item(items.get(i), itemBase, title, feedAuthors).ifPresent(articles::add);
      } catch (RuntimeException e) {
        warnings.add(
            FeedFormatException.location(source, 0, 0)
                + ": item "
                + (i + 1)
                + " skipped: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    }
    String language = text(root, "language");
    return new FeedDocument(
        source,
        format,
        title,
        site,
        FeedMapping.plain(text(root, "description")),
        language.isBlank() ? null : Locale.forLanguageTag(language.strip()),
        articles,
        warnings);
  }

  private Optional<Article> item(JsonNode item, URI base, String feedTitle, List<Author> fallback) {
    Article.Builder b = Article.builder().source(feedTitle);
    URI link = FeedMapping.httpOnly(uri(text(item, "url"), base));
    b.link(link);
    JsonNode idNode = item.path("id");
    String id = mapping.normalizedGuid(idNode.isValueNode() ? idNode.asText() : null, null);
    if (id != null) {
      b.id(ArticleId.of(id));
    }
    String html = text(item, "content_html");
    String plainText = text(item, "content_text");
    String summary = FeedMapping.plain(text(item, "summary")).strip();
    if (!html.isBlank()) {
      b.content(html, base);
    } else if (!plainText.isBlank()) {
      b.content("<p>" + Entities.escape(plainText.strip()) + "</p>", base);
    }
    if (summary.isEmpty()) {
      summary = !plainText.isBlank() ? plainText.strip() : FeedMapping.plain(html);
    }
    b.summary(summary);
    String title = FeedMapping.plain(text(item, "title"));
    if (title.isEmpty()) {
      title = FeedMapping.derivedTitle(summary);
    }
    if (title.isEmpty()) {
      warnings.add(
          FeedFormatException.location(source, 0, 0)
              + ": an item has no title, summary or content; skipped");
      return Optional.empty();
    }
    if (title.length() > SingleLine.MAX_LENGTH) {
      warnings.add(
          FeedFormatException.location(source, 0, 0)
              + ": an item has a title of "
              + title.length()
              + " characters (at most "
              + SingleLine.MAX_LENGTH
              + "); skipped");
      return Optional.empty();
    }
    b.title(title);
    b.published(date(item, "date_published"));
    b.updated(date(item, "date_modified"));
    List<Author> authors = authors(item);
    (authors.isEmpty() ? fallback : authors).forEach(b::author);
    for (JsonNode tag : item.path("tags")) {
      if (tag.isTextual() && !tag.asText().isBlank()) {
        b.tag(tag.asText());
      }
    }
    String language = text(item, "language");
    if (!language.isBlank()) {
      b.language(Locale.forLanguageTag(language.strip()));
    }
    URI image = FeedMapping.httpOnly(uri(text(item, "image"), base));
    if (image != null) {
      b.leadImage(new Image(image, "", 0, 0, "", 0));
    }
    return Optional.of(b.build());
  }

  private Instant date(JsonNode item, String field) {
    String raw = text(item, field);
    if (raw.isBlank()) {
      return null;
    }
    Optional<Instant> parsed = FeedDates.parse(raw);
    if (parsed.isEmpty()) {
      warnings.add(
          FeedFormatException.location(source, 0, 0)
              + ": \""
              + field
              + "\" '"
              + raw
              + "' is not an RFC 3339 date; the item is kept without this date");
      return null;
    }
    return mapping.plausible(parsed.get(), null, "\"" + field + "\" '" + raw + "'");
  }

  /** JSON Feed 1.1 {@code authors}, else 1.0 {@code author}. */
  private static List<Author> authors(JsonNode node) {
    List<JsonNode> people = new ArrayList<>();
    node.path("authors").forEach(people::add);
    if (people.isEmpty() && node.path("author").isObject()) {
      people.add(node.path("author"));
    }
    List<Author> authors = new ArrayList<>();
    for (JsonNode p : people) {
      String name = FeedMapping.plain(text(p, "name"));
      URI url = FeedMapping.webOrMail(text(p, "url"));
      if (!name.isEmpty()) {
        authors.add(new Author(name, null, url));
      }
    }
    return authors;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : "";
  }

  private static URI uri(String raw, URI base) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(raw.strip());
      return uri.isAbsolute() ? uri : base == null ? null : base.resolve(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
