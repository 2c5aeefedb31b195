package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.bounce.BounceDecision;
import dev.rundbrief.mail.bounce.BounceKind;
import dev.rundbrief.mail.bounce.BounceMessage;
import dev.rundbrief.mail.bounce.VerpToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bounce records of the subscriber database, and the rules that act on bounce decisions.
 *
 * <p>Every processed message is one row ({@code bounce_event}, keyed by the SHA-256 of its bytes,
 * so each message is processed once however often it is read), with the decision, its reason, and
 * what was done:
 *
 * <ul>
 *   <li>hard: an active or pending subscriber becomes {@link SubscriberState#BOUNCED};
 *   <li>soft: counted; at {@link BouncePolicy#softLimit()} soft bounces on distinct issues within
 *       {@link BouncePolicy#softWindow()} an active subscriber becomes bounced. An issue that was
 *       sent to the subscriber after the counted ones and did not bounce (delivered) resets the
 *       count;
 *   <li>complaint: the subscriber is unsubscribed at once; only a new sign-up with double opt-in
 *       makes them active again;
 *   <li>auto-reply, unknown: recorded, nothing else.
 * </ul>
 *
 * <p>A forged VERP token, or a missing one when {@link BouncePolicy#requireVerp()} holds, changes
 * nothing. Each message is one transaction. The tables belong to schema version 4, a step of its
 * own, so that they can move to the store module as they are. Thread-safe.
 */
public final class BounceLog {
  private final Database database;
  private final Connection connection;
  private final Clock clock;

  BounceLog(Database database, Clock clock) throws SQLException {
    this.database = database;
    this.clock = clock;
    this.connection = database.connectForWriting();
  }

  /**
   * Processes one message: records the decision and acts on it, or (dry run) says what it would do
   * and changes nothing.
   *
   * @throws RundbriefException if the database fails; nothing of this message is stored then
   */
  public synchronized BounceOutcome process(
      BounceMessage message, BounceDecision decision, BouncePolicy policy, boolean dryRun) {
    requireNonNull(message, "message");
    requireNonNull(decision, "decision");
    requireNonNull(policy, "policy");
    try {
      connection.setAutoCommit(false);
      try {
        BounceOutcome outcome = processInTransaction(message, decision, policy, dryRun);
        if (dryRun) {
          connection.rollback();
        } else {
          connection.commit();
        }
        return outcome;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("record the bounce " + message.id(), e);
    }
  }

  private record Target(long id, String address, String key, SubscriberState state) {}

  /**
   * The address of the subscriber with this id, for the classifier to judge a VERP token's owner by
   * the owner's own line of a report; empty when there is no such subscriber.
   *
   * @throws RundbriefException if the database fails
   */
  public synchronized Optional<String> address(long subscriberId) {
    try {
      Target t = byId(subscriberId);
      return t == null ? Optional.empty() : Optional.of(t.address());
    } catch (SQLException e) {
      throw failure("read subscriber #" + subscriberId, e);
    }
  }

  private BounceOutcome processInTransaction(
      BounceMessage message, BounceDecision d, BouncePolicy policy, boolean dryRun)
      throws SQLException {
    String key = message.key();
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT action FROM bounce_event WHERE message_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new BounceOutcome(
              BounceAction.ALREADY_SEEN, 0, "", "processed before (" + rs.getString(1) + ")");
        }
      }
    }
    long now = clock.millis();
    int issue = d.verp().state() == VerpToken.State.VALID ? d.verp().issue() : 0;
    Target target = null;
    BounceOutcome outcome;
    boolean acts = d.isBounceOrComplaint();
    if (d.verp().state() == VerpToken.State.FORGED) {
      outcome =
          new BounceOutcome(
              BounceAction.FORGED,
              0,
              "",
              "the VERP token's signature does not match: a forged or altered bounce, ignored");
    } else if (d.verp().state() == VerpToken.State.VALID) {
      target = byId(d.verp().subscriberId());
      outcome = target == null ? noSubscriber("subscriber #" + d.verp().subscriberId()) : null;
    } else if (acts && policy.requireVerp()) {
      outcome =
          new BounceOutcome(
              BounceAction.NO_TOKEN,
              0,
              "",
              "no VERP token: with a bounce address configured only signed bounces change"
                  + " subscribers");
    } else {
      target = d.recipient().isEmpty() ? null : byKey(d.recipient());
      outcome = target == null && acts ? noSubscriber("'" + d.recipient() + "'") : null;
    }
    if (outcome == null) {
      outcome = act(d, target, issue, policy, now);
    }
    insert(message, d, target, issue, outcome, now);
    return outcome;
  }

  private static BounceOutcome noSubscriber(String who) {
    return new BounceOutcome(BounceAction.NO_SUBSCRIBER, 0, "", who + " is not on the list");
  }

  private BounceOutcome act(BounceDecision d, Target t, int issue, BouncePolicy policy, long now)
      throws SQLException {
    long id = t == null ? 0 : t.id();
    String address = t == null ? "" : t.address();
    switch (d.kind()) {
      case HARD -> {
        if (t.state() != SubscriberState.ACTIVE && t.state() != SubscriberState.PENDING) {
          return inactive(t);
        }
        SubscriberRows.setLeft(connection, t.id(), SubscriberState.BOUNCED, now, false);
        return new BounceOutcome(BounceAction.BOUNCED, id, address, "hard bounce: " + d.reason());
      }
      case COMPLAINT -> {
        if (t.state() == SubscriberState.UNSUBSCRIBED) {
          return inactive(t);
        }
        SubscriberRows.setLeft(connection, t.id(), SubscriberState.UNSUBSCRIBED, now, false);
        return new BounceOutcome(
            BounceAction.UNSUBSCRIBED, id, address, "complaint: " + d.reason());
      }
      case SOFT -> {
        if (t.state() != SubscriberState.ACTIVE) {
          return inactive(t);
        }
        Set<String> counted = softIssues(t, issue, policy, now);
        if (counted.size() >= policy.softLimit()) {
          SubscriberRows.setLeft(connection, t.id(), SubscriberState.BOUNCED, now, false);
          return new BounceOutcome(
              BounceAction.BOUNCED,
              id,
              address,
              counted.size()
                  + " soft bounces on distinct issues within "
                  + policy.softWindow().toDays()
                  + " days ("
                  + String.join(", ", counted)
                  + "); last: "
                  + d.reason());
        }
        return new BounceOutcome(
            BounceAction.SOFT_COUNTED,
            id,
            address,
            "soft bounce "
                + counted.size()
                + " of "
                + policy.softLimit()
                + " ("
                + String.join(", ", counted)
                + "): "
                + d.reason());
      }
      default -> {
        return new BounceOutcome(
            BounceAction.NONE, id, address, d.kind().label() + ": " + d.reason());
      }
    }
  }

  private static BounceOutcome inactive(Target t) {
    return new BounceOutcome(
        BounceAction.ALREADY_INACTIVE,
        t.id(),
        t.address(),
        "already " + t.state().label() + ": recorded only");
  }

  /**
   * The soft-bounced issues that count now, this one included: within the window, and after the
   * last issue that reached the subscriber without a bounce.
   */
  private Set<String> softIssues(Target t, int issue, BouncePolicy policy, long now)
      throws SQLException {
    long since = now - policy.softWindow().toMillis();
    Set<Integer> soft = new TreeSet<>();
    int unnumbered = 0;
    Set<Integer> bounced = new HashSet<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT kind, issue, received_at FROM bounce_event WHERE subscriber_id = ?"
                + " AND kind IN ('hard', 'soft')")) {
      ps.setLong(1, t.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int n = rs.getInt(2);
          boolean none = rs.wasNull() || n == 0;
          if (!none) {
            bounced.add(n);
          }
          if (rs.getString(1).equals("soft") && rs.getLong(3) >= since) {
            if (none) {
              unnumbered++;
            } else {
              soft.add(n);
            }
          }
        }
      }
    }
    if (issue > 0) {
      soft.add(issue);
      bounced.add(issue);
    } else {
      unnumbered++;
    }
    int newestBounced = soft.isEmpty() ? Integer.MAX_VALUE : ((TreeSet<Integer>) soft).last();
    int lastDelivered = 0;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT issue_id FROM delivery WHERE address_key = ? AND state = 'sent'")) {
      ps.setString(1, t.key());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          if (!id.startsWith(policy.issueIdPrefix())) {
            continue;
          }
          try {
            int n = Integer.parseInt(id.substring(policy.issueIdPrefix().length()));
            if (!bounced.contains(n) && n < newestBounced && n > lastDelivered) {
              lastDelivered = n;
            }
          } catch (NumberFormatException e) {
            // Not an issue of this workspace's naming.
          }
        }
      }
    }
    Set<String> counted = new java.util.LinkedHashSet<>();
    for (int n : soft) {
      if (n > lastDelivered) {
        counted.add("issue " + n);
      }
    }
    for (int i = 1; i <= unnumbered; i++) {
      counted.add("unknown issue #" + i);
    }
    return counted;
  }

  private void insert(
      BounceMessage m, BounceDecision d, Target t, int issue, BounceOutcome o, long now)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO bounce_event (message_key, source, received_at, kind, recipient,"
                + " subscriber_id, address_key, issue, status, diagnostic, reason, sender_warning,"
                + " verp, action, action_reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, m.key());
      ps.setString(2, clip(m.id(), 500));
      ps.setLong(3, now);
      ps.setString(4, d.kind().label());
      ps.setString(5, clip(d.recipient(), 254));
      if (t == null) {
        ps.setNull(6, Types.BIGINT);
        if (d.recipient().isEmpty()) {
          ps.setNull(7, Types.VARCHAR);
        } else {
          ps.setString(7, clip(d.recipient().toLowerCase(Locale.ROOT), 254));
        }
      } else {
        ps.setLong(6, t.id());
        ps.setString(7, t.key());
      }
      if (issue > 0) {
        ps.setInt(8, issue);
      } else {
        ps.setNull(8, Types.INTEGER);
      }
      ps.setString(9, d.status());
      ps.setString(10, clip(d.diagnostic(), 500));
      ps.setString(11, clip(d.reason(), 500));
      ps.setInt(12, d.senderWarning() ? 1 : 0);
      ps.setString(13, d.verp().label());
      ps.setString(14, o.action().label());
      ps.setString(15, clip(o.detail(), 500));
      ps.executeUpdate();
    }
  }

  private static String clip(String s, int max) {
    String clean = s.replace('\0', ' ');
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }

  private Target byId(long id) throws SQLException {
    return find("id = ?", ps -> ps.setLong(1, id));
  }

  private Target byKey(String address) throws SQLException {
    if (address.isEmpty()) {
      return null;
    }
    return find("address_key = ?", ps -> ps.setString(1, address.toLowerCase(Locale.ROOT)));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Target find(String where, Binder binder) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, address, address_key, state FROM subscriber WHERE " + where)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Target(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            SubscriberState.parse(rs.getString(4)));
      }
    }
  }

  /** The bounce records of one address, oldest first. */
  public synchronized List<BounceRecord> history(EmailAddress address) {
    requireNonNull(address, "address");
    List<BounceRecord> records = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT received_at, source, kind, issue, status, diagnostic, reason, action,"
                + " action_reason FROM bounce_event WHERE address_key = ? ORDER BY received_at, id")) {
      ps.setString(1, address.key());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.add(
              new BounceRecord(
                  Instant.ofEpochMilli(rs.getLong(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
    } catch (SQLException e) {
      throw failure("read the bounces of " + address, e);
    }
    return records;
  }

  /**
   * How many messages about an issue were hard bounces, soft bounces, complaints (and auto-replies
   * and unknown), counting only those that named a subscriber through a valid VERP token or their
   * address.
   */
  public synchronized Map<BounceKind, Integer> counts(int issue) {
    Map<BounceKind, Integer> counts = new EnumMap<>(BounceKind.class);
    for (BounceKind k : BounceKind.values()) {
      counts.put(k, 0);
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT kind, COUNT(*) FROM bounce_event WHERE issue = ? AND subscriber_id IS NOT NULL"
                + " AND action <> 'forged' GROUP BY kind")) {
      ps.setInt(1, issue);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(BounceKind.parse(rs.getString(1)), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      throw failure("count the bounces of issue " + issue, e);
    }
    return counts;
  }

  void close() throws SQLException {
    connection.close();
  }

  private RundbriefException failure(String what, SQLException e) {
    return new RundbriefException(
        "subscriber database '"
            + database.displayUrl()
            + "': could not "
            + what
            + ": "
            + e.getMessage(),
        e);
  }
}
