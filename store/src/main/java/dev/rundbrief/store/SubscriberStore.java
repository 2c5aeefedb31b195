package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The subscriber list, with double opt-in states and consent records, in a JDBC database.
 *
 * <p>The embedded default is one SQLite file (WAL mode, synchronous commits); the same SQL runs on
 * PostgreSQL through {@link #open(StoreLocation, Clock)}. The schema is versioned and migrated when
 * the store opens. Addresses are normalized by {@link EmailAddress}; two addresses with the same
 * {@link EmailAddress#key()} are one subscriber. Every method commits before it returns. A store is
 * safe for use by several threads. CSV import and export are {@link SubscriberCsv}'s; the rows' SQL
 * is shared with the journal and the bounce records ({@code SubscriberRows}).
 */
public final class SubscriberStore implements AutoCloseable {
  private static final int PAGE = 500;

  private final Database database;
  private final Connection connection;
  private final Clock clock;
  private DeliveryJournal journal;
  private BounceLog bounceLog;

  private SubscriberStore(Database database, Clock clock) throws SQLException {
    this.database = database;
    this.clock = clock;
    this.connection = database.connectForWriting();
  }

  /**
   * Opens (or creates) the SQLite file and migrates its schema.
   *
   * @throws RundbriefException if the file cannot be opened or has a newer schema
   */
  public static SubscriberStore open(Path file, Clock clock) {
    requireNonNull(file, "file");
    return open(StoreLocation.sqlite(file), clock);
  }

  /**
   * Opens the store's database (creating a SQLite file, or the tables in a PostgreSQL database, on
   * first use) and migrates its schema.
   *
   * @throws RundbriefException if the database cannot be opened or has a newer schema
   */
  public static SubscriberStore open(StoreLocation location, Clock clock) {
    requireNonNull(location, "location");
    requireNonNull(clock, "clock");
    try {
      return new SubscriberStore(Database.open(location), clock);
    } catch (SQLException e) {
      throw new RundbriefException(
          "subscriber database '"
              + location.description()
              + "' cannot be opened: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The delivery journal in the same database; one per store, closed with it.
   *
   * @throws RundbriefException if its connection cannot be opened
   */
  public synchronized DeliveryJournal journal() {
    if (journal == null) {
      try {
        journal = new DeliveryJournal(database, clock);
      } catch (SQLException e) {
        throw failure("open the delivery journal", e);
      }
    }
    return journal;
  }

  /**
   * The bounce records in the same database, and the rules that act on them; one per store, closed
   * with it.
   *
   * @throws RundbriefException if its connection cannot be opened
   */
  public synchronized BounceLog bounceLog() {
    if (bounceLog == null) {
      try {
        bounceLog = new BounceLog(database, clock);
      } catch (SQLException e) {
        throw failure("open the bounce records", e);
      }
    }
    return bounceLog;
  }

  /**
   * Records a sign-up: a new address becomes {@link SubscriberState#PENDING} with the consent
   * record. An address that is pending, unsubscribed or bounced becomes pending again with the new
   * consent (and must confirm again); an active subscriber stays active and keeps the consent it
   * confirmed. The id and unsubscribe token of an existing subscriber never change; a confirmation
   * link issued earlier stops working. For sign-ups that send a confirmation link, see {@link
   * #signUp}.
   */
  public synchronized Subscriber subscribe(EmailAddress address, String name, Consent consent) {
    requireNonNull(address, "address");
    requireNonNull(consent, "consent");
    String cleanName =
        name == null ? "" : SingleLine.check(name.strip(), "name of subscriber " + address, 200);
    return inTransaction(
        "subscribe " + address,
        () -> {
          Optional<Subscriber> existing = findByKey(address.key());
          long now = clock.millis();
          if (existing.isEmpty()) {
            insert(address, cleanName, SubscriberState.PENDING, consent, null, now);
          } else if (existing.get().state() != SubscriberState.ACTIVE) {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "UPDATE subscriber SET address = ?, name = ?, state = ?, subscribed_at = ?,"
                        + " source = ?, consent_version = ?, confirmed_at = NULL, ip = ?,"
                        + " bounces = 0, updated_at = ?, confirm_hash = NULL,"
                        + " confirm_expires_at = NULL, confirmed_ip = NULL WHERE id = ?")) {
              ps.setString(1, address.value());
              ps.setString(2, cleanName.isEmpty() ? existing.get().name() : cleanName);
              ps.setString(3, SubscriberState.PENDING.label());
              ps.setLong(4, consent.subscribedAt().toEpochMilli());
              ps.setString(5, consent.source());
              ps.setString(6, consent.consentTextVersion());
              SubscriberRows.setNullable(ps, 7, consent.ip());
              ps.setLong(8, now);
              ps.setLong(9, existing.get().id());
              ps.executeUpdate();
            }
          } else if (!cleanName.isEmpty() && !cleanName.equals(existing.get().name())) {
            updateName(existing.get().id(), cleanName, now);
          }
          return findByKey(address.key()).orElseThrow();
        });
  }

  /**
   * Records a sign-up that asks for confirmation by a link, doing the same database work whatever
   * the address's state (so that neither the answer nor the load it leaves behind tells the state):
   * one transaction that counts the sign-up for the address in the current {@code window} (fixed
   * windows from the epoch, so a day is a UTC day), and then
   *
   * <ul>
   *   <li>an active subscriber is left as it is ({@link SignUp.Outcome#ALREADY_ACTIVE});
   *   <li>when {@code mailsPerWindow} confirmation links were already issued for the address in
   *       this window, nothing else changes ({@link SignUp.Outcome#MAIL_LIMIT_REACHED}), so an
   *       earlier link keeps working;
   *   <li>otherwise the address becomes pending with the new consent record and a new random
   *       confirmation token (256 bits), of which only the SHA-256 is stored; every earlier
   *       confirmation link of the address stops working, and the new one expires after {@code
   *       linkValidity} ({@link SignUp.Outcome#CONFIRMATION_ISSUED}).
   * </ul>
   *
   * <p>The count lives in the database, so neither a restart nor any number of other addresses
   * resets it.
   */
  public synchronized SignUp signUp(
      EmailAddress address,
      String name,
      Consent consent,
      Duration linkValidity,
      int mailsPerWindow,
      Duration window) {
    requireNonNull(address, "address");
    requireNonNull(consent, "consent");
    requireNonNull(linkValidity, "linkValidity");
    requireNonNull(window, "window");
    if (linkValidity.isNegative() || linkValidity.isZero() || window.toMillis() <= 0) {
      throw new IllegalArgumentException("linkValidity and window must be positive");
    }
    String cleanName =
        name == null ? "" : SingleLine.check(name.strip(), "name of subscriber " + address, 200);
    return inTransaction(
        "sign up " + address,
        () -> {
          long now = clock.millis();
          long windowStart = now - Math.floorMod(now, window.toMillis());
          int mails = countSignUp(address.key(), windowStart);
          Optional<Subscriber> existing = findByKey(address.key());
          if (existing.isPresent() && existing.get().state() == SubscriberState.ACTIVE) {
            touch(existing.get().id());
            return new SignUp(SignUp.Outcome.ALREADY_ACTIVE, existing, "");
          }
          if (mails >= mailsPerWindow) {
            if (existing.isPresent()) {
              touch(existing.get().id());
            }
            return new SignUp(SignUp.Outcome.MAIL_LIMIT_REACHED, existing, "");
          }
          if (existing.isEmpty()) {
            insert(address, cleanName, SubscriberState.PENDING, consent, null, now);
          }
          String token = Tokens.newToken(32);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE subscriber SET address = ?, name = ?, state = ?, subscribed_at = ?,"
                      + " source = ?, consent_version = ?, confirmed_at = NULL, ip = ?,"
                      + " bounces = 0, updated_at = ?, confirm_hash = ?, confirm_expires_at = ?,"
                      + " confirmed_ip = NULL WHERE address_key = ?")) {
            ps.setString(1, address.value());
            ps.setString(
                2, cleanName.isEmpty() && existing.isPresent() ? existing.get().name() : cleanName);
            ps.setString(3, SubscriberState.PENDING.label());
            ps.setLong(4, consent.subscribedAt().toEpochMilli());
            ps.setString(5, consent.source());
            ps.setString(6, consent.consentTextVersion());
            SubscriberRows.setNullable(ps, 7, consent.ip());
            ps.setLong(8, now);
            ps.setString(9, Tokens.hash(token));
            ps.setLong(10, now + linkValidity.toMillis());
            ps.setString(11, address.key());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE signup_count SET mails = mails + 1"
                      + " WHERE address_key = ? AND window_start = ?")) {
            ps.setString(1, address.key());
            ps.setLong(2, windowStart);
            ps.executeUpdate();
          }
          return new SignUp(SignUp.Outcome.CONFIRMATION_ISSUED, findByKey(address.key()), token);
        });
  }

  /**
   * Counts a sign-up for the address in the window, forgets the counts of earlier windows, and
   * returns how many confirmation mails the window had before this one.
   */
  private int countSignUp(String key, long windowStart) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM signup_count WHERE window_start < ?")) {
      ps.setLong(1, windowStart);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO signup_count (address_key, window_start, attempts, mails)"
                + " VALUES (?, ?, 1, 0) ON CONFLICT (address_key, window_start)"
                + " DO UPDATE SET attempts = signup_count.attempts + 1")) {
      ps.setString(1, key);
      ps.setLong(2, windowStart);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT mails FROM signup_count WHERE address_key = ? AND window_start = ?")) {
      ps.setString(1, key);
      ps.setLong(2, windowStart);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Writes the subscriber's row without changing it, so every sign-up writes the same pages. */
  private void touch(long id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("UPDATE subscriber SET updated_at = updated_at WHERE id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }

  /**
   * What a confirmation token would do now, without changing anything (for the page that shows the
   * confirm button).
   */
  public synchronized Confirmation checkConfirmation(String token) {
    requireNonNull(token, "token");
    try {
      return confirmation(token, false, "");
    } catch (SQLException e) {
      throw failure("read a confirmation link", e);
    }
  }

  /**
   * Confirms the pending sign-up that issued this confirmation token: it becomes active, and its
   * consent record gets the confirmation time and {@code clientIp}. The token works once: used
   * again, it changes nothing ({@link Confirmation.Outcome#ALREADY_CONFIRMED}). A token that was
   * never issued, belongs to an earlier sign-up, or is an unsubscribe token changes nothing ({@link
   * Confirmation.Outcome#INVALID}); an expired one neither ({@link Confirmation.Outcome#EXPIRED}).
   *
   * @param clientIp the confirming request's address, empty when unknown
   */
  public synchronized Confirmation confirm(String token, String clientIp) {
    requireNonNull(token, "token");
    String ip = clientIp == null ? "" : SingleLine.check(clientIp.strip(), "clientIp", 64);
    return inTransaction("confirm a subscription", () -> confirmation(token, true, ip));
  }

  private Confirmation confirmation(String token, boolean apply, String ip) throws SQLException {
    Optional<Subscriber> s = findBy("confirm_hash", Tokens.hash(token));
    if (s.isEmpty()) {
      return new Confirmation(Confirmation.Outcome.INVALID, 0);
    }
    long id = s.get().id();
    if (s.get().state() == SubscriberState.ACTIVE) {
      return new Confirmation(Confirmation.Outcome.ALREADY_CONFIRMED, id);
    }
    if (s.get().state() != SubscriberState.PENDING) {
      return new Confirmation(Confirmation.Outcome.INVALID, 0);
    }
    long now = clock.millis();
    long expires;
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT confirm_expires_at FROM subscriber WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        expires = rs.getLong(1);
      }
    }
    if (now >= expires) {
      return new Confirmation(Confirmation.Outcome.EXPIRED, id);
    }
    if (!apply) {
      return new Confirmation(Confirmation.Outcome.VALID, id);
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE subscriber SET state = ?, confirmed_at = ?, confirmed_ip = ?, bounces = 0,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
      ps.setString(1, SubscriberState.ACTIVE.label());
      ps.setLong(2, now);
      SubscriberRows.setNullable(ps, 3, ip);
      ps.setLong(4, now);
      ps.setLong(5, id);
      ps.setString(6, SubscriberState.PENDING.label());
      ps.executeUpdate();
    }
    return new Confirmation(Confirmation.Outcome.CONFIRMED, id);
  }

  /**
   * Confirms a pending subscriber on an operator's word (the person confirmed by other means): it
   * becomes active with the confirmation time and no client address. An active subscriber is
   * returned as it is; an unsubscribed or bounced one gives an empty result.
   */
  public synchronized Optional<Subscriber> confirm(EmailAddress address) {
    requireNonNull(address, "address");
    return inTransaction(
        "confirm " + address,
        () -> {
          Optional<Subscriber> s = findByKey(address.key());
          if (s.isEmpty() || s.get().state() == SubscriberState.ACTIVE) {
            return s;
          }
          if (s.get().state() != SubscriberState.PENDING) {
            return Optional.empty();
          }
          long now = clock.millis();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE subscriber SET state = ?, confirmed_at = ?, confirmed_ip = NULL,"
                      + " bounces = 0, updated_at = ? WHERE id = ?")) {
            ps.setString(1, SubscriberState.ACTIVE.label());
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setLong(4, s.get().id());
            ps.executeUpdate();
          }
          return findByKey(address.key());
        });
  }

  /**
   * Unsubscribes at once and for good: the subscriber receives nothing until subscribing again.
   * Unsubscribing twice changes nothing.
   *
   * @return the subscriber, empty if the token is unknown
   */
  public synchronized Optional<Subscriber> unsubscribe(String token) {
    requireNonNull(token, "token");
    return inTransaction(
        "unsubscribe",
        () -> {
          Optional<Subscriber> s = findBy("token", token);
          if (s.isPresent() && s.get().state() != SubscriberState.UNSUBSCRIBED) {
            setState(s.get().id(), SubscriberState.UNSUBSCRIBED);
            return findBy("token", token);
          }
          return s;
        });
  }

  /**
   * Unsubscribes an address (for an operator acting on a complaint or a mailed request).
   *
   * @return whether the address was on the list
   */
  public synchronized boolean unsubscribe(EmailAddress address) {
    requireNonNull(address, "address");
    Optional<Subscriber> s = find(address);
    return s.isPresent() && unsubscribe(s.get().token()).isPresent();
  }

  /** The subscriber with this address (compared by {@link EmailAddress#key()}). */
  public synchronized Optional<Subscriber> find(EmailAddress address) {
    requireNonNull(address, "address");
    try {
      return findByKey(address.key());
    } catch (SQLException e) {
      throw failure("read subscriber " + address, e);
    }
  }

  /** The subscriber with this token. */
  public synchronized Optional<Subscriber> findByToken(String token) {
    requireNonNull(token, "token");
    try {
      return findBy("token", token);
    } catch (SQLException e) {
      throw failure("read a subscriber by token", e);
    }
  }

  /**
   * Every subscriber in one state, or all of them when {@code state} is {@code null}, in id order.
   * Meant for listing in a terminal; senders use {@link #activeRecipients()}, which pages.
   */
  public synchronized List<Subscriber> list(SubscriberState state) {
    String sql =
        "SELECT "
            + SubscriberRows.COLUMNS
            + " FROM subscriber"
            + (state == null ? "" : " WHERE state = ?")
            + " ORDER BY id";
    List<Subscriber> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      if (state != null) {
        ps.setString(1, state.label());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(SubscriberRows.read(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("list subscribers", e);
    }
    return out;
  }

  /** How many subscribers are in each state (every state is a key). */
  public synchronized Map<SubscriberState, Integer> countByState() {
    Map<SubscriberState, Integer> counts = new EnumMap<>(SubscriberState.class);
    for (SubscriberState s : SubscriberState.values()) {
      counts.put(s, 0);
    }
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT state, COUNT(*) FROM subscriber GROUP BY state");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(SubscriberState.parse(rs.getString(1)), rs.getInt(2));
      }
    } catch (SQLException e) {
      throw failure("count subscribers", e);
    }
    return counts;
  }

  /**
   * The active subscribers as recipients, in id order, read page by page while iterating (memory
   * stays small for any list size). Subscribers who join or leave during the iteration may or may
   * not be included.
   */
  public Iterable<Recipient> activeRecipients() {
    return () ->
        new Iterator<>() {
          private long lastId = Long.MIN_VALUE;
          private Iterator<Subscriber> page = List.<Subscriber>of().iterator();
          private boolean exhausted;

          @Override
          public boolean hasNext() {
            if (!page.hasNext() && !exhausted) {
              List<Subscriber> next = activePage(lastId, PAGE);
              exhausted = next.size() < PAGE;
              if (!next.isEmpty()) {
                lastId = next.get(next.size() - 1).id();
              }
              page = next.iterator();
            }
            return page.hasNext();
          }

          @Override
          public Recipient next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.next().toRecipient();
          }
        };
  }

  private synchronized List<Subscriber> activePage(long afterId, int limit) {
    List<Subscriber> result = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + SubscriberRows.COLUMNS
                + " FROM subscriber WHERE state = ? AND id > ? ORDER BY id LIMIT "
                + limit)) {
      ps.setString(1, SubscriberState.ACTIVE.label());
      ps.setLong(2, afterId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(SubscriberRows.read(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("read active subscribers", e);
    }
    return result;
  }

  /**
   * Deletes pending subscriptions that were not confirmed within {@code maxAge} of signing up, as
   * double opt-in requires; their consent records go with them.
   *
   * @return how many were deleted
   */
  public synchronized int purgeUnconfirmed(Duration maxAge) {
    requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge is negative: " + maxAge);
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "DELETE FROM subscriber WHERE state = ? AND subscribed_at < ?")) {
      ps.setString(1, SubscriberState.PENDING.label());
      ps.setLong(2, clock.millis() - maxAge.toMillis());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("purge unconfirmed subscriptions", e);
    }
  }

  /** Closes the store and its journal. */
  @Override
  public synchronized void close() {
    try {
      if (journal != null) {
        journal.close();
      }
      if (bounceLog != null) {
        bounceLog.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw failure("close the subscriber database", e);
    }
  }

  /** Inserts a subscriber row with a new unsubscribe token. */
  void insert(
      EmailAddress address,
      String name,
      SubscriberState state,
      Consent consent,
      Instant unsubscribedAt,
      long now)
      throws SQLException {
    SubscriberRows.insert(
        connection, address, name, state, consent, unsubscribedAt, Tokens.newToken(24), now);
  }

  void updateName(long id, String name, long now) throws SQLException {
    SubscriberRows.updateName(connection, id, name, now);
  }

  /** Sets a state of having left, and drops a pending confirmation link. */
  void setState(long id, SubscriberState state) throws SQLException {
    SubscriberRows.setLeft(connection, id, state, clock.millis(), true);
  }

  /** Makes a pending subscriber active with this confirmation time (an import's word). */
  void activate(long id, Instant confirmedAt, long now) throws SQLException {
    SubscriberRows.activate(connection, id, confirmedAt, now);
  }

  Optional<Subscriber> findByKey(String key) throws SQLException {
    return findBy("address_key", key);
  }

  private Optional<Subscriber> findBy(String column, String value) throws SQLException {
    return SubscriberRows.find(connection, column, value);
  }

  /** Reads every subscriber in id order, one at a time, in this store's connection. */
  void forEach(SubscriberRows.RowConsumer consumer) throws SQLException {
    SubscriberRows.forEach(connection, consumer);
  }

  /** The store's clock. */
  Clock clock() {
    return clock;
  }

  interface SqlWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction of the store's connection; the caller holds the store's
   * lock.
   */
  <T> T inTransaction(String what, SqlWork<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  RundbriefException failure(String what, SQLException e) {
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
