package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.DeliveryEngine;
import dev.rundbrief.mail.DeliveryResult;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.SendMode;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.SubscriberStore;
import java.util.List;
import java.util.concurrent.Callable;
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
      "  rundbrief send"
    })
final class SendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      arity = "0..1",
      description = "The issue number (default: the newest).")
  Integer number;

  @Option(
      names = "--test",
      paramLabel = "ADDRESS",
      description = "Send to this one address only; the journal is not touched.")
  String test;

  @Option(names = "--dry-run", description = "Render and count, send nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Context ctx = Context.of(spec);
    Workspace ws = ctx.workspace();
    Config config = ws.config();
    Digest digest;
    try (Stores store = Stores.open(ws, config)) {
      digest = pick(store, number);
    }
    try (SubscriberStore subscribers = ctx.subscribers()) {
      if (test != null) {
        return sendTest(ctx, ws, config, digest);
      }
      if (dryRun) {
        MessageComposer composer = Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn);
        int active = subscribers.countByState().getOrDefault(SubscriberState.ACTIVE, 0);
        boolean done = Sending.finished(subscribers, digest);
        ctx.out()
            .println(
                "Issue "
                    + digest.number()
                    + " '"
                    + digest.title()
                    + "': "
                    + (done
                        ? "already sent completely; 'send' would refuse."
                        : "would go to "
                            + active
                            + " active subscriber(s) via "
                            + (config.mail().smtp().isPresent()
                                ? "SMTP " + config.mail().smtp().get().host()
                                : "the outbox " + ws.outbox())
                            + "; about "
                            + composer.compose(sample(config)).size() / 1024
                            + " KB per message."));
        return Main.OK;
      }
      DeliveryResult r = Sending.send(ctx, ws, config, subscribers, digest);
      print(ctx, r, json, IssueCounts.of(subscribers, digest.number()));
      return r.failed() > 0 || r.deferred() > 0 ? Main.PARTIAL : Main.OK;
    }
  }

  static Digest pick(Stores store, Integer number) {
    if (number == null) {
      return store
          .latestIssue()
          .orElseThrow(
              () ->
                  new ConfigException("there is no issue yet; run 'rundbrief digest build' first"));
    }
    return store
        .issue(number)
        .orElseThrow(
            () ->
                new ConfigException(
                    "there is no issue " + number + "; see 'rundbrief digest list'"));
  }

  /**
   * Prints this run's counts, and the issue's totals including bounces and complaints (null for a
   * test send, which has none).
   */
  static void print(Context ctx, DeliveryResult r, boolean json, IssueCounts totals) {
    if (json) {
      var n =
          Json.MAPPER
              .createObjectNode()
              .put("issue", r.issueId())
              .put("sent", r.sent())
              .put("deferred", r.deferred())
              .put("failed", r.failed())
              .put("skipped", r.skipped())
              .put("elapsed_ms", r.elapsed().toMillis())
              .put("rate_per_second", Math.round(r.rate() * 10) / 10.0);
      if (totals != null) {
        n.set("totals", totals.json());
      }
      ctx.out().println(n.toPrettyString());
      return;
    }
    ctx.info(
        String.format(
            java.util.Locale.ROOT,
            "Sent %d, deferred %d, failed %d, skipped %d (already done) in %.1f s (%.0f msg/s).",
            r.sent(),
            r.deferred(),
            r.failed(),
            r.skipped(),
            r.elapsed().toMillis() / 1000.0,
            r.rate()));
    if (totals != null) {
      ctx.info("Issue totals. " + totals.line());
    }
    if (r.deferred() > 0) {
      ctx.warn(
          r.deferred()
              + " recipient(s) deferred after temporary errors; run 'rundbrief send' again to retry them");
    }
    if (r.failed() > 0) {
      ctx.warn(
          r.failed()
              + " recipient(s) failed permanently; those the mail server refused count towards"
              + " the bounce limit (see 'rundbrief subscribers list --state bounced')");
    }
  }

  private Integer sendTest(Context ctx, Workspace ws, Config config, Digest digest) {
    EmailAddress to;
    try {
      to = EmailAddress.parse(test);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--test: " + e.getMessage());
    }
    MessageComposer composer = Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn);
    Recipient r = new Recipient(to, "", "test");
    DeliveryEngine engine = Mailing.transport(ws, config).build();
    // A test send has its own issue id and no journal, so it never counts as sending the issue.
    DeliveryResult result =
        engine.send(
            "test-" + digest.number() + "-" + ctx.clock().millis(),
            List.of(r),
            composer::compose,
            SendMode.NEW);
    print(ctx, result, json, null);
    return result.sent() == 1 ? Main.OK : Main.PARTIAL;
  }

  private static Recipient sample(Config config) {
    return new Recipient(EmailAddress.parse(config.mail().fromAddress()), "", "preview");
  }
}
