package dev.rundbrief.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command accepts ({@code --workspace}, {@code --verbose}, {@code --quiet},
 * {@code --stacktrace}): a mixin of the root command whose options are inherited by every
 * subcommand, so that one instance holds the values wherever on the command line they were given.
 */
final class GlobalOptions {
  @Option(
      names = {"-w", "--workspace"},
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:RUNDBRIEF_WORKSPACE:-.}",
      description = "The workspace folder (default: $RUNDBRIEF_WORKSPACE or the current folder).")
  Path workspace;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show details and the causes of errors.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Show only warnings and errors.")
  boolean quiet;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error (for bug reports).")
  boolean stacktrace;

  /** The global options of the command line that {@code spec} belongs to. */
  static GlobalOptions of(CommandSpec spec) {
    for (CommandSpec mixin : spec.root().mixins().values()) {
      if (mixin.userObject() instanceof GlobalOptions options) {
        return options;
      }
    }
    throw new IllegalStateException(
        "the root command " + spec.root().name() + " has no GlobalOptions mixin");
  }
}
