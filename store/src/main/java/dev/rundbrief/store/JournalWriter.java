package dev.rundbrief.store;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal side of one send: claims recipients and records outcomes through one writer thread,
 * which commits everything that arrived while it was busy in one transaction.
 */
final class JournalWriter implements Journal.Run {
  private static final int MAX_BATCH = 2000;

  /**
   * How long the writer lets outcomes gather before committing, unless someone waits: short against
   * the time a connection needs for a message, long against the gaps between messages.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Keys per {@code IN (...)} list when claiming; well below every database's parameter limit. */
  private static final int MAX_CLAIM = 256;

  private final DeliveryJournal journal;
  private final Connection connection;
  private final Clock clock;
  private final boolean sqlite;
  private final String issueId;
  private final int bounceThreshold;
  private final String runId = UUID.randomUUID().toString();
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closing;
  private volatile RuntimeException failure;

  /** Set when someone waits for a commit: the writer then commits without gathering more. */
  private volatile boolean hurry;

  // The writer thread's statements, prepared once per run and used under the journal's lock.
  private final Map<Integer, PreparedStatement> selectKnown = new HashMap<>();
  private PreparedStatement insertQueued;
  private PreparedStatement markClaimed;
  private PreparedStatement updateOutcome;
  private PreparedStatement countBounce;
  private PreparedStatement begin;
  private PreparedStatement commit;

  JournalWriter(
      DeliveryJournal journal,
      Connection connection,
      Clock clock,
      boolean sqlite,
      String issueId,
      int bounceThreshold) {
    this.journal = journal;
    this.connection = connection;
    this.clock = clock;
    this.sqlite = sqlite;
    this.issueId = issueId;
    this.bounceThreshold = bounceThreshold;
    writer = new Thread(this::writeLoop, "rundbrief-journal-" + issueId);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Adds the recipients to the issue as queued (new ones) and returns those this run must send:
   * new, queued or deferred, not yet claimed by this run. Sent and failed ones are left out.
   * Returns once the claim is committed; it shares a transaction with the outcomes recorded
   * meanwhile.
   */
  @Override
  public List<Recipient> claim(List<Recipient> chunk) {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    CompletableFuture<List<Recipient>> done = new CompletableFuture<>();
    queue.add(new Claim(List.copyOf(chunk), done));
    hurry();
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("the send was interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new DeliveryException(String.valueOf(e.getCause()), null, 0, e.getCause());
    }
  }

  /**
   * Records an outcome; the returned future completes once it is committed to disk.
   *
   * @param bounce whether a permanent failure counts towards the subscriber's bounce limit
   */
  @Override
  public CompletableFuture<Void> record(
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

  /**
   * Asks the writer to commit what it has now instead of gathering more: called by a sender that
   * would otherwise wait at its gate, and by the claim.
   */
  @Override
  public void hurry() {
    hurry = true;
    LockSupport.unpark(writer);
  }

  /**
   * Lets outcomes gather for up to {@link #GATHER_NANOS} after the first one arrived, unless
   * someone waits for a commit or the run is closing, so that one commit (and one sync) serves
   * several messages. The sender's gate is usually reached later than that, so nobody waits.
   */
  private void gather() {
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (!hurry && !closing && queue.size() < MAX_BATCH - 1) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    // Reset before draining: whoever hurries from now on waits for something drained below or
    // enqueued later, which the next round commits at once.
    hurry = false;
  }

  /** The writer's failure, if it could not commit; the send must stop then. */
  @Override
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  private void writeLoop() {
    List<Task> batch = new ArrayList<>();
    try {
      while (true) {
        try {
          Task first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (closing && queue.isEmpty()) {
              return;
            }
            continue;
          }
          batch.add(first);
          gather();
          queue.drainTo(batch, MAX_BATCH - 1);
          Iterator<List<Recipient>> claimed = write(batch).iterator();

          for (Task t : batch) {
            if (t instanceof Claim c) {
              c.done().complete(claimed.next());
            } else if (t instanceof Entry e) {
              e.done().complete(null);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException | Error thrown) {
          // Whatever ends the writer fails every waiting sender and the claim, so nobody waits
          // for a commit that never comes.
          RuntimeException e =
              thrown instanceof RuntimeException r
                  ? r
                  : new DeliveryException(
                      "the delivery journal's writer failed: " + thrown, null, 0, thrown);
          failure = e;
          batch.forEach(t -> fail(t, e));
          queue.forEach(t -> fail(t, e));
          queue.clear();
        }
        batch.clear();
      }
    } finally {
      closeStatements();
    }
  }

  private void fail(Task t, RuntimeException e) {
    if (t instanceof Claim c) {
      c.done().completeExceptionally(e);
    } else if (t instanceof Entry x) {
      x.done().completeExceptionally(e);
    }
  }

  /** Writes the batch in one transaction; returns the claimed recipients of each claim. */
  private List<List<Recipient>> write(List<Task> batch) {
    synchronized (journal) {
      try {
        beginTransaction();
        try {
          long now = clock.millis();
          List<List<Recipient>> claimed = new ArrayList<>();
          for (Task t : batch) {
            if (t instanceof Claim c) {
              claimed.add(claimNow(c.chunk(), now));
            }
          }
          recordNow(batch, now);
          commitTransaction();
          return claimed;
        } catch (SQLException | RuntimeException e) {
          rollbackTransaction();
          throw e;
        }
      } catch (SQLException e) {
        throw journal.failure("record deliveries of issue '" + issueId + "'", e);
      }
    }
  }

  /**
   * Begins the writer's transaction. On SQLite the connection stays in auto-commit mode and the
   * transaction is an explicit {@code BEGIN IMMEDIATE} ... {@code COMMIT}: the driver's {@code
   * setAutoCommit(false)} / {@code commit()} / {@code setAutoCommit(true)} would begin a second,
   * empty transaction after each commit and end it again, two more round trips through SQLite's
   * locks per commit.
   */
  private void beginTransaction() throws SQLException {
    if (sqlite) {
      if (begin == null) {
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        commit = connection.prepareStatement("COMMIT");
      }
      begin.executeUpdate();
    } else {
      connection.setAutoCommit(false);
    }
  }

  private void commitTransaction() throws SQLException {
    if (sqlite) {
      commit.executeUpdate();
    } else {
      connection.commit();
      connection.setAutoCommit(true);
    }
  }

  private void rollbackTransaction() throws SQLException {
    if (sqlite) {
      try (Statement s = connection.createStatement()) {
        s.executeUpdate("ROLLBACK");
      } catch (SQLException e) {
        // No transaction is active: BEGIN failed, or SQLite rolled back a failed COMMIT itself.
      }
    } else {
      try {
        connection.rollback();
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /**
   * Claims a chunk with one SELECT for the known ones and one batch each for the inserts and the
   * claims of known open recipients (none on a first send).
   */
  private List<Recipient> claimNow(List<Recipient> chunk, long now) throws SQLException {
    List<Recipient> claimed = new ArrayList<>();
    Map<String, Recipient> byKey = new LinkedHashMap<>();
    for (Recipient r : chunk) {
      byKey.putIfAbsent(r.address().key(), r);
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    for (int from = 0; from < keys.size(); from += MAX_CLAIM) {
      List<String> slice = keys.subList(from, Math.min(keys.size(), from + MAX_CLAIM));
      // key -> whether this run may claim it (queued or deferred, not claimed by this run yet)
      Map<String, Boolean> known = new HashMap<>();
      PreparedStatement select = selectKnown(slice.size());
      select.setString(1, issueId);
      for (int i = 0; i < slice.size(); i++) {
        select.setString(i + 2, slice.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          DeliveryState state = DeliveryState.parse(rs.getString(2));
          boolean open = state == DeliveryState.QUEUED || state == DeliveryState.DEFERRED;
          known.put(rs.getString(1), open && !runId.equals(rs.getString(3)));
        }
      }
      boolean inserts = false;
      boolean marks = false;
      for (String key : slice) {
        Boolean claimable = known.get(key);
        Recipient r = byKey.get(key);
        if (claimable == null) {
          PreparedStatement ps = insertQueued();
          ps.setString(1, issueId);
          ps.setString(2, key);
          ps.setString(3, r.address().value());
          ps.setString(4, DeliveryState.QUEUED.label());
          ps.setString(5, runId);
          ps.setLong(6, now);
          ps.addBatch();
          inserts = true;
          claimed.add(r);
        } else if (claimable) {
          PreparedStatement ps = markClaimed();
          ps.setString(1, runId);
          ps.setString(2, issueId);
          ps.setString(3, key);
          ps.addBatch();
          marks = true;
          claimed.add(r);
        }
      }
      if (inserts) {
        insertQueued.executeBatch();
      }
      if (marks) {
        markClaimed.executeBatch();
      }
    }
    return claimed;
  }

  private void recordNow(List<Task> batch, long now) throws SQLException {
    boolean outcomes = false;
    boolean bounces = false;
    for (Task t : batch) {
      if (t instanceof Entry e) {
        PreparedStatement ps = updateOutcome();
        ps.setString(1, e.state().label());
        ps.setInt(2, e.attempts());
        if (e.code() == 0) {
          ps.setNull(3, Types.INTEGER);
        } else {
          ps.setInt(3, e.code());
        }
        ps.setString(4, e.reply().isEmpty() ? null : DeliveryJournal.fitReply(e.reply()));
        ps.setLong(5, now);
        ps.setString(6, issueId);
        ps.setString(7, e.key());
        ps.addBatch();
        outcomes = true;
        if (e.bounce()) {
          SubscriberRows.addBounce(countBounce(), e.key(), bounceThreshold, now);
          bounces = true;
        }
      }
    }
    if (outcomes) {
      updateOutcome.executeBatch();
    }
    if (bounces) {
      countBounce.executeBatch();
    }
  }

  private PreparedStatement selectKnown(int keys) throws SQLException {
    PreparedStatement ps = selectKnown.get(keys);
    if (ps == null) {
      ps =
          connection.prepareStatement(
              "SELECT address_key, state, run_id FROM delivery WHERE issue_id = ?"
                  + " AND address_key IN ("
                  + String.join(", ", Collections.nCopies(keys, "?"))
                  + ")");
      selectKnown.put(keys, ps);
    }
    return ps;
  }

  private PreparedStatement insertQueued() throws SQLException {
    if (insertQueued == null) {
      insertQueued =
          connection.prepareStatement(
              "INSERT INTO delivery (issue_id, address_key, address, state, attempts, run_id,"
                  + " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)"
                  + " ON CONFLICT (issue_id, address_key) DO NOTHING");
    }
    return insertQueued;
  }

  private PreparedStatement markClaimed() throws SQLException {
    if (markClaimed == null) {
      markClaimed =
          connection.prepareStatement(
              "UPDATE delivery SET run_id = ? WHERE issue_id = ? AND address_key = ?");
    }
    return markClaimed;
  }

  private PreparedStatement updateOutcome() throws SQLException {
    if (updateOutcome == null) {
      updateOutcome =
          connection.prepareStatement(
              "UPDATE delivery SET state = ?, attempts = attempts + ?, reply_code = ?,"
                  + " reply = ?, updated_at = ? WHERE issue_id = ? AND address_key = ?");
    }
    return updateOutcome;
  }

  private PreparedStatement countBounce() throws SQLException {
    if (countBounce == null) {
      countBounce = SubscriberRows.prepareBounceCount(connection);
    }
    return countBounce;
  }

  private void closeStatements() {
    synchronized (journal) {
      List<PreparedStatement> all = new ArrayList<>(selectKnown.values());
      all.add(insertQueued);
      all.add(markClaimed);
      all.add(updateOutcome);
      all.add(countBounce);
      all.add(begin);
      all.add(commit);
      for (PreparedStatement ps : all) {
        if (ps != null) {
          try {
            ps.close();
          } catch (SQLException e) {
            // Closing a statement cannot lose data; the connection stays usable.
          }
        }
      }
      selectKnown.clear();
    }
  }

  /**
   * Waits for every recorded outcome to be committed, then marks the issue finished if no recipient
   * is queued or deferred.
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
    synchronized (journal) {
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
        throw journal.failure("finish issue '" + issueId + "'", e);
      }
    }
  }

  /** Work for the writer thread: an outcome to record, or a chunk of recipients to claim. */
  private sealed interface Task permits Entry, Claim {}

  /** One outcome on its way to the writer thread. */
  private record Entry(
      String key,
      DeliveryState state,
      int attempts,
      int code,
      String reply,
      boolean bounce,
      CompletableFuture<Void> done)
      implements Task {}

  /** A chunk of recipients to queue and claim; completes with those this run must send. */
  private record Claim(List<Recipient> chunk, CompletableFuture<List<Recipient>> done)
      implements Task {}
}
