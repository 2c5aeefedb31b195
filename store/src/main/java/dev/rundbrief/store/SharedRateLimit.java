package dev.rundbrief.store;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.delivery.Throttle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP rate limits (per second, per hour) kept for every process that sends from one PostgreSQL
 * store, so that they hold for the whole list however many workers send.
 *
 * <p>The state is one row of {@code send_rate}: for each limit a "theoretical arrival time" of the
 * generic cell rate algorithm (GCRA, the token bucket written as a time), on the database's clock
 * in microseconds. A message may start at {@code tat - tolerance}, and each message moves {@code
 * tat} on by one interval ({@code 1/rate}); the tolerance lets a burst of one second's worth (per
 * second) or one hour's worth (per hour) go out at once, like the single-process limiter. A worker
 * reserves a few slots per round trip (a quarter of a second's worth, at most 64) with one {@code
 * UPDATE ... RETURNING}, and waits for each slot's time locally. Slots reserved by a worker that
 * dies are lost (the others are slowed a little, never sped up), so over any window the whole send
 * stays within the limit plus the burst.
 */
public final class SharedRateLimit implements Throttle, AutoCloseable {
  private static final String NOW_US =
      "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";

  private final Database database;
  private final Connection connection;
  private final long secondInterval;
  private final long secondTolerance;
  private final long hourInterval;
  private final long hourTolerance;
  private final int block;

  /** Local start times (nanoTime) of reserved slots, oldest first. */
  private final Deque<Long> slots = new ArrayDeque<>();

  private SharedRateLimit(Database database, double perSecond, long perHour) throws SQLException {
    this.database = database;
    secondInterval = perSecond > 0 ? Math.max(1, Math.round(1e6 / perSecond)) : 0;
    secondTolerance = perSecond > 0 ? (long) ((Math.max(1, perSecond) - 1) * secondInterval) : 0;
    hourInterval = perHour > 0 ? Math.max(1, 3_600_000_000L / perHour) : 0;
    hourTolerance = perHour > 0 ? (perHour - 1) * hourInterval : 0;
    double quarter = perSecond > 0 ? perSecond / 4 : perHour / 3600.0 / 4;
    block = (int) Math.max(1, Math.min(64, Math.floor(quarter)));
    connection = database.connect();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO send_rate (name, second_tat, hour_tat) VALUES ('smtp', 0, 0)"
                + " ON CONFLICT (name) DO NOTHING")) {
      ps.executeUpdate();
    }
  }

  /**
   * The shared limits of the store, or null when neither limit is set (then nothing is paced and
   * nothing is asked of the database).
   *
   * @param perSecond messages per second over all workers, 0 for no limit
   * @param perHour messages per hour over all workers, 0 for no limit
   * @throws RundbriefException if the store is a SQLite file or cannot be opened
   */
  public static SharedRateLimit open(StoreLocation location, double perSecond, long perHour) {
    if (!(perSecond > 0) && perHour <= 0) {
      return null;
    }
    if (location.isSqlite()) {
      throw new RundbriefException("a shared rate limit needs a PostgreSQL store");
    }
    try {
      return new SharedRateLimit(Database.open(location), perSecond, perHour);
    } catch (SQLException e) {
      throw new RundbriefException(
          "database '" + location.description() + "' cannot be opened: " + e.getMessage(), e);
    }
  }

  /** How many slots one round trip reserves. */
  int block() {
    return block;
  }

  @Override
  public void acquire() throws InterruptedException {
    long at;
    synchronized (this) {
      if (slots.isEmpty()) {
        reserve();
      }
      at = slots.removeFirst();
    }
    long wait = at - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private void reserve() {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "WITH t AS (SELECT "
                + NOW_US
                + " AS now) UPDATE send_rate SET"
                + " second_tat = GREATEST(second_tat, t.now) + ?,"
                + " hour_tat = GREATEST(hour_tat, t.now) + ? FROM t WHERE name = 'smtp'"
                + " RETURNING send_rate.second_tat, send_rate.hour_tat, t.now")) {
      ps.setLong(1, block * secondInterval);
      ps.setLong(2, block * hourInterval);
      long localNow = System.nanoTime();
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the send_rate row is missing");
        }
        long second = rs.getLong(1);
        long hour = rs.getLong(2);
        long now = rs.getLong(3);
        for (int j = 0; j < block; j++) {
          long start = now;
          if (secondInterval > 0) {
            start = Math.max(start, second - (block - j) * secondInterval - secondTolerance);
          }
          if (hourInterval > 0) {
            start = Math.max(start, hour - (block - j) * hourInterval - hourTolerance);
          }
          slots.addLast(localNow + TimeUnit.MICROSECONDS.toNanos(start - now));
        }
      }
    } catch (SQLException e) {
      throw SendWorkers.failure(database, "take from the shared rate limit", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is pending on it.
    }
  }
}
