package dev.rundbrief.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code rundbrief} command: its subcommands, and the {@link GlobalOptions} they inherit. */
@Command(
    name = "rundbrief",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
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
      DemoCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 partial failure, 2 usage, configuration or input error.",
      "Start with: rundbrief demo   (a demo workspace, end to end, no server needed)"
    })
final class RundbriefCommand implements Runnable {
  @Mixin GlobalOptions options = new GlobalOptions();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
