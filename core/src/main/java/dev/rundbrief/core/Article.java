package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A news article: the unit that importers produce, digests group and feeds publish.
 *
 * <p>Articles are immutable. Two articles are equal exactly when their {@linkplain #id() ids} are
 * equal: a re-imported article with a corrected title is the same article.
 *
 * <p>The HTML content is always sanitized: the builder passes it through {@link HtmlSanitizer}, so
 * an {@code Article} never carries scripts, event handlers or {@code javascript:} URLs, and its
 * URLs are absolute whenever a base URL was given.
 */
public final class Article {
  private final ArticleId id;
  private final String title;
  private final URI link;
  private final List<Author> authors;
  private final Instant published;
  private final Instant updated;
  private final String summary;
  private final String contentHtml;
  private final List<String> tags;
  private final Locale language;
  private final Image leadImage;
  private final String source;
  private final List<RelatedLink> related;

  private Article(Builder b) {
    this.title = requireText(b.title, "title");
    this.link = b.link;
    this.authors = List.copyOf(b.authors);
    this.published = b.published;
    this.updated = b.updated;
    this.summary = b.summary == null ? "" : b.summary.strip();
    this.contentHtml = b.contentHtml == null ? "" : b.contentHtml;
    this.tags = List.copyOf(b.tags.values());
    this.language = b.language;
    this.leadImage = b.leadImage;
    this.source = b.source == null ? "" : b.source.strip();
    this.related = List.copyOf(b.related);
    this.id = b.id != null ? b.id : deriveId(link, title, published);
  }

  /** A new, empty builder. {@link Builder#title} is the only required part. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with every part of this article, for a modified copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.title = title;
    b.link = link;
    b.authors.addAll(authors);
    b.published = published;
    b.updated = updated;
    b.summary = summary;
    b.contentHtml = contentHtml;
    tags.forEach(b::tag);
    b.language = language;
    b.leadImage = leadImage;
    b.source = source;
    b.related.addAll(related);
    return b;
  }

  /** The stable identity; see {@link ArticleId} for how it is chosen. */
  public ArticleId id() {
    return id;
  }

  /** The headline, never blank. */
  public String title() {
    return title;
  }

  /** The canonical URL of the article, absent for local text that was never published. */
  public Optional<URI> link() {
    return Optional.ofNullable(link);
  }

  /** The credited authors in byline order; empty when unknown. */
  public List<Author> authors() {
    return authors;
  }

  /** When the article was first published, when known. */
  public Optional<Instant> published() {
    return Optional.ofNullable(published);
  }

  /** When the article was last changed, when known. */
  public Optional<Instant> updated() {
    return Optional.ofNullable(updated);
  }

  /**
   * The instant digests sort and window by: the publication time, else the update time, else empty.
   */
  public Optional<Instant> date() {
    return Optional.ofNullable(published != null ? published : updated);
  }

  /** A short plain-text summary; empty when the source gave none. */
  public String summary() {
    return summary;
  }

  /** The sanitized HTML body; empty when the source gave only a summary. */
  public String contentHtml() {
    return contentHtml;
  }

  /** The tags in the order given, without case-insensitive duplicates. */
  public List<String> tags() {
    return tags;
  }

  /** The language of the text, when known. */
  public Optional<Locale> language() {
    return Optional.ofNullable(language);
  }

  /** The image that leads the article, when there is one. */
  public Optional<Image> leadImage() {
    return Optional.ofNullable(leadImage);
  }

  /** The name of the site or feed the article came from; empty when unknown. */
  public String source() {
    return source;
  }

  /** Links to other articles, such as the previous and next one on the source site. */
  public List<RelatedLink> related() {
    return related;
  }

  /** A copy with other tags. */
  public Article withTags(List<String> newTags) {
    Builder b = toBuilder();
    b.tags.clear();
    newTags.forEach(b::tag);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Article other && id.equals(other.id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Article[" + id + ", " + title + "]";
  }

  private static ArticleId deriveId(URI link, String title, Instant published) {
    if (link != null && link.isAbsolute()) {
      return ArticleId.fromUrl(link);
    }
    LocalDate day = published == null ? null : LocalDate.ofInstant(published, ZoneOffset.UTC);
    return ArticleId.fromContent(title, day);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must not be blank");
    }
    return value.strip().replaceAll("\\s+", " ");
  }

  /**
   * Collects the parts of an {@link Article}.
   *
   * <p>Without an explicit {@link #id}, the id is derived: from the canonical link when there is
   * one, otherwise from the title and the publication day (in UTC).
   */
  public static final class Builder {
    private ArticleId id;
    private String title;
    private URI link;
    private final List<Author> authors = new ArrayList<>();
    private Instant published;
    private Instant updated;
    private String summary;
    private String contentHtml;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Locale language;
    private Image leadImage;
    private String source;
    private final List<RelatedLink> related = new ArrayList<>();

    private Builder() {}

    /** Sets the id explicitly, for example from a feed's guid. */
    public Builder id(ArticleId id) {
      this.id = id;
      return this;
    }

    /** Sets the headline; runs of whitespace are collapsed. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the canonical URL. */
    public Builder link(URI link) {
      this.link = link;
      return this;
    }

    /** Adds an author. */
    public Builder author(Author author) {
      authors.add(requireNonNull(author, "author"));
      return this;
    }

    /** Replaces the authors. */
    public Builder authors(List<Author> authors) {
      this.authors.clear();
      authors.forEach(this::author);
      return this;
    }

    /** Sets the first publication time. */
    public Builder published(Instant published) {
      this.published = published;
      return this;
    }

    /** Sets the last modification time. */
    public Builder updated(Instant updated) {
      this.updated = updated;
      return this;
    }

    /** Sets the plain-text summary. */
    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    /**
     * Sets the body from untrusted HTML: it is {@linkplain HtmlSanitizer#sanitize sanitized} and
     * its relative URLs are resolved against {@code baseUrl}.
     *
     * @param baseUrl the address the HTML came from, or {@code null} when there is none (then
     *     relative URLs are dropped, because a feed reader could not resolve them)
     */
    public Builder content(String html, URI baseUrl) {
      this.contentHtml = html == null ? null : HtmlSanitizer.sanitize(html, baseUrl);
      return this;
    }

    /**
     * Sets the body from HTML that {@link HtmlSanitizer#sanitizeWithText} has already sanitized, so
     * that a caller who also needs its text parses it only once.
     */
    public Builder content(HtmlSanitizer.Sanitized sanitized) {
      this.contentHtml = requireNonNull(sanitized, "sanitized").html();
      return this;
    }

    /** Adds a tag; blank tags and case-insensitive duplicates are ignored. */
    public Builder tag(String tag) {
      if (tag != null && !tag.isBlank()) {
        String clean = tag.strip();
        tags.putIfAbsent(clean.toLowerCase(Locale.ROOT), clean);
      }
      return this;
    }

    /** Adds several tags, see {@link #tag}. */
    public Builder tags(List<String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    /** Sets the language of the text. */
    public Builder language(Locale language) {
      this.language = language;
      return this;
    }

    /** Sets the lead image. */
    public Builder leadImage(Image leadImage) {
      this.leadImage = leadImage;
      return this;
    }

    /** Sets the name of the site or feed the article came from. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** Adds a link to a related article. */
    public Builder related(RelatedLink link) {
      related.add(requireNonNull(link, "link"));
      return this;
    }

    /**
     * Builds the article.
     *
     * @throws IllegalArgumentException if the title is missing or blank
     */
    public Article build() {
      return new Article(this);
    }
  }
}
