package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one rule for short single-line values that people enter and that end up in mail headers,
 * greetings, file names and the database: subscriber names, e-mail addresses, digest titles,
 * publisher and list names.
 *
 * <p>A value breaks the rule when it contains a character that ends or hides a line, or controls
 * the terminal or the text direction:
 *
 * <ul>
 *   <li>a C0 control character (U+0000 to U+001F, which includes CR, LF and TAB) or DEL (U+007F);
 *   <li>a C1 control character (U+0080 to U+009F, which includes NEL, U+0085);
 *   <li>the line and paragraph separators U+2028 and U+2029;
 *   <li>the bidirectional embeddings, overrides and isolates U+202A to U+202E and U+2066 to U+2069,
 *       which make a name display as something else (left-to-right and right-to-left marks, U+200E
 *       and U+200F, are allowed).
 * </ul>
 *
 * <p>It also breaks the rule when it is longer than {@link #MAX_LENGTH} characters: no name, title
 * or address needs more, and a bound at the door keeps a megabyte "title" out of every later step.
 * Many values have a lower bound of their own ({@link #check(String, String, int)}).
 *
 * <p>Apply it where a value comes in (a command's argument, a CSV line, a form field, a builder or
 * store method), so that a bad value is refused with its origin named and is never stored. {@link
 * #check} throws; {@link #firstRefused} lets form code decide what to answer.
 */
public final class SingleLine {
  private SingleLine() {}

  /** The most characters any single-line value may have. */
  public static final int MAX_LENGTH = 1000;

  /** Whether {@code c} is refused in a single-line value (see the class description). */
  public static boolean isRefused(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** CR, LF, NEL and the Unicode line and paragraph separators: what a reader sees as a break. */
  private static boolean isLineBreak(char c) {
    return c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** The index of the first refused character of {@code value}, or -1 when there is none. */
  public static int firstRefused(String value) {
    requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      if (isRefused(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns {@code value} unchanged when it follows the rule (which includes {@link #MAX_LENGTH}).
   *
   * @param origin where the value comes from, for the message: "subscriber name (--name)", "CSV
   *     'list.csv' line 4, column name", "digest.title in rundbrief.yaml"
   * @throws InvalidTextException naming the origin, the character (as U+XXXX) and its position
   */
  public static String check(String value, String origin) {
    requireNonNull(origin, "origin");
    Optional<String> problem = problem(value);
    if (problem.isPresent()) {
      throw new InvalidTextException(origin + " " + problem.get());
    }
    return value;
  }

  /**
   * Returns {@code value} unchanged when it follows the rule and has at most {@code maxLength}
   * characters.
   *
   * @throws InvalidTextException naming the origin and what is wrong
   */
  public static String check(String value, String origin, int maxLength) {
    check(value, origin);
    if (value.length() > maxLength) {
      throw new InvalidTextException(
          origin + " is longer than " + maxLength + " characters (" + value.length() + ")");
    }
    return value;
  }

  /**
   * What is wrong with {@code value}, to follow the name of its origin in a message ("contains a
   * line break (U+000A at position 4 of 'Anna?Bcc: x'); ...", "is 5000 characters long; ..."), or
   * empty when it follows the rule.
   */
  public static Optional<String> problem(String value) {
    int at = firstRefused(value);
    if (at < 0) {
      return value.length() > MAX_LENGTH
          ? Optional.of(
              "is "
                  + value.length()
                  + " characters long; names, addresses and titles may have at most "
                  + MAX_LENGTH)
          : Optional.empty();
    }
    char c = value.charAt(at);
    return Optional.of(
        "contains "
            + (isLineBreak(c) ? "a line break" : "a control character")
            + " (U+"
            + String.format("%04X", (int) c)
            + " at position "
            + at
            + " of '"
            + shown(value)
            + "'); line breaks and control characters are not allowed in names, addresses and"
            + " titles");
  }

  /** The most characters of a value that a message quotes. */
  static final int SHOWN_LENGTH = 80;

  /**
   * {@code value} as messages quote input: at most its first 80 characters, each refused character
   * (see the class description) shown as {@code ?}, and a longer value cut off with {@code "..."}
   * and its length, so that a 10 MB value never ends up whole on a terminal or in a log.
   */
  public static String shown(String value) {
    requireNonNull(value, "value");
    int n = Math.min(value.length(), SHOWN_LENGTH);
    StringBuilder b = new StringBuilder(n + 32);
    for (int i = 0; i < n; i++) {
      b.append(isRefused(value.charAt(i)) ? '?' : value.charAt(i));
    }
    if (value.length() > SHOWN_LENGTH) {
      b.append("... (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }
}
