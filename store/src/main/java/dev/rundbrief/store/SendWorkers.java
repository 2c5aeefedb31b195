package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.delivery.DeliveryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends of one issue shared by several processes, on one machine or many, through a PostgreSQL
 * store: no coordinator but the database.
 *
 * <p>{@link #join} starts the shared send, or joins it: the first worker queues the whole active
 * list in the journal in one transaction, holding the issue's row lock, so that workers starting at
 * the same moment wait for it and a worker killed in the middle leaves nothing behind (the next one
 * starts afresh). Each worker then claims batches of queued recipients ({@link WorkerLease#claims})
 * with {@code SELECT ... FOR UPDATE SKIP LOCKED} and a lease that a heartbeat renews; a worker that
 * dies stops renewing, its lease expires, and another worker claims its recipients. {@link #status}
 * shows the progress from any machine.
 *
 * <p>PostgreSQL only: leases are kept on the database's clock ({@code clock_timestamp()}), so the
 * machines' clocks need not agree, and SQLite has neither {@code SKIP LOCKED} nor other machines.
 */
public final class SendWorkers implements AutoCloseable {
  /** The database's clock in epoch milliseconds. */
  static final String NOW_MS = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

  /**
   * Whether the worker named by {@code d.lease_owner} holds its recipients: it has not ended and
   * its heartbeat is younger than its lease. Takes the database's time in milliseconds as a
   * parameter.
   */
  static final String LIVE_OWNER =
      "EXISTS (SELECT 1 FROM send_worker w WHERE w.worker_id = d.lease_owner"
          + " AND w.ended_at IS NULL AND w.heartbeat_at + w.lease_ms >= ?)";

  private final Database database;
  private final Connection connection;

  private SendWorkers(Database database) throws SQLException {
    this.database = database;
    this.connection = database.connect();
  }

  /**
   * Opens the shared sends of a PostgreSQL store (migrating its schema if needed).
   *
   * @throws RundbriefException if the store is a SQLite file, or cannot be opened
   */
  public static SendWorkers open(StoreLocation location) {
    requireNonNull(location, "location");
    if (location.isSqlite()) {
      throw new RundbriefException(
          "sending with several workers needs a PostgreSQL store (store.jdbc_url); the SQLite"
              + " store '"
              + location.description()
              + "' sends from one process: use 'rundbrief send'");
    }
    try {
      return new SendWorkers(Database.open(location));
    } catch (SQLException e) {
      throw new RundbriefException(
          "database '" + location.description() + "' cannot be opened: " + e.getMessage(), e);
    }
  }

  /**
   * Starts the issue's shared send if nobody has, else joins it, and registers this worker.
   *
   * <p>Starting is one transaction that takes the issue's row lock and queues every active
   * subscriber the journal does not know yet for the issue: concurrent workers wait for the lock,
   * then join. Subscribers who become active later are not added to a started send.
   *
   * @param issueId the journal's name of the issue
   * @param host this machine's name, for the worker's id and the status
   * @param pid this process's id
   * @param lease how long a claim is valid without a heartbeat (at least 3 s); the heartbeat renews
   *     it every third of that
   * @param batch how many recipients one claim takes (1 to 10,000)
   * @throws DeliveryException if the issue was fully sent by a single {@code send}, or the database
   *     fails
   */
  public WorkerLease join(String issueId, String host, long pid, Duration lease, int batch) {
    requireNonNull(issueId, "issueId");
    SingleLine.check(issueId, "issueId", 200);
    SingleLine.check(host, "host", 200);
    if (lease.compareTo(Duration.ofSeconds(3)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("lease must be 3 s to 1 h: " + lease);
    }
    if (batch < 1 || batch > 10_000) {
      throw new IllegalArgumentException("batch must be 1 to 10000: " + batch);
    }
    synchronized (this) {
      try {
        connection.setAutoCommit(false);
        try {
          long now = dbNow(connection);
          String workerId = host + ":" + pid + ":" + Instant.ofEpochMilli(now);
          start(issueId, now);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO send_worker (worker_id, issue_id, host, pid, started_at,"
                      + " heartbeat_at, lease_ms, sent) VALUES (?, ?, ?, ?, ?, ?, ?, 0)")) {
            ps.setString(1, workerId);
            ps.setString(2, issueId);
            ps.setString(3, host);
            ps.setLong(4, pid);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.setLong(7, lease.toMillis());
            ps.executeUpdate();
          }
          connection.commit();
          return new WorkerLease(database, issueId, workerId, now, lease, batch);
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw failure("start the shared send of issue '" + issueId + "'", e);
      }
    }
  }

  /** The queueing of the whole list, in the caller's transaction. */
  private void start(String issueId, long now) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO delivery_issue (issue_id, started_at) VALUES (?, ?)"
                + " ON CONFLICT (issue_id) DO NOTHING")) {
      ps.setString(1, issueId);
      ps.setLong(2, now);
      ps.executeUpdate();
    }
    boolean isPopulated;
    long finished;
    boolean isFinished;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT populated_at, finished_at FROM delivery_issue WHERE issue_id = ? FOR UPDATE")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        rs.getLong(1);
        isPopulated = !rs.wasNull();
        finished = rs.getLong(2);
        isFinished = !rs.wasNull();
      }
    }
    if (isPopulated) {
      return;
    }
    if (isFinished) {
      throw new DeliveryException(
          "issue '"
              + issueId
              + "' was fully sent at "
              + Instant.ofEpochMilli(finished)
              + " by a single send; it is not sent again");
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO delivery (issue_id, address_key, address, state, attempts, updated_at)"
                + " SELECT ?, address_key, address, 'queued', 0, ? FROM subscriber"
                + " WHERE state = 'active' ON CONFLICT (issue_id, address_key) DO NOTHING")) {
      ps.setString(1, issueId);
      ps.setLong(2, now);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE delivery_issue SET populated_at = ? WHERE issue_id = ?")) {
      ps.setLong(1, now);
      ps.setString(2, issueId);
      ps.executeUpdate();
    }
  }

  /**
   * The progress of the issue's send: counts by state, how many are held under live leases, and
   * every worker with its heartbeat.
   *
   * @throws DeliveryException if the database fails
   */
  public synchronized SendStatus status(String issueId) {
    requireNonNull(issueId, "issueId");
    try {
      long now = dbNow(connection);
      Optional<Instant> started = Optional.empty();
      Optional<Instant> finished = Optional.empty();
      boolean shared = false;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT started_at, finished_at, populated_at FROM delivery_issue WHERE issue_id = ?")) {
        ps.setString(1, issueId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            started = Optional.of(Instant.ofEpochMilli(rs.getLong(1)));
            long f = rs.getLong(2);
            finished = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(f));
            rs.getLong(3);
            shared = !rs.wasNull();
          }
        }
      }
      int queued = 0;
      int held = 0;
      int deferred = 0;
      int sent = 0;
      int failed = 0;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT d.state, COUNT(*), SUM(CASE WHEN d.lease_owner IS NOT NULL AND "
                  + LIVE_OWNER
                  + " THEN 1 ELSE 0 END) FROM delivery d WHERE d.issue_id = ? GROUP BY d.state")) {
        ps.setLong(1, now);
        ps.setString(2, issueId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int n = rs.getInt(2);
            switch (rs.getString(1)) {
              case "queued" -> {
                queued = n;
                held = rs.getInt(3);
              }
              case "deferred" -> deferred = n;
              case "sent" -> sent = n;
              case "failed" -> failed = n;
              default -> {}
            }
          }
        }
      }
      List<SendStatus.Worker> workers = new ArrayList<>();
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT w.worker_id, w.host, w.pid, w.started_at, w.heartbeat_at, w.ended_at,"
                  + " w.sent, w.lease_ms, (SELECT COUNT(*) FROM delivery d WHERE d.issue_id ="
                  + " w.issue_id AND d.lease_owner = w.worker_id AND d.state = 'queued')"
                  + " FROM send_worker w WHERE w.issue_id = ? ORDER BY w.started_at, w.worker_id")) {
        ps.setString(1, issueId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long heartbeat = rs.getLong(5);
            long ended = rs.getLong(6);
            boolean hasEnded = !rs.wasNull();
            boolean active = !hasEnded && heartbeat + rs.getLong(8) >= now;
            workers.add(
                new SendStatus.Worker(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    Instant.ofEpochMilli(rs.getLong(4)),
                    Instant.ofEpochMilli(heartbeat),
                    hasEnded ? Optional.of(Instant.ofEpochMilli(ended)) : Optional.empty(),
                    rs.getInt(7),
                    active ? rs.getInt(9) : 0,
                    active));
          }
        }
      }
      return new SendStatus(
          issueId, started, finished, shared, queued, held, deferred, sent, failed, workers);
    } catch (SQLException e) {
      throw failure("read the send of issue '" + issueId + "'", e);
    }
  }

  /** Closes the connection; leases live on in their workers. */
  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing was pending on it.
    }
  }

  static long dbNow(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + NOW_MS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private DeliveryException failure(String what, SQLException e) {
    return failure(database, what, e);
  }

  static DeliveryException failure(Database database, String what, SQLException e) {
    return new DeliveryException(
        "database '" + database.displayUrl() + "': could not " + what + ": " + e.getMessage(),
        null,
        0,
        e);
  }
}
