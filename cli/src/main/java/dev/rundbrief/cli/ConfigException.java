package dev.rundbrief.cli;

import dev.rundbrief.core.RundbriefException;

/** The workspace configuration is missing, malformed, or holds an invalid value. */
final class ConfigException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }

  ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
