package dev.rundbrief.core;

/**
 * The root of every exception that Rundbrief throws for a problem with its input, its configuration
 * or its environment.
 *
 * <p>Messages name the input and say what was wrong, so that they can be shown to a user as they
 * are. Programmer errors (a {@code null} argument, a negative limit) are reported with the JDK's
 * {@link IllegalArgumentException} and {@link NullPointerException} instead.
 */
public class RundbriefException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that can be shown to a user as it is. */
  public RundbriefException(String message) {
    super(message);
  }

  /** Creates an exception with a message that can be shown to a user, keeping its cause. */
  public RundbriefException(String message, Throwable cause) {
    super(message, cause);
  }
}
