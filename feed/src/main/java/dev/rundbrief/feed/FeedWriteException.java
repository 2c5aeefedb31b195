package dev.rundbrief.feed;

import dev.rundbrief.core.RundbriefException;

/**
 * A feed could not be written: the target file or stream failed, or the input cannot be expressed
 * in the format.
 *
 * <p>The message names the target and the problem; an I/O failure is kept as the cause.
 */
public class FeedWriteException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the target and the problem. */
  public FeedWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
