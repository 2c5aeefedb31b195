package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestPeriod;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.RelatedLink;
import dev.rundbrief.core.Section;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts articles and digests to and from the JSON kept in the workspace store and printed by
 * {@code --json}. The content HTML is stored as sanitized; reading it back sanitizes again, which
 * leaves sanitized HTML unchanged.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode article(Article a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", a.id().value());
    n.put("title", a.title());
    a.link().ifPresent(l -> n.put("link", l.toString()));
    ArrayNode authors = n.putArray("authors");
    for (Author au : a.authors()) {
      ObjectNode x = authors.addObject().put("name", au.name());
      au.emailAddress().ifPresent(e -> x.put("email", e));
      au.homePage().ifPresent(u -> x.put("url", u.toString()));
    }
    a.published().ifPresent(t -> n.put("published", t.toString()));
    a.updated().ifPresent(t -> n.put("updated", t.toString()));
    n.put("summary", a.summary());
    n.put("content_html", a.contentHtml());
    ArrayNode tags = n.putArray("tags");
    a.tags().forEach(tags::add);
    a.language().ifPresent(l -> n.put("language", l.toLanguageTag()));
    a.leadImage()
        .ifPresent(
            i ->
                n.putObject("image")
                    .put("url", i.url().toString())
                    .put("alt", i.alt())
                    .put("width", i.width())
                    .put("height", i.height())
                    .put("type", i.mediaType())
                    .put("length", i.length()));
    n.put("source", a.source());
    ArrayNode related = n.putArray("related");
    for (RelatedLink r : a.related()) {
      ObjectNode x = related.addObject().put("rel", r.relation().name()).put("title", r.title());
      r.link().ifPresent(u -> x.put("url", u.toString()));
    }
    return n;
  }

  static Article article(JsonNode n) {
    Article.Builder b =
        Article.builder()
            .id(ArticleId.of(n.path("id").asText()))
            .title(n.path("title").asText())
            .summary(n.path("summary").asText(""))
            .source(n.path("source").asText(""));
    text(n, "link").map(URI::create).ifPresent(b::link);
    URI base = text(n, "link").map(URI::create).orElse(null);
    b.content(n.path("content_html").asText(""), base);
    for (JsonNode au : n.path("authors")) {
      b.author(
          new Author(
              au.path("name").asText(),
              text(au, "email").orElse(null),
              text(au, "url").map(URI::create).orElse(null)));
    }
    text(n, "published").map(Instant::parse).ifPresent(b::published);
    text(n, "updated").map(Instant::parse).ifPresent(b::updated);
    for (JsonNode t : n.path("tags")) {
      b.tag(t.asText());
    }
    text(n, "language").map(Locale::forLanguageTag).ifPresent(b::language);
    JsonNode img = n.path("image");
    if (img.isObject()) {
      b.leadImage(
          new Image(
              URI.create(img.path("url").asText()),
              img.path("alt").asText(""),
              img.path("width").asInt(0),
              img.path("height").asInt(0),
              img.path("type").asText(""),
              img.path("length").asLong(0)));
    }
    for (JsonNode r : n.path("related")) {
      b.related(
          new RelatedLink(
              RelatedLink.Relation.valueOf(r.path("rel").asText()),
              r.path("title").asText(),
              text(r, "url").map(URI::create).orElse(null)));
    }
    return b.build();
  }

  static ObjectNode digest(Digest d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("number", d.number());
    n.put("title", d.title());
    n.putObject("period")
        .put("start", d.period().start().toString())
        .put("end", d.period().end().toString())
        .put("zone", d.period().zone().getId());
    n.put("intro", d.intro());
    n.put("language", d.language().toLanguageTag());
    n.put("created", d.created().toString());
    ArrayNode sections = n.putArray("sections");
    for (Section s : d.sections()) {
      ObjectNode x = sections.addObject().put("title", s.title());
      ArrayNode articles = x.putArray("articles");
      s.articles().forEach(a -> articles.add(article(a)));
    }
    return n;
  }

  static Digest digest(JsonNode n) {
    List<Section> sections = new ArrayList<>();
    for (JsonNode s : n.path("sections")) {
      List<Article> articles = new ArrayList<>();
      for (JsonNode a : s.path("articles")) {
        articles.add(article(a));
      }
      sections.add(new Section(s.path("title").asText(""), articles));
    }
    JsonNode p = n.path("period");
    return new Digest(
        n.path("number").asInt(),
        n.path("title").asText(),
        new DigestPeriod(
            Instant.parse(p.path("start").asText()),
            Instant.parse(p.path("end").asText()),
            ZoneId.of(p.path("zone").asText())),
        n.path("intro").asText(""),
        Locale.forLanguageTag(n.path("language").asText("de")),
        sections,
        Instant.parse(n.path("created").asText()));
  }

  private static java.util.Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(v.asText());
  }
}
