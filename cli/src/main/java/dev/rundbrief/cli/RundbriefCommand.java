package dev.rundbrief.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code rundbrief} command and its global options. */
@Command(
    name = "rundbrief",
    mixinStandardHelpOptions = true,
    versionProvider = RundbriefCommand.Version.class,
    description = {
      "Turns news articles into a newsletter: feeds (RSS, Atom, JSON Feed) and e-mail digests.",
      ""
    },
    subcommands = {
      InitCommand.class,
      ImportCommand.class,
      DigestCommand.class,
      PreviewCommand.class,
      SendCommand.class,
      SubscribersCommand.class,
      BouncesCommand.class,
      FeedCommand.class,
      RunCommand.class,
      ServeCommand.class,
      StoreCommand.class,
      DemoCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 partial failure, 2 usage, configuration or input error.",
      "Start with: rundbrief demo   (a demo workspace, end to end, no server needed)"
    })
final class RundbriefCommand implements Runnable {
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

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  Workspace workspace() {
    return Workspace.at(workspace);
  }

  /** The version from the build, shown by {@code --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rundbrief " + version()};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = RundbriefCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "dev";
      }
      return p.getProperty("version", "dev");
    }
  }
}
