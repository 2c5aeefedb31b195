package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.DeliveryEngine;
import dev.rundbrief.mail.DeliveryJournal;
import dev.rundbrief.mail.DeliveryProgress;
import dev.rundbrief.mail.DeliveryResult;
import dev.rundbrief.mail.DeliveryState;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.SendMode;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.SubscriberStore;
import dev.rundbrief.mail.bounce.VerpAddresses;
import java.time.Clock;
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
   * Sends the issue. A send the journal knows but did not finish is resumed; only recipients not
   * yet accepted get the issue.
   *
   * @throws ConfigException if the issue was already sent completely
   */
  static DeliveryResult send(
      Context ctx, Workspace ws, Config config, SubscriberStore subscribers, Digest digest) {
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
    ProgressBar bar = new ProgressBar(ctx);
    DeliveryEngine engine =
        Mailing.transport(ws, config).journal(journal).listener(bar::update).build();
    NotMailable notMailable = new NotMailable(ctx, composer);
    DeliveryResult result =
        engine.send(
            id,
            subscribers.activeRecipients(),
            notMailable::compose,
            resume ? SendMode.RESUME : SendMode.NEW);
    bar.finish();
    notMailable.summarize();
    return result;
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
            reported.size()
                + " reader(s) could not be mailed for the reasons above; they are not counted as"
                + " bounced; correct or remove their data before the next issue.");
      }
    }
  }

  /**
   * With {@code mail.bounce.address} set, every message gets its own signed envelope sender that
   * names the subscriber and the issue (VERP); the ids of the active list are read once.
   */
  private static MessageComposer withVerp(
      MessageComposer composer,
      Workspace ws,
      Config config,
      SubscriberStore subscribers,
      Digest digest) {
    Optional<VerpAddresses> verp = BounceProcessing.verp(ws, config);
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
