package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.Journal;
import dev.rundbrief.mail.delivery.SendMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What was sent to whom: per issue and recipient, the {@link DeliveryState}, the attempts and the
 * last SMTP reply, in the subscriber store's database.
 *
 * <p>The {@link DeliveryEngine} writes it while sending: a recipient is queued before the first
 * attempt, and recorded as sent once the server has accepted the message. Writes go through one
 * writer thread per send ({@link JournalWriter}) that commits whatever has arrived in one
 * transaction (group commit), so that the disk's sync time is shared by many messages instead of
 * slowing each one. How this bounds duplicates after a crash is described in {@link
 * DeliveryEngine}. Obtain it from {@link SubscriberStore#journal()}; it is safe for use by several
 * threads.
 */
public final class DeliveryJournal implements Journal {
  /** The length of the journal's reply column. */
  private static final int MAX_REPLY = 1000;

  private final Database database;
  private final Connection connection;
  private final Clock clock;

  DeliveryJournal(Database database, Clock clock) throws SQLException {
    this.database = database;
    this.clock = clock;
    this.connection = database.connectForWriting();
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

  /**
   * How many active subscribers a send of the issue would try now: those the journal shows neither
   * as sent nor as failed for it (new ones, and the queued and deferred ones of an interrupted
   * send).
   */
  public synchronized int unsent(String issueId) {
    requireNonNull(issueId, "issueId");
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM subscriber s WHERE s.state = 'active' AND NOT EXISTS (SELECT 1"
                + " FROM delivery d WHERE d.issue_id = ? AND d.address_key = s.address_key"
                + " AND d.state IN ('sent', 'failed'))")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw failure("count the recipients left for issue '" + issueId + "'", e);
    }
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

  /** Every delivery of the journal to one address, oldest first (for a subscriber's history). */
  public synchronized List<DeliveryRecord> deliveries(EmailAddress address) {
    requireNonNull(address, "address");
    return query(
        "address_key = ? ORDER BY updated_at, issue_id",
        List.of(address.key()),
        "read the deliveries to " + address);
  }

  private List<DeliveryRecord> select(String issueId, String condition, String value) {
    return query(
        "issue_id = ? AND " + condition + " ORDER BY address_key",
        List.of(issueId, value),
        "read deliveries of issue '" + issueId + "'");
  }

  /** The records that match {@code where} (the caller's constant SQL) with these parameters. */
  private List<DeliveryRecord> query(String where, List<String> parameters, String what) {
    List<DeliveryRecord> result = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT issue_id, address, state, attempts, reply_code, reply, updated_at FROM delivery"
                + " WHERE "
                + where)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setString(i + 1, parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new DeliveryRecord(
                  rs.getString(1),
                  new EmailAddress(rs.getString(2)),
                  DeliveryState.parse(rs.getString(3)),
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getString(6),
                  Instant.ofEpochMilli(rs.getLong(7))));
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
    return result;
  }

  /**
   * Starts (or resumes) a send of the issue. An issue that the journal knows but that has no
   * recipient recorded (a send killed before its first batch of recipients was committed) counts as
   * not started: nothing was sent for it, so a new send may begin it again.
   *
   * @throws DeliveryException if the mode is {@link SendMode#NEW} and the issue is known
   */
  @Override
  public synchronized Journal.Run begin(String issueId, SendMode mode, int bounceThreshold) {
    requireNonNull(issueId, "issueId");
    requireNonNull(mode, "mode");
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT started_at, finished_at FROM delivery_issue WHERE issue_id = ?")) {
      ps.setString(1, issueId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Instant started = Instant.ofEpochMilli(rs.getLong(1));
          long finished = rs.getLong(2);
          boolean isFinished = !rs.wasNull();
          Map<DeliveryState, Integer> counts = counts(issueId);
          boolean empty = counts.values().stream().allMatch(n -> n == 0);
          if (mode == SendMode.NEW && isFinished) {
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
          if (mode == SendMode.NEW && !empty) {
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
          if (empty && !isFinished) {
            try (PreparedStatement restart =
                connection.prepareStatement(
                    "UPDATE delivery_issue SET started_at = ? WHERE issue_id = ?")) {
              restart.setLong(1, clock.millis());
              restart.setString(2, issueId);
              restart.executeUpdate();
            }
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
    return new JournalWriter(
        this,
        connection,
        clock,
        database.dialect() == Database.Dialect.SQLITE,
        issueId,
        bounceThreshold);
  }

  synchronized void close() throws SQLException {
    connection.close();
  }

  DeliveryException failure(String what, SQLException e) {
    return new DeliveryException(
        "delivery journal '"
            + database.displayUrl()
            + "': could not "
            + what
            + ": "
            + e.getMessage(),
        null,
        0,
        e);
  }

  /**
   * The reply as the {@code VARCHAR(1000)} column holds it: PostgreSQL enforces the length (SQLite
   * does not) and rejects NUL characters, and a server's reply must never stop a send.
   */
  static String fitReply(String reply) {
    String clean = reply.replace('\0', '\uFFFD');
    if (clean.length() <= MAX_REPLY) {
      return clean;
    }
    int end = MAX_REPLY - 1;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end) + "\u2026";
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
