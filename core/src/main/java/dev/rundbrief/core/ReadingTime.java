package dev.rundbrief.core;

/**
 * Estimates how many minutes an article takes to read.
 *
 * <p>The rate is {@value #WORDS_PER_MINUTE} words per minute, a deliberately modest pace for
 * reading non-fiction on a screen (studies of silent reading put adults at around 240 words per
 * minute for English, and German words are longer on average). The estimate is the word count
 * divided by that rate, rounded up: any text with at least one word takes at least one minute, and
 * text without words (empty, blank, or only punctuation) takes zero. A word is a run of characters
 * between whitespace that contains at least one letter or digit.
 */
public final class ReadingTime {
  /** The reading rate the estimate assumes. */
  public static final int WORDS_PER_MINUTE = 200;

  private ReadingTime() {}

  /**
   * Returns the estimated reading time of plain text in whole minutes, rounded up.
   *
   * @param plainText the text; {@code null} counts as empty
   */
  public static int minutes(String plainText) {
    int words = words(plainText);
    return (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
  }

  /**
   * Returns the estimated reading time of an HTML body in whole minutes, rounded up.
   *
   * <p>All visible text counts, including headings, captions, tables, code and image alt texts;
   * markup, scripts, styles and link URLs do not.
   *
   * @param html the HTML; {@code null} counts as empty
   */
  public static int ofHtml(String html) {
    return minutes(PlainText.flatText(html, false));
  }

  /** Counts the words of {@code text}, see the class description. */
  static int words(String text) {
    if (text == null) {
      return 0;
    }
    int words = 0;
    boolean inWord = false;
    boolean hasLetter = false;
    for (int i = 0; i <= text.length(); ) {
      int c = i < text.length() ? text.codePointAt(i) : ' ';
      i += i < text.length() ? Character.charCount(c) : 1;
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (inWord && hasLetter) {
          words++;
        }
        inWord = false;
        hasLetter = false;
      } else {
        inWord = true;
        hasLetter |= Character.isLetterOrDigit(c);
      }
    }
    return words;
  }
}
