package dev.rundbrief.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command needs: the workspace, the clock, and the output streams, derived from the
 * global options.
 *
 * <p>The clock is the system clock unless the system property {@code rundbrief.now} or the
 * environment variable {@code RUNDBRIEF_NOW} holds an ISO instant, which makes runs reproducible in
 * tests and demos.
 */
final class Context {
  private final GlobalOptions options;
  private final CommandSpec spec;

  private Context(GlobalOptions options, CommandSpec spec) {
    this.options = options;
    this.spec = spec;
  }

  static Context of(CommandSpec spec) {
    return new Context(GlobalOptions.of(spec), spec);
  }

  private Workspace workspace;

  /** The workspace of {@code --workspace}; its configuration is loaded once, on first use. */
  Workspace workspace() {
    if (workspace == null) {
      workspace = Workspace.at(options.workspace);
    }
    return workspace;
  }

  /** Opens the subscriber list and delivery journal of the workspace's store. */
  dev.rundbrief.store.SubscriberStore subscribers() {
    return StoreAccess.of(workspace().config().store()).subscribers(clock());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean quiet() {
    return options.quiet;
  }

  boolean verbose() {
    return options.verbose;
  }

  /** Prints a line of progress or result unless {@code --quiet}. */
  void info(String line) {
    if (!options.quiet) {
      out().println(line);
    }
  }

  /** Prints a warning to the error stream (also under {@code --quiet}). */
  void warn(String line) {
    err().println("warning: " + line);
  }

  Clock clock() {
    String now = System.getProperty("rundbrief.now", System.getenv("RUNDBRIEF_NOW"));
    if (now == null || now.isBlank()) {
      return Clock.systemUTC();
    }
    try {
      return Clock.fixed(Instant.parse(now.strip()), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "RUNDBRIEF_NOW='" + now + "' is not an instant like 2026-11-26T08:00:00Z");
    }
  }
}
