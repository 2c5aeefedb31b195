package dev.rundbrief.cli;

import dev.rundbrief.core.RundbriefException;

/**
 * A run that did part of its work; the message says what failed. Exit code {@value
 * ExitCode#PARTIAL}.
 */
final class PartialFailure extends RundbriefException {
  private static final long serialVersionUID = 1L;

  PartialFailure(String message) {
    super(message);
  }
}
