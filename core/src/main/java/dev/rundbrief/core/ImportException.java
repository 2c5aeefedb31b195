package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

/**
 * An input could not be turned into an article: it is empty, binary, too large, has no detectable
 * article or no title, or a value in it cannot be parsed.
 *
 * <p>The message always starts with the input's name, for example {@code "'ki.html': no article
 * content found"}.
 */
public class ImportException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  private final String input;

  /** Creates an exception for the named input; the message is prefixed with the name. */
  public ImportException(String input, String problem) {
    super(format(input, problem));
    this.input = input;
  }

  /** Creates an exception for the named input, keeping the cause. */
  public ImportException(String input, String problem, Throwable cause) {
    super(format(input, problem), cause);
    this.input = input;
  }

  /** The name of the input that could not be imported (a file name, URL or label). */
  public String input() {
    return input;
  }

  private static String format(String input, String problem) {
    return "'" + requireNonNull(input, "input") + "': " + requireNonNull(problem, "problem");
  }
}
