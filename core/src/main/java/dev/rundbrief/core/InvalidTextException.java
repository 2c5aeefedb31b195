package dev.rundbrief.core;

/**
 * Thrown when a name, address or title breaks the {@link SingleLine} rule or is too long. The
 * message names where the value came from and what is wrong with it.
 */
public class InvalidTextException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the value's origin. */
  public InvalidTextException(String message) {
    super(message);
  }
}
