package dev.rundbrief.store;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * The rows of the {@code subscriber} table: reading one into a {@link Subscriber}, inserting, and
 * the changes that every part of the store makes (the list itself, its CSV import, the delivery
 * journal, the bounce records), in the caller's connection and transaction. The journal and the
 * bounce log call these operations instead of writing the table's SQL themselves.
 */
final class SubscriberRows {
  /** The columns {@link #read} expects, in its order. */
  static final String COLUMNS =
      "id, address, name, state, token, subscribed_at, source, consent_version, confirmed_at, ip,"
          + " unsubscribed_at, bounces, confirmed_ip";

  private SubscriberRows() {}

  /** Receives one subscriber; for reading the whole list without holding it in memory. */
  interface RowConsumer {
    void accept(Subscriber subscriber) throws SQLException;
  }

  /** Inserts a subscriber. */
  static void insert(
      Connection c,
      EmailAddress address,
      String name,
      SubscriberState state,
      Consent consent,
      Instant unsubscribedAt,
      String token,
      long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO subscriber (address, address_key, name, state, token, subscribed_at,"
                + " source, consent_version, confirmed_at, ip, unsubscribed_at, bounces,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
      ps.setString(1, address.value());
      ps.setString(2, address.key());
      ps.setString(3, name);
      ps.setString(4, state.label());
      ps.setString(5, token);
      ps.setLong(6, consent.subscribedAt().toEpochMilli());
      ps.setString(7, consent.source());
      ps.setString(8, consent.consentTextVersion());
      setInstant(ps, 9, consent.confirmedAt());
      setNullable(ps, 10, consent.ip());
      setInstant(ps, 11, unsubscribedAt);
      ps.setLong(12, now);
      ps.executeUpdate();
    }
  }

  /** Changes a subscriber's name. */
  static void updateName(Connection c, long id, String name, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE subscriber SET name = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, name);
      ps.setLong(2, now);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Makes a subscriber active with this confirmation time, keeping the rest of the consent. */
  static void activate(Connection c, long id, Instant confirmedAt, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE subscriber SET state = ?, confirmed_at = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, SubscriberState.ACTIVE.label());
      ps.setLong(2, confirmedAt.toEpochMilli());
      ps.setLong(3, now);
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  /**
   * The subscriber whose {@code column} has this value ({@code column} is the caller's constant).
   */
  static Optional<Subscriber> find(Connection c, String column, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM subscriber WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Every subscriber in id order, one at a time. */
  static void forEach(Connection c, RowConsumer consumer) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM subscriber ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        consumer.accept(read(rs));
      }
    }
  }

  /** The subscriber of the current row of a query that selected {@link #COLUMNS}. */
  static Subscriber read(ResultSet rs) throws SQLException {
    long confirmed = rs.getLong(9);
    Instant confirmedAt = rs.wasNull() ? null : Instant.ofEpochMilli(confirmed);
    long unsubscribed = rs.getLong(11);
    Instant unsubscribedAt = rs.wasNull() ? null : Instant.ofEpochMilli(unsubscribed);
    String ip = rs.getString(10);
    return new Subscriber(
        rs.getLong(1),
        new EmailAddress(rs.getString(2)),
        rs.getString(3),
        SubscriberState.parse(rs.getString(4)),
        rs.getString(5),
        new Consent(
            Instant.ofEpochMilli(rs.getLong(6)),
            rs.getString(7),
            rs.getString(8),
            ip,
            confirmedAt,
            rs.getString(13)),
        unsubscribedAt,
        rs.getInt(12));
  }

  /** Sets a parameter to an instant's epoch milliseconds, or SQL NULL. */
  static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  /** Sets a parameter to a text, or SQL NULL when it is null or empty. */
  static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null || value.isEmpty()) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /**
   * Prepares the statement of {@link #addBounce}, to be run as a batch in the caller's transaction.
   */
  static PreparedStatement prepareBounceCount(Connection c) throws SQLException {
    return c.prepareStatement(
        "UPDATE subscriber SET bounces = bounces + 1,"
            + " state = CASE WHEN bounces + 1 >= ? AND state = 'active'"
            + " THEN 'bounced' ELSE state END,"
            + " unsubscribed_at = CASE WHEN bounces + 1 >= ? AND state = 'active'"
            + " THEN ? ELSE unsubscribed_at END,"
            + " updated_at = ? WHERE address_key = ?");
  }

  /**
   * Adds to the batch: one more permanent delivery failure of the subscriber with this address key;
   * an active subscriber who reaches {@code threshold} becomes bounced (and counts as left at
   * {@code now}).
   */
  static void addBounce(PreparedStatement ps, String addressKey, int threshold, long now)
      throws SQLException {
    ps.setInt(1, threshold);
    ps.setInt(2, threshold);
    ps.setLong(3, now);
    ps.setLong(4, now);
    ps.setString(5, addressKey);
    ps.addBatch();
  }

  /**
   * Sets a subscriber's state as left at {@code now} (unsubscribed or bounced). With {@code
   * dropConfirmationLink} a pending confirmation link stops working too (an unsubscription); a
   * bounce record leaves it as it is.
   */
  static void setLeft(
      Connection c, long id, SubscriberState state, long now, boolean dropConfirmationLink)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE subscriber SET state = ?, unsubscribed_at = ?, updated_at = ?"
                + (dropConfirmationLink ? ", confirm_hash = NULL, confirm_expires_at = NULL" : "")
                + " WHERE id = ?")) {
      ps.setString(1, state.label());
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }
}
