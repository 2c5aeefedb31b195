package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.store.DeliveryJournal;
import dev.rundbrief.store.SendStatus;
import dev.rundbrief.store.SendWorkers;
import dev.rundbrief.store.SharedRateLimit;
import dev.rundbrief.store.StoreLocation;
import dev.rundbrief.store.SubscriberStore;
import dev.rundbrief.store.WorkerLease;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code send --worker} and {@code send --status}: one issue sent by several processes, on one
 * machine or many, that share a PostgreSQL store ({@link SendWorkers}), and the progress of such a
 * send from any machine.
 */
final class WorkerSending {
  /** Default recipients per claim. */
  static final int DEFAULT_BATCH = 100;

  /** Default lease of a claim, in seconds. */
  static final int DEFAULT_LEASE_SECONDS = 60;

  private WorkerSending() {}

  /**
   * Joins (or starts) the shared send of the issue and sends until nothing is left to claim and no
   * other worker holds a live lease.
   *
   * @throws ConfigException if the store is a SQLite file
   */
  static Sending.Report send(
      Context ctx,
      Workspace ws,
      Config config,
      SubscriberStore subscribers,
      Digest digest,
      int batch,
      Duration lease) {
    StoreLocation location = location(config);
    String id = Sending.issueId(digest);
    MessageComposer composer =
        Sending.withVerp(
            Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn),
            ws,
            config,
            subscribers,
            digest);
    double perSecond = config.mail().smtp().map(Config.Smtp::ratePerSecond).orElse(0.0);
    long perHour = config.mail().smtp().map(Config.Smtp::ratePerHour).orElse(0);
    DeliveryJournal journal = subscribers.journal();
    Sending.ProgressBar bar = new Sending.ProgressBar(ctx);
    Sending.NotMailable notMailable = new Sending.NotMailable(ctx, composer);
    try (SendWorkers workers = SendWorkers.open(location);
        WorkerLease worker =
            workers.join(id, hostName(), ProcessHandle.current().pid(), lease, batch);
        SharedRateLimit rate = SharedRateLimit.open(location, perSecond, perHour)) {
      ctx.info(
          "Worker "
              + worker.id()
              + " sends issue "
              + digest.number()
              + " with the others (batches of "
              + batch
              + ", lease "
              + lease.toSeconds()
              + " s"
              + (rate == null ? "" : ", rate limits shared by all workers")
              + ").");
      DeliveryEngine engine =
          Mailing.transport(ws, config)
              .journal(journal)
              .bounceThreshold(Mailing.BOUNCE_THRESHOLD)
              .throttle(worker.throttle(rate))
              .listener(
                  p -> {
                    worker.sent(p.sent());
                    bar.update(p);
                  })
              .build();
      DeliveryResult result;
      Optional<String> stopped = Optional.empty();
      try {
        result = engine.send(id, worker.claims(ctx::info), notMailable::compose);
        worker.sent(result.sent());
      } catch (DeliveryException e) {
        if (e.result().isEmpty()) {
          throw e;
        }
        result = e.result().get();
        worker.sent(result.sent());
        stopped = Optional.of(e.getMessage());
      } finally {
        bar.finish();
        notMailable.summarize();
      }
      List<DeliveryRecord> rejected =
          journal.records(id, DeliveryState.FAILED).stream()
              .filter(f -> f.replyCode() > 0)
              .toList();
      return new Sending.Report(result, rejected, stopped);
    }
  }

  /** The store of a PostgreSQL workspace; a SQLite one is refused with one line. */
  private static StoreLocation location(Config config) {
    StoreLocation location = StoreAccess.of(config.store()).location();
    if (location.isSqlite()) {
      throw new ConfigException(
          "send --worker: several workers need a PostgreSQL store (store.jdbc_url in"
              + " rundbrief.yaml); a SQLite workspace sends from one process with 'rundbrief"
              + " send'");
    }
    return location;
  }

  /** This machine's name for the worker id; the environment's HOSTNAME when the lookup fails. */
  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env.strip();
    }
  }

  /**
   * The progress of the issue's send: on PostgreSQL from the database, with the workers; on SQLite
   * the journal's counts (one process sends there, so there are no workers to show).
   */
  static SendStatus status(Config config, SubscriberStore subscribers, Digest digest) {
    String id = Sending.issueId(digest);
    StoreLocation location = StoreAccess.of(config.store()).location();
    if (!location.isSqlite()) {
      try (SendWorkers workers = SendWorkers.open(location)) {
        return workers.status(id);
      }
    }
    DeliveryJournal journal = subscribers.journal();
    Map<DeliveryState, Integer> c = journal.counts(id);
    return new SendStatus(
        id,
        Optional.empty(),
        journal.finishedAt(id),
        false,
        c.get(DeliveryState.QUEUED),
        0,
        c.get(DeliveryState.DEFERRED),
        c.get(DeliveryState.SENT),
        c.get(DeliveryState.FAILED),
        List.of());
  }

  /** Prints the status as text or JSON. */
  static void print(Context ctx, Digest digest, SendStatus s, boolean json, Instant now) {
    if (json) {
      ObjectNode node =
          Json.MAPPER
              .createObjectNode()
              .put("issue", digest.number())
              .put("issue_id", s.issueId())
              .put("started_at", s.startedAt().map(Instant::toString).orElse(null))
              .put("finished_at", s.finishedAt().map(Instant::toString).orElse(null))
              .put("shared", s.shared())
              .put("sent", s.sent())
              .put("pending", s.pending())
              .put("queued", s.queued())
              .put("held", s.held())
              .put("deferred", s.deferred())
              .put("failed", s.failed())
              .put("active_workers", s.active().size());
      var list = node.putArray("workers");
      for (SendStatus.Worker w : s.workers()) {
        list.addObject()
            .put("id", w.id())
            .put("host", w.host())
            .put("pid", w.pid())
            .put("started_at", w.startedAt().toString())
            .put("heartbeat_at", w.heartbeatAt().toString())
            .put("ended_at", w.endedAt().map(Instant::toString).orElse(null))
            .put("active", w.active())
            .put("sent", w.sent())
            .put("held", w.held());
      }
      ctx.out().println(node.toPrettyString());
      return;
    }
    String state =
        s.finishedAt().isPresent()
            ? "finished " + s.finishedAt().get()
            : s.sent() + s.pending() + s.failed() == 0 ? "not started" : "not finished";
    ctx.out()
        .println(
            "Issue "
                + digest.number()
                + " '"
                + digest.title()
                + "': "
                + state
                + (s.shared() ? ", sent by workers" : ""));
    ctx.out()
        .println(
            "  sent "
                + s.sent()
                + ", pending "
                + s.pending()
                + " (queued "
                + s.queued()
                + ", of them held by workers "
                + s.held()
                + "; deferred "
                + s.deferred()
                + "), failed "
                + s.failed());
    if (s.workers().isEmpty()) {
      return;
    }
    ctx.out().println("  workers: " + s.active().size() + " active of " + s.workers().size());
    for (SendStatus.Worker w : s.workers()) {
      long ago = Math.max(0, Duration.between(w.heartbeatAt(), now).toSeconds());
      ctx.out()
          .println(
              "    "
                  + w.id()
                  + "  "
                  + (w.active() ? "active" : w.endedAt().isPresent() ? "ended" : "gone")
                  + "  heartbeat "
                  + ago
                  + " s ago  sent "
                  + w.sent()
                  + "  holding "
                  + w.held());
    }
  }
}
