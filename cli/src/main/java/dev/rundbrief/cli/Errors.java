package dev.rundbrief.cli;

import dev.rundbrief.core.RundbriefException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The one place that decides how a failed command ends: which exit code, and what the user sees.
 *
 * <p>A {@link RundbriefException} is the user's to fix (its message names the input, the setting or
 * the file and says what was wrong): one line, exit {@value ExitCode#USAGE}, or {@value
 * ExitCode#PARTIAL} for a {@link PartialFailure}. Anything else is a defect or an environment
 * failure nobody foresaw: one line, a request to report it, exit {@value ExitCode#PARTIAL}. {@code
 * --verbose} adds the cause chain, {@code --stacktrace} the stack trace.
 */
final class Errors {
  private Errors() {}

  /** Installs the handlers on a command line whose root has the {@link GlobalOptions}. */
  static void install(CommandLine cl) {
    cl.setExitCodeExceptionMapper(
        e -> e instanceof ParameterException ? ExitCode.USAGE : ExitCode.PARTIAL);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("rundbrief: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> report(ex, c.getErr(), GlobalOptions.of(c.getCommandSpec())));
  }

  /** Prints a failure and returns its exit code. */
  static int report(Exception ex, PrintWriter e, GlobalOptions options) {
    e.println("rundbrief: " + message(ex));
    if (options.verbose) {
      for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
        e.println("  caused by: " + cause);
      }
    }
    if (options.stacktrace) {
      ex.printStackTrace(e);
    } else if (!isUserError(ex)) {
      e.println("(an unexpected error; run with --stacktrace and report it)");
    }
    return exitCode(ex);
  }

  /** The exit code of a failure. */
  static int exitCode(Throwable ex) {
    return isUserError(ex) && !(ex instanceof PartialFailure) ? ExitCode.USAGE : ExitCode.PARTIAL;
  }

  /**
   * Whether an exception is the user's to fix: Rundbrief's own. An input or workspace file that
   * cannot be read or written is one of them ({@link dev.rundbrief.core.FileAccessException},
   * naming the file); any other I/O failure is unexpected.
   */
  static boolean isUserError(Throwable ex) {
    return ex instanceof RundbriefException;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }
}
