package dev.rundbrief.mail;

import dev.rundbrief.core.RundbriefException;

/**
 * Thrown when a mail template cannot be loaded: it is missing, does not parse, or uses a variable
 * or partial that does not exist. The message names the template file and, where known, the line.
 */
public class TemplateException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the template. */
  public TemplateException(String message) {
    super(message);
  }

  /** Creates the exception with a message that names the template, keeping the cause. */
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
