package dev.rundbrief.feed;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.Section;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns articles and digests into {@link FeedItem}s. */
final class FeedItems {
  private static final Pattern ABSOLUTE_IRI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+");

  private FeedItems() {}

  static FeedItem ofArticle(Article article) {
    ArticleId id = article.id();
    boolean permalink = id.isPermalink() && permalinkUrl(id.value()) != null;
    URI link = article.link().orElse(permalink ? permalinkUrl(id.value()) : null);
    return new FeedItem(
        id.value(),
        permalink,
        atomId(id.value()),
        article.title(),
        link,
        article.summary(),
        article.contentHtml(),
        article.authors(),
        article.tags(),
        article.published().orElse(null),
        article.updated().orElse(null),
        article.leadImage().orElse(null),
        article.language().orElse(null));
  }

  /**
   * One item per issue. Its id is a {@code tag:} URI from the site's host, the year the issue's
   * period starts (UTC) and the issue number, so it survives rebuilds and changes of the issue URL.
   */
  static FeedItem ofDigest(Digest digest, URI issueUrl, FeedMetadata metadata) {
    String id = digestId(digest, metadata.siteLink());
    List<String> categories = new ArrayList<>();
    Image image = null;
    for (Section section : digest.sections()) {
      if (!section.title().isEmpty()) {
        categories.add(section.title());
      }
      for (Article article : section.articles()) {
        if (image == null && article.leadImage().isPresent()) {
          image = article.leadImage().get();
        }
      }
    }
    return new FeedItem(
        id,
        false,
        id,
        digest.title(),
        issueUrl,
        digestSummary(digest),
        digestHtml(digest),
        List.of(),
        categories,
        digest.created(),
        null,
        image,
        digest.language());
  }

  static List<FeedItem> ofArticles(Iterable<Article> articles) {
    List<FeedItem> items = new ArrayList<>();
    for (Article article : articles) {
      items.add(ofArticle(article));
    }
    return items;
  }

  static List<FeedItem> ofDigests(
      Iterable<Digest> digests, Function<Digest, URI> issueUrl, FeedMetadata metadata) {
    List<FeedItem> items = new ArrayList<>();
    for (Digest digest : digests) {
      URI url = issueUrl.apply(digest);
      if (url == null || !url.isAbsolute()) {
        throw new IllegalArgumentException(
            "issueUrl gave no absolute URL for issue " + digest.number() + ": " + url);
      }
      items.add(ofDigest(digest, url, metadata));
    }
    return items;
  }

  static String digestId(Digest digest, URI siteLink) {
    int year = digest.period().start().atOffset(ZoneOffset.UTC).getYear();
    String path = siteLink.getRawPath() == null ? "" : siteLink.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String specific = (path.isEmpty() ? "" : path.substring(1) + "/") + "issue-" + digest.number();
    return "tag:"
        + siteLink.getHost().toLowerCase(java.util.Locale.ROOT)
        + ","
        + year
        + ":"
        + specific;
  }

  private static URI permalinkUrl(String id) {
    try {
      URI uri = new URI(id);
      return uri.getHost() == null ? null : uri;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** The id as it is when it is an absolute IRI, else a stable name-based UUID URN. */
  static String atomId(String id) {
    if (ABSOLUTE_IRI.matcher(id).matches()) {
      return id;
    }
    return "urn:uuid:" + UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String digestSummary(Digest digest) {
    if (!digest.intro().isEmpty()) {
      return digest.intro();
    }
    StringBuilder titles = new StringBuilder();
    for (Article article : digest.articles()) {
      if (titles.length() > 0) {
        titles.append(" · ");
      }
      titles.append(article.title());
    }
    return titles.toString();
  }

  /** The issue as simple HTML: the intro, then per section a heading and linked article titles. */
  static String digestHtml(Digest digest) {
    StringBuilder html = new StringBuilder(1024);
    if (!digest.intro().isEmpty()) {
      html.append("<p>");
      Texts.escapeHtml(digest.intro(), html);
      html.append("</p>\n");
    }
    for (Section section : digest.sections()) {
      if (!section.title().isEmpty()) {
        html.append("<h2>");
        Texts.escapeHtml(section.title(), html);
        html.append("</h2>\n");
      }
      for (Article article : section.articles()) {
        html.append("<h3>");
        if (article.link().isPresent() && SafeUrls.isAllowed(article.link().get())) {
          html.append("<a href=\"");
          Texts.escapeHtml(article.link().get().toString(), html);
          html.append("\">");
          Texts.escapeHtml(article.title(), html);
          html.append("</a>");
        } else {
          Texts.escapeHtml(article.title(), html);
        }
        html.append("</h3>\n");
        if (!article.summary().isEmpty()) {
          html.append("<p>");
          Texts.escapeHtml(article.summary(), html);
          html.append("</p>\n");
        }
      }
    }
    return html.toString().strip();
  }
}
