package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.store.DeliveryJournal;
import dev.rundbrief.store.SubscriberStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief send [N]}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Sends an issue (default: the newest) to every active subscriber, over SMTP when mail.smtp.host is set, else as .eml files into outbox/.",
      "An interrupted send resumes where it stopped; an issue that was sent completely is never sent again."
    },
    footer = {
      "",
      "Examples:",
      "  rundbrief send --dry-run",
      "  rundbrief send 3 --test redaktion@example.org",
      "  rundbrief send",
      "  rundbrief send --worker        (on each machine sharing a PostgreSQL store)",
      "  rundbrief send --status --json"
    })
final class SendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      arity = "0..1",
      description = "The issue number (default: the newest).")
  Integer number;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  /** At most one mode: a test copy, a dry run, the status, or a worker's share of the send. */
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode = new Mode();

  static final class Mode {
    @Option(
        names = "--test",
        paramLabel = "ADDRESS",
        description = "Send to this one address only; the journal is not touched.")
    String test;

    @Option(
        names = "--dry-run",
        description =
            "Render and count, send nothing: how many a send (or the resume of an interrupted"
                + " send) would reach, and the recipients the server rejected.")
    boolean dryRun;

    @Option(
        names = "--status",
        description =
            "Show the progress of the issue's send from any machine: sent, pending, failed and"
                + " the workers with their heartbeats.")
    boolean status;

    @Option(
        names = "--worker",
        description =
            "Send together with other workers on this or other machines that share the PostgreSQL"
                + " store: the first starts the send, each claims batches of recipients under a"
                + " lease; exits when nothing is left (see docs/delivery.md).")
    boolean worker;
  }

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "With --worker: recipients per claim (default: 100).")
  Integer batch;

  @Option(
      names = "--lease",
      paramLabel = "SECONDS",
      description =
          "With --worker: how long a claim stays valid without a heartbeat; a dead worker's"
              + " recipients go to the others after this (default: 60).")
  Integer lease;

  @Override
  public Integer call() {
    PhaseTimer timer = PhaseTimer.start("send");
    Context ctx = Context.of(spec);
    if ((batch != null || lease != null) && !mode.worker) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--batch and --lease go with --worker");
    }
    try (Pipeline pipeline = Pipeline.open(ctx)) {
      Digest digest = pipeline.issue(number);
      Workspace ws = pipeline.workspace();
      Config config = pipeline.config();
      timer.phase("configuration and issue read");
      if (mode.status) {
        WorkerSending.print(
            ctx,
            digest,
            WorkerSending.status(config, pipeline.subscribers(), digest),
            json,
            Instant.now());
        return ExitCode.OK;
      }
      if (mode.worker) {
        Sending.Report r = workerSend(ctx, ws, config, pipeline.subscribers(), digest);
        pipeline.printSend(r, digest, json);
        return Sending.exitCode(r);
      }
      if (mode.test != null) {
        return sendTest(pipeline, digest);
      }
      if (mode.dryRun) {
        return dryRun(ctx, ws, config, pipeline.subscribers(), digest);
      }
      Sending.Report r = pipeline.send(digest);
      pipeline.printSend(r, digest, json);
      timer.phase("send and report");
      return Sending.exitCode(r);
    }
  }

  /** {@code send --worker}, after checking its batch and lease. */
  private Sending.Report workerSend(
      Context ctx, Workspace ws, Config config, SubscriberStore subscribers, Digest digest) {
    int n = batch == null ? WorkerSending.DEFAULT_BATCH : batch;
    int seconds = lease == null ? WorkerSending.DEFAULT_LEASE_SECONDS : lease;
    if (n < 1 || n > 10_000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--batch must be 1 to 10000: " + n);
    }
    if (seconds < 3 || seconds > 3600) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--lease must be 3 to 3600 seconds: " + seconds);
    }
    return WorkerSending.send(ctx, ws, config, subscribers, digest, n, Duration.ofSeconds(seconds));
  }

  /**
   * Says what {@code send} would do now: for an interrupted send, what a resume would send; lists
   * the recipients the server rejected.
   */
  private int dryRun(
      Context ctx, Workspace ws, Config config, SubscriberStore subscribers, Digest digest) {
    MessageComposer composer = Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn);
    String id = Sending.issueId(digest);
    DeliveryJournal journal = subscribers.journal();
    Map<DeliveryState, Integer> counts = journal.counts(id);
    int unsent = journal.unsent(id);
    boolean done = Sending.finished(subscribers, digest);
    int sent = counts.get(DeliveryState.SENT);
    int failed = counts.get(DeliveryState.FAILED);
    boolean started = counts.values().stream().anyMatch(n -> n > 0);
    List<DeliveryRecord> rejected =
        journal.records(id, DeliveryState.FAILED).stream().filter(f -> f.replyCode() > 0).toList();
    String via =
        config.mail().smtp().isPresent()
            ? "SMTP " + config.mail().smtp().get().host()
            : "the outbox " + ws.outbox();
    int kb = composer.compose(sample(config)).size() / 1024;
    if (json) {
      var node =
          Json.MAPPER
              .createObjectNode()
              .put("issue", id)
              .put("finished", done)
              .put("already_sent", sent)
              .put("rejected_count", failed)
              .put("would_send", done ? 0 : unsent)
              .put("via", via)
              .put("message_kb", kb);
      var list = node.putArray("rejected");
      for (DeliveryRecord f : rejected) {
        list.addObject()
            .put("address", f.address().value())
            .put("reply_code", f.replyCode())
            .put("reply", f.reply());
      }
      ctx.out().println(node.toPrettyString());
      return ExitCode.OK;
    }
    String state =
        done
            ? "already sent completely ("
                + sent
                + " sent, "
                + failed
                + " rejected); 'send' would refuse."
            : (started
                    ? "interrupted after "
                        + sent
                        + " sent and "
                        + failed
                        + " rejected; a resume would send to "
                    : "would go to ")
                + Words.count(unsent, "active subscriber")
                + " via "
                + via
                + "; about "
                + kb
                + " KB per message.";
    ctx.out().println("Issue " + digest.number() + " '" + digest.title() + "': " + state);
    for (DeliveryRecord f : rejected) {
      ctx.out().println("  rejected: " + f.address().value() + "  " + f.reply());
    }
    return ExitCode.OK;
  }

  private Integer sendTest(Pipeline pipeline, Digest digest) {
    EmailAddress to;
    try {
      to = EmailAddress.parse(mode.test);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--test: " + e.getMessage());
    }
    Sending.Report report = pipeline.sendTest(digest, to);
    pipeline.printTestSend(report, json);
    return report.result().sent() == 1 ? ExitCode.OK : ExitCode.PARTIAL;
  }

  private static Recipient sample(Config config) {
    return new Recipient(EmailAddress.parse(config.mail().fromAddress()), "", "preview");
  }
}
