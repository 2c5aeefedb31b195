package dev.rundbrief.store;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.RecipientClaims;
import dev.rundbrief.mail.delivery.Throttle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One worker's part in a shared send ({@link SendWorkers#join}): its claims of recipients, its
 * leases and their heartbeat, and its entry in the worker table.
 *
 * <p>A claim takes up to {@code batch} queued recipients that nobody holds (no owner, or an owner
 * that ended or whose lease expired) with {@code SELECT ... FOR UPDATE SKIP LOCKED}, and makes this
 * worker their owner. The worker holds them while its heartbeat, written every third of the lease
 * into its {@code send_worker} row on the database's clock, is younger than the lease: a heartbeat
 * writes that one row and never the recipients' rows, so it cannot conflict with the journal's
 * writes. If the heartbeat fails for longer than the lease allows, {@link #checkLease()} stops this
 * worker's sending: another may have taken its recipients over by then. Recipients deferred before
 * this worker started (by another worker or a send) are claimed again, once per worker, so starting
 * a worker retries them, as a resumed {@code send} does; a worker never claims again a recipient it
 * deferred itself.
 */
public final class WorkerLease implements AutoCloseable {
  private final Database database;
  private final String issueId;
  private final String workerId;
  private final long startedAt;
  private final Duration lease;
  private final int batch;
  private final Connection claims;
  private final Connection beats;
  private final Thread heartbeat;
  private volatile long validUntilNanos;
  private volatile int sent;
  private volatile boolean closed;
  private volatile SQLException lastBeatFailure;
  private String lastWait = "";

  WorkerLease(
      Database database, String issueId, String workerId, long startedAt, Duration lease, int batch)
      throws SQLException {
    this.database = database;
    this.issueId = issueId;
    this.workerId = workerId;
    this.startedAt = startedAt;
    this.lease = lease;
    this.batch = batch;
    this.validUntilNanos = System.nanoTime() + lease.toNanos();
    this.claims = database.connect();
    try {
      this.beats = database.connect();
    } catch (SQLException e) {
      claims.close();
      throw e;
    }
    heartbeat = new Thread(this::beat, "rundbrief-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** This worker's id: {@code host:pid:start}. */
  public String id() {
    return workerId;
  }

  /** The lease length. */
  public Duration lease() {
    return lease;
  }

  /** Tells the worker table how many messages this worker has sent (written at the heartbeat). */
  public void sent(int messages) {
    this.sent = messages;
  }

  /**
   * This worker's claims for {@code DeliveryEngine.send(issue, claims, ...)}.
   *
   * @param waiting told, once per change, what this worker waits for when others hold every open
   *     recipient
   */
  public RecipientClaims claims(Consumer<String> waiting) {
    return () -> {
      checkLease();
      List<Recipient> claimed = claim();
      if (!claimed.isEmpty()) {
        return Optional.of(claimed);
      }
      Optional<String> heldElsewhere = heldElsewhere();
      if (heldElsewhere.isEmpty()) {
        return Optional.empty();
      }
      if (!heldElsewhere.get().equals(lastWait)) {
        lastWait = heldElsewhere.get();
        waiting.accept(lastWait);
      }
      return Optional.of(List.of());
    };
  }

  /**
   * A throttle that checks this worker's lease before each message, then paces with the shared rate
   * limit if there is one.
   *
   * @param shared the shared rate limit, or null for none
   */
  public Throttle throttle(SharedRateLimit shared) {
    return () -> {
      checkLease();
      if (shared != null) {
        shared.acquire();
      }
    };
  }

  /**
   * Throws if this worker may no longer send: its heartbeat has not renewed its leases for about
   * the whole lease, so another worker may have taken its recipients over.
   *
   * @throws DeliveryException if the lease is lost
   */
  public void checkLease() {
    long margin = lease.toNanos() / 10;
    if (System.nanoTime() > validUntilNanos - margin) {
      SQLException why = lastBeatFailure;
      throw new DeliveryException(
          "worker "
              + workerId
              + " could not renew its lease in "
              + lease.toSeconds()
              + " s and stops sending (others take its recipients over)"
              + (why == null ? "" : ": " + why.getMessage()));
    }
  }

  private synchronized List<Recipient> claim() {
    List<Recipient> result = new ArrayList<>();
    try (PreparedStatement ps =
        claims.prepareStatement(
            "WITH picked AS (SELECT d.issue_id, d.address_key FROM delivery d"
                + " WHERE d.issue_id = ? AND (d.state = 'queued' OR (d.state = 'deferred'"
                + " AND d.updated_at < ? AND (d.lease_owner IS NULL OR d.lease_owner <> ?)))"
                + " AND (d.lease_owner IS NULL OR NOT "
                + SendWorkers.LIVE_OWNER
                + ") AND EXISTS (SELECT 1 FROM subscriber s WHERE s.address_key = d.address_key"
                + " AND s.state = 'active') ORDER BY d.address_key LIMIT ?"
                + " FOR UPDATE OF d SKIP LOCKED)"
                + " UPDATE delivery u SET lease_owner = ?, state = 'queued' FROM picked, subscriber s"
                + " WHERE u.issue_id = picked.issue_id AND u.address_key = picked.address_key"
                + " AND s.address_key = u.address_key RETURNING s.address, s.name, s.token")) {
      ps.setString(1, issueId);
      ps.setLong(2, startedAt);
      ps.setString(3, workerId);
      ps.setLong(4, SendWorkers.dbNow(claims));
      ps.setInt(5, batch);
      ps.setString(6, workerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new Recipient(new EmailAddress(rs.getString(1)), rs.getString(2), rs.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw SendWorkers.failure(database, "claim recipients of issue '" + issueId + "'", e);
    }
    return result;
  }

  /** What others hold: empty when no live lease of another worker remains. */
  private synchronized Optional<String> heldElsewhere() {
    try (PreparedStatement ps =
        claims.prepareStatement(
            "SELECT COUNT(*), MIN(d.lease_owner), MAX(w.heartbeat_at + w.lease_ms) FROM delivery d"
                + " JOIN send_worker w ON w.worker_id = d.lease_owner WHERE d.issue_id = ?"
                + " AND d.state = 'queued' AND d.lease_owner <> ? AND w.ended_at IS NULL"
                + " AND w.heartbeat_at + w.lease_ms >= ?")) {
      long now = SendWorkers.dbNow(claims);
      ps.setString(1, issueId);
      ps.setString(2, workerId);
      ps.setLong(3, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int n = rs.getInt(1);
        if (n == 0) {
          return Optional.empty();
        }
        return Optional.of(
            "waiting for "
                + n
                + " recipient(s) held by other workers (e.g. "
                + rs.getString(2)
                + "); their leases end within "
                + Math.max(1, TimeUnit.MILLISECONDS.toSeconds(rs.getLong(3) - now) + 1)
                + " s unless renewed");
      }
    } catch (SQLException e) {
      throw SendWorkers.failure(database, "read the leases of issue '" + issueId + "'", e);
    }
  }

  private void beat() {
    long interval = Math.max(1, lease.toMillis() / 3);
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      long before = System.nanoTime();
      try {
        renew();
        validUntilNanos = before + lease.toNanos();
        lastBeatFailure = null;
      } catch (SQLException e) {
        lastBeatFailure = e;
      }
    }
  }

  private void renew() throws SQLException {
    try (PreparedStatement ps =
        beats.prepareStatement(
            "UPDATE send_worker SET heartbeat_at = "
                + SendWorkers.NOW_MS
                + ", sent = ? WHERE worker_id = ?")) {
      ps.setInt(1, sent);
      ps.setString(2, workerId);
      ps.executeUpdate();
    }
  }

  /**
   * Stops the heartbeat and gives nothing back, as a process killed with SIGKILL does; for tests of
   * the take-over in one JVM.
   */
  void abandon() throws InterruptedException {
    closed = true;
    heartbeat.interrupt();
    heartbeat.join();
  }

  /**
   * Ends this worker: stops the heartbeat, gives back the leases of recipients it holds but did not
   * send (so that others need not wait for them to expire) and records its end.
   */
  @Override
  public void close() {
    closed = true;
    heartbeat.interrupt();
    try {
      heartbeat.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (PreparedStatement end =
        beats.prepareStatement(
            "UPDATE send_worker SET ended_at = "
                + SendWorkers.NOW_MS
                + ", heartbeat_at = "
                + SendWorkers.NOW_MS
                + ", sent = ? WHERE worker_id = ?")) {
      end.setInt(1, sent);
      end.setString(2, workerId);
      end.executeUpdate();
    } catch (SQLException e) {
      // The leases expire by themselves; the worker shows as inactive once its heartbeat is old.
    } finally {
      closeQuietly(claims);
      closeQuietly(beats);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing is pending on it.
    }
  }
}
