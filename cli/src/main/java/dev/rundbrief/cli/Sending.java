package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.bounce.VerpAddresses;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryProgress;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.store.DeliveryJournal;
import dev.rundbrief.store.SubscriberStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one issue to every active subscriber, resuming an interrupted send and refusing one that
 * already finished: shared by {@code send}, {@code run} and {@code demo}.
 */
final class Sending {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sending.class);

  private Sending() {}

  static String issueId(Digest d) {
    return issueId(Integer.toString(d.number()));
  }

  /** The journal's name of an issue: {@code issue-N}; {@code issueId("")} is the prefix. */
  static String issueId(String number) {
    return "issue-" + number;
  }

  /** Whether the journal shows the issue as completely sent. */
  static boolean finished(SubscriberStore subscribers, Digest d) {
    return subscribers.journal().finishedAt(issueId(d)).isPresent();
  }

  /**
   * What a send did: the counts of this run, every recipient of the issue that the server rejected
   * (with the reply; also those of earlier runs), and why the send stopped, if it did.
   */
  record Report(DeliveryResult result, List<DeliveryRecord> rejected, Optional<String> stopped) {
    /** Whether anything was sent, rejected or deferred in this run. */
    boolean didSomething() {
      return result.sent() + result.failed() + result.deferred() > 0;
    }

    /** Whether not everyone was reached: some were rejected or deferred, or the send stopped. */
    boolean partial() {
      return result.failed() > 0 || result.deferred() > 0 || stopped.isPresent();
    }
  }

  /**
   * Sends the issue. A send the journal knows but did not finish is resumed; only recipients not
   * yet accepted get the issue. A send that stops part-way (the server gone, the journal not
   * writable) returns a report saying why instead of throwing.
   *
   * @throws ConfigException if the issue was already sent completely
   * @throws DeliveryException if the send could not start
   */
  static Report send(
      Context ctx, Workspace ws, Config config, SubscriberStore subscribers, Digest digest) {
    PhaseTimer timer = PhaseTimer.start("send");
    Clock clock = ctx.clock();
    DeliveryJournal journal = subscribers.journal();
    String id = issueId(digest);
    Optional<java.time.Instant> finished = journal.finishedAt(id);
    if (finished.isPresent()) {
      throw new ConfigException(
          "issue "
              + digest.number()
              + " was already sent (finished "
              + finished.get()
              + "); it is not sent twice");
    }
    ActiveWorkers.refuse(config, digest.number(), id);
    Map<DeliveryState, Integer> known = journal.counts(id);
    boolean resume = known.values().stream().anyMatch(n -> n > 0);
    if (resume) {
      ctx.info(
          "Resuming issue "
              + digest.number()
              + ": "
              + known.getOrDefault(DeliveryState.SENT, 0)
              + " already sent.");
    }
    LOG.debug(
        "sending issue {} via {}",
        digest.number(),
        config
            .mail()
            .smtp()
            .map(s -> "SMTP " + s.host() + ":" + s.port())
            .orElse("the outbox " + ws.outbox()));
    MessageComposer composer =
        withVerp(
            Mailing.composer(ws, config, digest, clock, ctx::warn),
            ws,
            config,
            subscribers,
            digest);
    timer.phase("issue rendered");
    ProgressBar bar = new ProgressBar(ctx);
    DeliveryEngine engine =
        Mailing.transport(ws, config)
            .journal(journal)
            .bounceThreshold(Mailing.BOUNCE_THRESHOLD)
            .listener(bar::update)
            .build();
    NotMailable notMailable = new NotMailable(ctx, composer);
    timer.phase("transport ready");
    DeliveryResult result;
    Optional<String> stopped = Optional.empty();
    try {
      result =
          engine.send(
              id,
              subscribers.activeRecipients(),
              notMailable::compose,
              resume ? SendMode.RESUME : SendMode.NEW);
    } catch (DeliveryException e) {
      if (e.result().isEmpty()) {
        throw e;
      }
      result = e.result().get();
      stopped = Optional.of(e.getMessage());
    } finally {
      bar.finish();
      notMailable.summarize();
      timer.phase("sending");
    }
    // Server rejections only: a reader whose message could not be composed is failed with no
    // reply code, and NotMailable has reported it already.
    List<DeliveryRecord> rejected;
    try {
      rejected =
          journal.records(id, DeliveryState.FAILED).stream()
              .filter(f -> f.replyCode() > 0)
              .toList();
    } catch (DeliveryException e) {
      if (stopped.isEmpty()) {
        throw e;
      }
      // The send stopped because the database stopped answering: the counts so far still count.
      rejected = List.of();
    }
    return new Report(result, rejected, stopped);
  }

  /**
   * Sends the issue to one address only, for a look in a real mail client: with its own issue id
   * and no journal, so it never counts as sending the issue.
   */
  static Report sendTest(Context ctx, Workspace ws, Config config, Digest digest, EmailAddress to) {
    MessageComposer composer = Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn);
    // A token of its own per test send: the Message-ID derives from it, and receiving systems drop
    // a second message with the same Message-ID as a duplicate.
    Recipient r = new Recipient(to, "", "test-" + ctx.clock().millis());
    DeliveryEngine engine = Mailing.transport(ws, config).build();
    DeliveryResult result =
        engine.send(
            "test-" + digest.number() + "-" + ctx.clock().millis(),
            List.of(r),
            composer::compose,
            SendMode.NEW);
    return new Report(result, List.of(), Optional.empty());
  }

  /**
   * The exit code of a send: {@link ExitCode#OK} when everyone was reached; else a {@link
   * PartialFailure} (exit 1) when the send stopped after doing something, and a {@link
   * DeliveryException} (exit 2) when it stopped before anything was sent or rejected.
   */
  static int exitCode(Report r) {
    if (r.stopped().isPresent()) {
      if (r.didSomething()) {
        throw new PartialFailure(r.stopped().get());
      }
      throw new DeliveryException(r.stopped().get());
    }
    return r.partial() ? ExitCode.PARTIAL : ExitCode.OK;
  }

  /**
   * Composes each message and reports, once per reader and with the reason, a reader whose message
   * cannot be composed (such as a stored name with a line break). The engine records such a reader
   * as failed but not as bounced: nothing is wrong with the address.
   */
  static final class NotMailable {
    private final Context ctx;
    private final MessageComposer composer;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    NotMailable(Context ctx, MessageComposer composer) {
      this.ctx = ctx;
      this.composer = composer;
    }

    ComposedMessage compose(Recipient r) {
      try {
        return composer.compose(r);
      } catch (RundbriefException e) {
        if (reported.add(r.address().key())) {
          ctx.warn(r.address() + " cannot be mailed (not a bounce): " + e.getMessage());
        }
        throw e;
      }
    }

    void summarize() {
      if (!reported.isEmpty()) {
        ctx.warn(
            Words.count(reported.size(), "reader")
                + " could not be mailed for the reasons above; they are not counted as"
                + " bounced; correct or remove their data before the next issue.");
      }
    }
  }

  /**
   * With {@code mail.bounce.address} set, every message gets its own signed envelope sender that
   * names the subscriber and the issue (VERP); the ids of the active list are read once.
   */
  static MessageComposer withVerp(
      MessageComposer composer,
      Workspace ws,
      Config config,
      SubscriberStore subscribers,
      Digest digest) {
    Optional<VerpAddresses> verp = Mailing.verp(ws, config);
    if (verp.isEmpty()) {
      return composer;
    }
    Map<String, Long> ids = new ConcurrentHashMap<>();
    for (Subscriber s : subscribers.list(SubscriberState.ACTIVE)) {
      ids.put(s.address().key(), s.id());
    }
    VerpAddresses addresses = verp.get();
    return composer.withEnvelopeSenders(
        r -> {
          Long id = ids.get(r.address().key());
          if (id == null) {
            id = subscribers.find(r.address()).map(Subscriber::id).orElse(null);
          }
          return id == null ? null : addresses.address(id, digest.number());
        });
  }

  /** Draws a one-line progress bar on the error stream of a terminal; silent otherwise. */
  static final class ProgressBar {
    private final Context ctx;
    private final boolean draw;
    private boolean drawn;

    ProgressBar(Context ctx) {
      this.ctx = ctx;
      this.draw = !ctx.quiet() && System.console() != null;
    }

    void update(DeliveryProgress p) {
      if (!draw || p.queued() <= 0) {
        return;
      }
      int width = 30;
      int filled = (int) Math.min(width, (long) width * p.done() / p.queued());
      String eta = p.eta().map(d -> " ETA " + d.toSeconds() + " s").orElse("");
      ctx.err()
          .printf(
              "\r[%s%s] %d/%d  %.0f msg/s%s   ",
              "#".repeat(filled), " ".repeat(width - filled), p.done(), p.queued(), p.rate(), eta);
      ctx.err().flush();
      drawn = true;
    }

    void finish() {
      if (drawn) {
        ctx.err().println();
      }
    }
  }
}
