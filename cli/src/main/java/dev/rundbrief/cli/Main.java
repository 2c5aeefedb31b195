package dev.rundbrief.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rundbrief.core.RundbriefException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the {@code rundbrief} command.
 *
 * <p>Exit codes: {@value #OK} success, {@value #PARTIAL} partial failure (some recipients or inputs
 * failed), {@value #USAGE} a usage, configuration or input error. A user mistake prints one line;
 * {@code --verbose} adds the cause chain, {@code --stacktrace} the stack trace.
 */
public final class Main {
  /** Everything worked. */
  public static final int OK = 0;

  /** Something was done, but not everything (a recipient failed, an input was rejected). */
  public static final int PARTIAL = 1;

  /** The command line, the configuration or an input is wrong; nothing was changed. */
  public static final int USAGE = 2;

  private Main() {}

  /**
   * Whether this JVM runs the command as its main program (not a test or an embedding program), so
   * that a command may decide how the process ends, as {@code serve} does on SIGTERM.
   */
  static volatile boolean ownsProcess;

  /**
   * Runs the command and exits the JVM with its exit code. Output and error streams are UTF-8 in
   * every locale, and arguments that the JVM decoded in a non-UTF-8 locale (cron's {@code LANG=C},
   * a container without any locale) are decoded again as UTF-8 from the process's command line
   * where the platform shows it ({@code /proc/self/cmdline}).
   */
  public static void main(String[] args) {
    ownsProcess = true;
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8));
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8));
    System.exit(run(Arguments.asUtf8(args)));
  }

  /** Runs the command in this JVM and returns the exit code, for tests and embedding. */
  public static int run(String... args) {
    configureLogging(java.util.List.of(args));
    return commandLine(
            new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true))
        .execute(args);
  }

  /** A configured command line writing to the given streams. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    RundbriefCommand root = new RundbriefCommand();
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(e -> e instanceof ParameterException ? USAGE : PARTIAL);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("rundbrief: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> {
          PrintWriter e = c.getErr();
          e.println("rundbrief: " + message(ex));
          if (root.verbose) {
            for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
              e.println("  caused by: " + cause);
            }
          }
          if (root.stacktrace) {
            ex.printStackTrace(e);
          } else if (!isUserError(ex)) {
            e.println("(an unexpected error; run with --stacktrace and report it)");
          }
          return isUserError(ex) && !(ex instanceof PartialFailure) ? USAGE : PARTIAL;
        });
    return cl;
  }

  /**
   * Sets up SLF4J's simple console backend before the first logger exists: messages go to standard
   * error without timestamps; {@code --quiet} shows warnings only, {@code --verbose} debug messages
   * too. An explicit {@code -Dorg.slf4j.simpleLogger.*} setting wins.
   */
  static void configureLogging(java.util.List<String> args) {
    String level =
        args.contains("-q") || args.contains("--quiet")
            ? "warn"
            : args.contains("-v") || args.contains("--verbose") ? "debug" : "info";
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showLogName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Whether an exception is the user's to fix: Rundbrief's own, or a file that cannot be read or
   * written (the library's messages name the file), which is an input or workspace error.
   */
  private static boolean isUserError(Throwable ex) {
    return ex instanceof RundbriefException || ex instanceof UncheckedIOException;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }

  /** A run that did part of its work; the message says what failed. Exit code {@value #PARTIAL}. */
  static final class PartialFailure extends RundbriefException {
    private static final long serialVersionUID = 1L;

    PartialFailure(String message) {
      super(message);
    }
  }
}
