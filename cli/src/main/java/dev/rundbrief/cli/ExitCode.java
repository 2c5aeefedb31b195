package dev.rundbrief.cli;

/**
 * The exit codes of the {@code rundbrief} command: {@value #OK} success, {@value #PARTIAL} partial
 * failure, {@value #USAGE} a usage, configuration or input error.
 */
final class ExitCode {
  /** Everything worked. */
  static final int OK = 0;

  /** Something was done, but not everything (a recipient failed, an input was rejected). */
  static final int PARTIAL = 1;

  /** The command line, the configuration or an input is wrong; nothing was changed. */
  static final int USAGE = 2;

  private ExitCode() {}
}
