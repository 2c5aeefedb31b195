package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

/**
 * An article that a {@link DigestBuilder} left out of an issue, and why.
 *
 * <p>Every article given to {@link DigestBuilder#build} ends up either in the digest or in exactly
 * one omission, so nothing is lost silently.
 */
public final class Omission {
  /** Why an article was left out, in the order the builder applies its rules. */
  public enum Reason {
    /** Its date lies outside the period. */
    OUTSIDE_WINDOW,
    /** It has no date and the builder was told to leave undated articles out. */
    UNDATED,
    /** It carries one of the excluded tags; {@link #detail()} names the tag. */
    EXCLUDED_TAG,
    /** It carries none of the included tags. */
    NOT_INCLUDED_TAG,
    /** Another article has the same id; {@link #duplicateOf()} is the one kept. */
    DUPLICATE_ID,
    /** Another article has the same canonical URL; {@link #duplicateOf()} is the one kept. */
    DUPLICATE_URL,
    /** Another article has a near-identical title; {@link #duplicateOf()} is the one kept. */
    DUPLICATE_TITLE,
    /** Its section already had the maximum number of articles; {@link #detail()} names it. */
    OVER_SECTION_LIMIT,
    /** The issue already had the maximum number of articles. */
    OVER_TOTAL_LIMIT
  }

  private final Article article;
  private final Reason reason;
  private final String detail;
  private final Article duplicateOf;

  private Omission(Article article, Reason reason, String detail, Article duplicateOf) {
    this.article = requireNonNull(article, "article");
    this.reason = requireNonNull(reason, "reason");
    this.detail = detail == null ? "" : detail;
    this.duplicateOf = duplicateOf;
  }

  static Omission of(Article article, Reason reason, String detail) {
    return new Omission(article, reason, detail, null);
  }

  static Omission duplicate(Article article, Reason reason, Article kept) {
    return new Omission(article, reason, "", requireNonNull(kept, "kept"));
  }

  /** The article that was left out. */
  public Article article() {
    return article;
  }

  /** Why it was left out. */
  public Reason reason() {
    return reason;
  }

  /**
   * The tag, section or window that decided, for people reading a log; empty when the reason says
   * it all. Its wording is not part of the API.
   */
  public String detail() {
    return detail;
  }

  /** For the duplicate reasons, the article that was kept instead; otherwise empty. */
  public Optional<Article> duplicateOf() {
    return Optional.ofNullable(duplicateOf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Omission other
        && article.equals(other.article)
        && reason == other.reason
        && detail.equals(other.detail)
        && Objects.equals(duplicateOf, other.duplicateOf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(article, reason, detail, duplicateOf);
  }

  /** A one-line description such as {@code 'Titel' (id): DUPLICATE_URL of 'Other' (id2)}. */
  @Override
  public String toString() {
    StringBuilder out =
        new StringBuilder("'")
            .append(article.title())
            .append("' (")
            .append(article.id())
            .append("): ")
            .append(reason);
    if (duplicateOf != null) {
      out.append(" of '").append(duplicateOf.title()).append("' (").append(duplicateOf.id());
      out.append(')');
    }
    if (!detail.isEmpty()) {
      out.append(": ").append(detail);
    }
    return out.toString();
  }
}
