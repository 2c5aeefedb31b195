package dev.rundbrief.core;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts text down to a short excerpt for teasers, feed summaries and e-mail previews.
 *
 * <p>What callers may rely on:
 *
 * <ul>
 *   <li>Whitespace is normalized first: runs of spaces, tabs and line breaks become one space, and
 *       leading and trailing whitespace is removed; the text is put in Unicode NFC form, so that no
 *       cut falls between a letter and its separately encoded accent. Non-breaking spaces are kept
 *       and never cut at.
 *   <li>Text that fits into {@code maxChars} is returned as it is (after that normalization).
 *   <li>Longer text is cut at the end of the last sentence that ends in the last third of the
 *       limit; when there is none, after the last whole word that fits. Then " …" (a space and
 *       U+2026) is appended, after removing a trailing comma, colon, semicolon or dash. Only when
 *       even the first word does not fit is it cut inside, with "…" directly after it.
 *   <li>The result is never longer than {@code maxChars} Unicode code points, ellipsis included,
 *       and without its ellipsis it is a prefix of the normalized text.
 * </ul>
 *
 * <p>A sentence ends with {@code .}, {@code !}, {@code ?} or {@code …}, optionally followed by
 * closing quotes or brackets, before a space and a word that starts with a capital letter, a digit
 * or an opening quote. A period after a number of one or two digits (German ordinals: "am 3.
 * Oktober") or after a single letter or a common abbreviation ("z. B.", "Dr.") ends no sentence.
 */
public final class Excerpts {
  private static final String ELLIPSIS = "…";
  private static final String CLOSERS = "\"'»«“”‘’)]";
  private static final String OPENERS = "\"'„“‚‘»«([";
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "dr", "prof", "nr", "bzw", "vgl", "ca", "inkl", "ggf", "evtl", "sog", "str", "abs", "mr",
          "mrs", "ms", "st", "vs", "jr", "sr", "no", "hr", "fr");

  private Excerpts() {}

  /**
   * Returns an excerpt of plain text of at most {@code maxChars} code points, see the class rules.
   *
   * @param plainText the text; {@code null} counts as empty
   * @throws IllegalArgumentException if {@code maxChars} is less than 1
   */
  public static String of(String plainText, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
    }
    String text = normalize(plainText);
    int[] cp = text.codePoints().toArray();
    if (cp.length <= maxChars) {
      return text;
    }
    // Cuts at i keep cp[0..i) where cp[i] is a space; " …" needs two more code points.
    int sentence = -1;
    int word = -1;
    for (int i = Math.min(maxChars - 2, cp.length - 1); i > 0; i--) {
      if (cp[i] != ' ') {
        continue;
      }
      if (word < 0) {
        word = i;
      }
      if (3 * i < 2 * maxChars) {
        break;
      }
      if (endsSentence(cp, i)) {
        sentence = i;
        break;
      }
    }
    if (sentence > 0) {
      return new String(cp, 0, sentence) + " " + ELLIPSIS;
    }
    if (word > 0) {
      String kept = new String(cp, 0, word).replaceFirst("[\\s,;:–—-]+$", "");
      if (!kept.isEmpty()) {
        return kept + " " + ELLIPSIS;
      }
    }
    return new String(cp, 0, maxChars - 1) + ELLIPSIS;
  }

  /**
   * Returns an excerpt of the running text of an HTML body, see the class rules.
   *
   * <p>Only prose counts: paragraphs, lists and quotes. Headings, figures and their captions,
   * tables, preformatted text, image alt texts and link URLs are left out, as are scripts and
   * styles.
   *
   * @param html the HTML; {@code null} counts as empty
   * @throws IllegalArgumentException if {@code maxChars} is less than 1
   */
  public static String fromHtml(String html, int maxChars) {
    return of(PlainText.flatText(html, true), maxChars);
  }

  private static String normalize(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c)) {
        space = true;
      } else {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(c);
      }
    }
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }

  /** Whether the text before the space at {@code space} ends a sentence. */
  private static boolean endsSentence(int[] cp, int space) {
    int end = space - 1;
    while (end > 0 && CLOSERS.indexOf(cp[end]) >= 0) {
      end--;
    }
    int mark = cp[end];
    if (mark != '.' && mark != '!' && mark != '?' && mark != '…') {
      return false;
    }
    int next = space + 1 < cp.length ? cp[space + 1] : ' ';
    if (!Character.isUpperCase(next) && !Character.isDigit(next) && OPENERS.indexOf(next) < 0) {
      return false;
    }
    if (mark != '.') {
      return true;
    }
    int start = end;
    while (start > 0 && cp[start - 1] != ' ') {
      start--;
    }
    String token = new String(cp, start, end - start);
    if (token.isEmpty()) {
      return false;
    }
    boolean shortNumber = token.length() <= 2 && token.chars().allMatch(Character::isDigit);
    boolean letter = token.codePointCount(0, token.length()) == 1 && Character.isLetter(cp[start]);
    boolean abbreviation = ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT));
    return !shortNumber && !letter && !abbreviation;
  }
}
