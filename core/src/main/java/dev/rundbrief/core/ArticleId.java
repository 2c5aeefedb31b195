package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable identity of an article: the same article always gets the same id, whether it is
 * imported once or many times, from a feed or from a file.
 *
 * <p>Ids come, in order of preference, from a feed's guid ({@link #of}), from the article's
 * canonical URL ({@link #fromUrl}), or from its content ({@link #fromContent}: the normalized title
 * and the publication date). Every id is an absolute IRI, so it can serve as an Atom {@code id} as
 * it is.
 */
public record ArticleId(String value) implements Comparable<ArticleId> {
  private static final String CONTENT_PREFIX = "urn:rundbrief:article:";

  /** Validates the value: it must not be blank and must not contain control characters. */
  public ArticleId {
    requireNonNull(value, "value");
    value = value.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("article id is blank");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("article id contains a control character: " + value);
    }
  }

  /**
   * An id taken as it is from a feed's guid or Atom id. A guid that is not an absolute IRI is kept
   * as given; feed writers mark such ids as not being permalinks.
   */
  public static ArticleId of(String guid) {
    return new ArticleId(guid);
  }

  /** An id from the article's canonical URL, normalized by {@link CanonicalUrls#normalize}. */
  public static ArticleId fromUrl(URI canonicalUrl) {
    return new ArticleId(CanonicalUrls.normalize(canonicalUrl).toString());
  }

  /**
   * An id derived from the content: the title (case, accents, punctuation and spacing normalized)
   * and the publication date. Importing the same text twice gives the same id; fixing a typo in the
   * title gives a new one.
   *
   * @param date the publication date, or {@code null} when the input has none
   */
  public static ArticleId fromContent(String title, LocalDate date) {
    requireNonNull(title, "title");
    String key = normalizeTitle(title) + "|" + (date == null ? "" : date.toString());
    return new ArticleId(CONTENT_PREFIX + sha256(key).substring(0, 32));
  }

  /** Whether this id is an {@code http} or {@code https} URL that can be used as a link. */
  public boolean isPermalink() {
    return value.startsWith("http://") || value.startsWith("https://");
  }

  @Override
  public int compareTo(ArticleId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * Folds a title to the form that identity and near-duplicate checks compare: lower case, accents
   * and umlauts stripped ("Büro" and "Buro" fold alike), punctuation and runs of whitespace
   * collapsed to one space.
   */
  static String normalizeTitle(String title) {
    String decomposed = Normalizer.normalize(title, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean space = false;
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isLetterOrDigit(cp)) {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(Character.toLowerCase(cp));
      } else {
        space = true;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
