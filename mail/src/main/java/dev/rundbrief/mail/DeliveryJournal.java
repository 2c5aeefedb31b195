package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What was sent to whom: per issue and recipient, the {@link DeliveryState}, the attempts and the
 * last SMTP reply, in the subscriber store's database.
 *
 * <p>The {@link DeliveryEngine} writes it while sending: a recipient is queued before the first
 * attempt, and recorded as sent once the server has accepted the message. Writes go through one
 * writer thread that commits whatever has arrived in one transaction (group commit), so that the
 * disk's sync time is shared by many messages instead of slowing each one. How this bounds
 * duplicates after a crash is described in {@link DeliveryEngine}. Obtain it from {@link
 * SubscriberStore#journal()}; it is safe for use by several threads.
 */
public final class DeliveryJournal {
  private static final int MAX_BATCH = 2000;

  private final Database database;
  private final Connection connection;
  private final Clock clock;

  DeliveryJournal(Database database, Clock clock) throws SQLException {
    this.database = database;
    this.clock = clock;
    this.connection = database.connect();
  }

  /** How many recipients of the issue are in each state (every state is a key). */
  public synchronized Map<DeliveryState, Integer> counts(String issueId) {
    requireNonNull(issueId, "issueId");
    Map<DeliveryState, Integer> counts = new EnumMap<>(DeliveryState.class);
    for (DeliveryState s : DeliveryState.values()) {
      counts.put(s, 0);
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT state, COUNT(*) FROM delivery WHERE issue_id = ? GROUP BY state")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(DeliveryState.parse(rs.getString(1)), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      throw failure("count deliveries of issue '" + issueId + "'", e);
    }
    return counts;
  }

  /** The record of one recipient of one issue. */
  public synchronized Optional<DeliveryRecord> find(String issueId, EmailAddress address) {
    requireNonNull(issueId, "issueId");
    requireNonNull(address, "address");
    List<DeliveryRecord> found = select(issueId, "address_key = ?", address.key());
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** All records of the issue in one state, such as the failed ones with their replies. */
  public synchronized List<DeliveryRecord> records(String issueId, DeliveryState state) {
    requireNonNull(issueId, "issueId");
    requireNonNull(state, "state");
    return select(issueId, "state = ?", state.label());
  }

  /**
   * When the issue was fully sent: every recipient sent or failed, none queued or deferred. Empty
   * while the issue is unknown or unfinished.
   */
  public synchronized Optional<Instant> finishedAt(String issueId) {
    requireNonNull(issueId, "issueId");
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT started_at, finished_at FROM delivery_issue WHERE issue_id = ?")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long finished = rs.getLong(2);
          return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read issue '" + issueId + "'", e);
    }
  }

  private List<DeliveryRecord> select(String issueId, String condition, String value) {
    List<DeliveryRecord> result = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT address, state, attempts, reply_code, reply, updated_at FROM delivery"
                + " WHERE issue_id = ? AND "
                + condition
                + " ORDER BY address_key")) {
      ps.setString(1, issueId);
      ps.setString(2, value);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new DeliveryRecord(
                  issueId,
                  new EmailAddress(rs.getString(1)),
                  DeliveryState.parse(rs.getString(2)),
                  rs.getInt(3),
                  rs.getInt(4),
                  rs.getString(5),
                  Instant.ofEpochMilli(rs.getLong(6))));
        }
      }
    } catch (SQLException e) {
      throw failure("read deliveries of issue '" + issueId + "'", e);
    }
    return result;
  }

  /**
   * Starts (or resumes) a send of the issue.
   *
   * @throws DeliveryException if the mode is {@link SendMode#NEW} and the issue is known
   */
  synchronized Run begin(String issueId, SendMode mode, int bounceThreshold) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT started_at, finished_at FROM delivery_issue WHERE issue_id = ?")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (mode == SendMode.NEW) {
            Instant started = Instant.ofEpochMilli(rs.getLong(1));
            long finished = rs.getLong(2);
            Map<DeliveryState, Integer> counts = counts(issueId);
            if (!rs.wasNull()) {
              throw new DeliveryException(
                  "issue '"
                      + issueId
                      + "' was fully sent at "
                      + Instant.ofEpochMilli(finished)
                      + " ("
                      + counts.get(DeliveryState.SENT)
                      + " sent, "
                      + counts.get(DeliveryState.FAILED)
                      + " failed); it is not sent again. Resume it only to reach recipients"
                      + " added since");
            }
            throw new DeliveryException(
                "issue '"
                    + issueId
                    + "' was started at "
                    + started
                    + " and is not finished ("
                    + counts.get(DeliveryState.SENT)
                    + " sent, "
                    + (counts.get(DeliveryState.QUEUED) + counts.get(DeliveryState.DEFERRED))
                    + " waiting); resume it to send to the rest");
          }
        } else {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO delivery_issue (issue_id, started_at) VALUES (?, ?)")) {
            insert.setString(1, issueId);
            insert.setLong(2, clock.millis());
            insert.executeUpdate();
          }
        }
      }
    } catch (SQLException e) {
      throw failure("start issue '" + issueId + "'", e);
    }
    return new Run(issueId, bounceThreshold);
  }

  synchronized void close() throws SQLException {
    connection.close();
  }

  private DeliveryException failure(String what, SQLException e) {
    return new DeliveryException(
        "delivery journal '" + database.url() + "': could not " + what + ": " + e.getMessage(),
        null,
        0,
        e);
  }

  /** One journal entry on its way to the writer thread. */
  private record Entry(
      String key,
      DeliveryState state,
      int attempts,
      int code,
      String reply,
      boolean bounce,
      CompletableFuture<Void> done) {}

  /** The journal side of one send: claims recipients and records outcomes through the writer. */
  final class Run implements AutoCloseable {
    private final String issueId;
    private final int bounceThreshold;
    private final String runId = UUID.randomUUID().toString();
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    Run(String issueId, int bounceThreshold) {
      this.issueId = issueId;
      this.bounceThreshold = bounceThreshold;
      writer = new Thread(this::writeLoop, "rundbrief-journal-" + issueId);
      writer.setDaemon(true);
      writer.start();
    }

    /**
     * Adds the recipients to the issue as queued (new ones) and returns those this run must send:
     * new, queued or deferred, not yet claimed by this run. Sent and failed ones are left out.
     */
    List<Recipient> claim(List<Recipient> chunk) {
      synchronized (DeliveryJournal.this) {
        try {
          connection.setAutoCommit(false);
          try {
            long now = clock.millis();
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "INSERT INTO delivery (issue_id, address_key, address, state, attempts,"
                        + " updated_at) VALUES (?, ?, ?, ?, 0, ?)"
                        + " ON CONFLICT (issue_id, address_key) DO NOTHING")) {
              for (Recipient r : chunk) {
                ps.setString(1, issueId);
                ps.setString(2, r.address().key());
                ps.setString(3, r.address().value());
                ps.setString(4, DeliveryState.QUEUED.label());
                ps.setLong(5, now);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            Map<String, Recipient> byKey = new LinkedHashMap<>();
            for (Recipient r : chunk) {
              byKey.putIfAbsent(r.address().key(), r);
            }
            List<Recipient> claimed = new ArrayList<>();
            try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT state, run_id FROM delivery WHERE issue_id = ? AND address_key = ?");
                PreparedStatement mark =
                    connection.prepareStatement(
                        "UPDATE delivery SET run_id = ? WHERE issue_id = ? AND address_key = ?")) {
              for (Map.Entry<String, Recipient> e : byKey.entrySet()) {
                select.setString(1, issueId);
                select.setString(2, e.getKey());
                try (ResultSet rs = select.executeQuery()) {
                  if (!rs.next()) {
                    continue;
                  }
                  DeliveryState state = DeliveryState.parse(rs.getString(1));
                  boolean open = state == DeliveryState.QUEUED || state == DeliveryState.DEFERRED;
                  if (open && !runId.equals(rs.getString(2))) {
                    claimed.add(e.getValue());
                    mark.setString(1, runId);
                    mark.setString(2, issueId);
                    mark.setString(3, e.getKey());
                    mark.addBatch();
                  }
                }
              }
              mark.executeBatch();
            }
            connection.commit();
            return claimed;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        } catch (SQLException e) {
          throw DeliveryJournal.this.failure("queue recipients of issue '" + issueId + "'", e);
        }
      }
    }

    /**
     * Records an outcome; the returned future completes once it is committed to disk.
     *
     * @param bounce whether a permanent failure counts towards the subscriber's bounce limit
     */
    CompletableFuture<Void> record(
        EmailAddress address,
        DeliveryState state,
        int attempts,
        int code,
        String reply,
        boolean bounce) {
      RuntimeException f = failure;
      if (f != null) {
        return CompletableFuture.failedFuture(f);
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      queue.add(new Entry(address.key(), state, attempts, code, reply, bounce, done));
      return done;
    }

    /** The writer's failure, if it could not commit; the send must stop then. */
    RuntimeException failure() {
      return failure;
    }

    private void writeLoop() {
      List<Entry> batch = new ArrayList<>();
      while (true) {
        try {
          Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (closing && queue.isEmpty()) {
              return;
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          write(batch);
          batch.forEach(e -> e.done().complete(null));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          failure = e;
          batch.forEach(x -> x.done().completeExceptionally(e));
          queue.forEach(x -> x.done().completeExceptionally(e));
          queue.clear();
        }
        batch.clear();
      }
    }

    private void write(List<Entry> batch) {
      synchronized (DeliveryJournal.this) {
        try {
          connection.setAutoCommit(false);
          try {
            long now = clock.millis();
            boolean bounces = false;
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "UPDATE delivery SET state = ?, attempts = attempts + ?, reply_code = ?,"
                        + " reply = ?, updated_at = ? WHERE issue_id = ? AND address_key = ?")) {
              for (Entry e : batch) {
                ps.setString(1, e.state().label());
                ps.setInt(2, e.attempts());
                if (e.code() == 0) {
                  ps.setNull(3, java.sql.Types.INTEGER);
                } else {
                  ps.setInt(3, e.code());
                }
                ps.setString(4, e.reply().isEmpty() ? null : e.reply());
                ps.setLong(5, now);
                ps.setString(6, issueId);
                ps.setString(7, e.key());
                ps.addBatch();
                bounces |= e.bounce();
              }
              ps.executeBatch();
            }
            if (bounces) {
              try (PreparedStatement ps =
                  connection.prepareStatement(
                      "UPDATE subscriber SET bounces = bounces + 1,"
                          + " state = CASE WHEN bounces + 1 >= ? AND state = 'active'"
                          + " THEN 'bounced' ELSE state END,"
                          + " unsubscribed_at = CASE WHEN bounces + 1 >= ? AND state = 'active'"
                          + " THEN ? ELSE unsubscribed_at END,"
                          + " updated_at = ? WHERE address_key = ?")) {
                for (Entry e : batch) {
                  if (e.bounce()) {
                    ps.setInt(1, bounceThreshold);
                    ps.setInt(2, bounceThreshold);
                    ps.setLong(3, now);
                    ps.setLong(4, now);
                    ps.setString(5, e.key());
                    ps.addBatch();
                  }
                }
                ps.executeBatch();
              }
            }
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        } catch (SQLException e) {
          throw DeliveryJournal.this.failure("record deliveries of issue '" + issueId + "'", e);
        }
      }
    }

    /**
     * Waits for every recorded outcome to be committed, then marks the issue finished if no
     * recipient is queued or deferred.
     */
    @Override
    public void close() {
      closing = true;
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        return;
      }
      synchronized (DeliveryJournal.this) {
        try (PreparedStatement ps =
            connection.prepareStatement(
                "UPDATE delivery_issue SET finished_at = CASE WHEN EXISTS (SELECT 1 FROM delivery"
                    + " WHERE issue_id = ? AND state IN ('queued', 'deferred')) THEN NULL ELSE ?"
                    + " END WHERE issue_id = ?")) {
          ps.setString(1, issueId);
          ps.setLong(2, clock.millis());
          ps.setString(3, issueId);
          ps.executeUpdate();
        } catch (SQLException e) {
          throw DeliveryJournal.this.failure("finish issue '" + issueId + "'", e);
        }
      }
    }
  }

  /** Runs {@code PRAGMA integrity_check} on SQLite; for tests and the CLI's doctor command. */
  synchronized String integrityCheck() {
    if (database.dialect() != Database.Dialect.SQLITE) {
      return "ok";
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "no answer";
    } catch (SQLException e) {
      throw failure("check the database", e);
    }
  }
}
