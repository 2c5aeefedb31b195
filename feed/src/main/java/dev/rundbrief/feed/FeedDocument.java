package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Article;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A feed that was read: its channel-level facts and its items as {@link Article}s, in document
 * order.
 *
 * <p>Every article's {@linkplain Article#source() source} is the feed's title. {@link #warnings()}
 * lists what was repaired or skipped while reading (a date that could not be parsed, HTML entities
 * that XML does not define, an encoding declaration that contradicted the bytes); a document with
 * warnings is still complete in everything the warnings do not name.
 */
public final class FeedDocument {
  private final String source;
  private final String format;
  private final String title;
  private final URI siteLink;
  private final String description;
  private final Locale language;
  private final List<Article> articles;
  private final List<String> warnings;

  FeedDocument(
      String source,
      String format,
      String title,
      URI siteLink,
      String description,
      Locale language,
      List<Article> articles,
      List<String> warnings) {
    this.source = requireNonNull(source, "source");
    this.format = requireNonNull(format, "format");
    this.title = requireNonNull(title, "title");
    this.siteLink = siteLink;
    this.description = description == null ? "" : description;
    this.language = language;
    this.articles = List.copyOf(articles);
    this.warnings = List.copyOf(warnings);
  }

  /** The name the feed was read from: a file name, a URL, or the label given for bytes. */
  public String source() {
    return source;
  }

  /**
   * The format the document was in: {@code "RSS 0.90"}, {@code "RSS 0.91"}, {@code "RSS 0.92"},
   * {@code "RSS 1.0"}, {@code "RSS 2.0"}, {@code "Atom 0.3"} or {@code "Atom 1.0"} (and the other
   * RSS 0.9x versions).
   */
  public String format() {
    return format;
  }

  /** The feed's title; the source name when the feed has none. */
  public String title() {
    return title;
  }

  /** The absolute http(s) address of the site the feed belongs to, when the feed names one. */
  public Optional<URI> siteLink() {
    return Optional.ofNullable(siteLink);
  }

  /** The feed's description or subtitle as plain text; empty when it has none. */
  public String description() {
    return description;
  }

  /** The feed's declared language, when it declares one. */
  public Optional<Locale> language() {
    return Optional.ofNullable(language);
  }

  /** The items, in the order of the document. */
  public List<Article> articles() {
    return articles;
  }

  /**
   * What was repaired or left out while reading, one message per problem; empty for a clean feed.
   */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "FeedDocument[" + source + ", " + format + ", " + articles.size() + " articles]";
  }
}
