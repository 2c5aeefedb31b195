package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;

/**
 * A feed or OPML document could not be read: it is empty, not well-formed XML even after the
 * tolerated repairs, not RSS or Atom, or it declares entities (a DOCTYPE with an internal subset).
 *
 * <p>The message always names the source and, when known, the line and column, for example {@code
 * "feed 'ki.xml' line 14 column 3: The element type \"item\" must be terminated by the matching
 * end-tag \"</item>\""}.
 */
public class FeedFormatException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;

  /**
   * Creates an exception for the named source.
   *
   * @param source a file name, URL or label
   * @param line the 1-based line of the problem, or 0 when unknown
   * @param column the 1-based column of the problem, or 0 when unknown
   * @param problem what is wrong
   */
  public FeedFormatException(String source, int line, int column, String problem) {
    this(source, line, column, problem, null);
  }

  /** Creates an exception for the named source, keeping the cause. */
  public FeedFormatException(String source, int line, int column, String problem, Throwable cause) {
    super(format(source, line, column, problem), cause);
    this.source = source;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
  }

  /** The file name, URL or label of the document that could not be read. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }

  static String location(String source, int line, int column) {
    StringBuilder out = new StringBuilder("feed '").append(requireNonNull(source, "source"));
    out.append('\'');
    if (line > 0) {
      out.append(" line ").append(line);
      if (column > 0) {
        out.append(" column ").append(column);
      }
    }
    return out.toString();
  }

  private static String format(String source, int line, int column, String problem) {
    return location(source, line, column) + ": " + requireNonNull(problem, "problem");
  }
}
