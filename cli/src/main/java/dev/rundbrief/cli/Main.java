package dev.rundbrief.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code rundbrief} command.
 *
 * <p>Exit codes are those of {@link ExitCode}; {@link Errors} decides which one a failure gets and
 * what the user sees.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code. Output and error streams are UTF-8 in
   * every locale, and arguments that the JVM decoded in a non-UTF-8 locale (cron's {@code LANG=C},
   * a container without any locale) are decoded again as UTF-8 from the process's command line
   * where the platform shows it ({@code /proc/self/cmdline}).
   */
  public static void main(String[] args) {
    ProcessOwner.claim();
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8));
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8));
    System.exit(run(Arguments.asUtf8(args)));
  }

  /** Runs the command in this JVM and returns the exit code, for tests and embedding. */
  public static int run(String... args) {
    configureLogging(java.util.List.of(args));
    configureMail();
    return commandLine(
            new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true))
        .execute(args);
  }

  /** A configured command line writing to the given streams. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RundbriefCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // `-w run` names a folder called run, not the command.
    cl.setAllowSubcommandsAsOptionParameters(true);
    Errors.install(cl);
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

  /**
   * Names Jakarta Mail's stream provider (Angus Mail's, the only one on the class path) so that the
   * API finds it by name: without the name it searches the class path with a {@code ServiceLoader}
   * on every header it parses or RFC 2047 word it encodes (Jakarta Mail API issue 861), a quarter
   * of a send's CPU time. An explicit {@code -Djakarta.mail.util.StreamProvider} wins.
   */
  static void configureMail() {
    setDefault(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
