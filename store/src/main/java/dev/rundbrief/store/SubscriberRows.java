package dev.rundbrief.store;

import dev.rundbrief.mail.SubscriberState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The changes to the {@code subscriber} table that other parts of the store make (the delivery
 * journal, the bounce records), in the caller's connection and transaction. The subscriber table's
 * rules live with the subscriber list; the journal and the bounce log call these operations instead
 * of writing the table's SQL themselves.
 */
final class SubscriberRows {
  private SubscriberRows() {}

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
   * Sets a subscriber's state as left at {@code now} (unsubscribed or bounced), without touching a
   * pending confirmation link.
   */
  static void setLeft(Connection c, long id, SubscriberState state, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE subscriber SET state = ?, unsubscribed_at = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, state.label());
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }
}
