package dev.rundbrief.cli;

import dev.rundbrief.mail.bounce.BounceFiles;
import dev.rundbrief.store.SubscriberStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief bounces fetch|import}. */
@Command(
    name = "bounces",
    mixinStandardHelpOptions = true,
    description = {
      "Reads bounces and spam complaints and acts on them.",
      "A hard bounce marks the subscriber bounced, soft bounces on several issues do too, a complaint unsubscribes at once; auto-replies are never bounces. Each message is processed once."
    },
    subcommands = {BouncesCommand.Fetch.class, BouncesCommand.Import.class})
final class BouncesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Reads the bounce mailbox and processes every new message.",
        "The mailbox is mail.bounce.mailbox (IMAP(S) or POP3(S)); processed messages are moved or deleted as configured."
      },
      footer = {"", "Example:", "  RUNDBRIEF_BOUNCE_PASSWORD=... rundbrief bounces fetch"})
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dry-run", description = "Classify and report only: change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "One JSON line per message (see docs/delivery.md).")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      Config config = ctx.workspace().config();
      Config.BounceMailbox mb =
          config.bounces().mailbox().orElseThrow(BounceProcessing::notConfigured);
      try (SubscriberStore store = ctx.subscribers()) {
        BounceProcessing p = new BounceProcessing(ctx, config, store, dryRun, json);
        p.fetch(mb);
        return p.finish();
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Processes bounces from files: .eml files, maildir folders and mbox files.",
        "A folder is read as a maildir when it has new/ or cur/, else every .eml and mbox file in it."
      },
      footer = {
        "",
        "Examples:",
        "  rundbrief bounces import --dry-run --json /var/mail/bounces",
        "  rundbrief bounces import ~/Maildir/.Bounces/ returned.eml"
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*")
    List<Path> paths;

    @Option(names = "--dry-run", description = "Classify and report only: change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "One JSON line per message (see docs/delivery.md).")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      Config config = ctx.workspace().config();
      try (SubscriberStore store = ctx.subscribers()) {
        BounceProcessing p = new BounceProcessing(ctx, config, store, dryRun, json);
        for (Path path : paths) {
          BounceFiles.read(path, p::handle, p::problem);
        }
        return p.finish();
      }
    }
  }
}
