package dev.rundbrief.mail;

import dev.rundbrief.core.InvalidTextException;

/**
 * Thrown when a value meant for a mail header contains a line break or another control character,
 * which could otherwise add headers of an attacker's choosing (header injection).
 */
public class HeaderValueException extends InvalidTextException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the header value. */
  public HeaderValueException(String message) {
    super(message);
  }
}
