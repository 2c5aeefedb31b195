package dev.rundbrief.mail;

import dev.rundbrief.core.RundbriefException;

/**
 * Thrown when mail cannot be produced because a setting is missing or invalid; the message names
 * the setting.
 */
public class MailSettingsException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the setting. */
  public MailSettingsException(String message) {
    super(message);
  }

  /** Creates the exception with a message that names the setting, keeping the cause. */
  public MailSettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
