package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long {@link StoreCopy} takes for a large list: a measurement, not a test. Its name does not
 * end in {@code IT}, so the build never runs it; it runs when selected with {@code
 * -Dit.test=StoreCopyTiming -Drundbrief.copy.rows=N} (see docs/benchmarks.md). It fills a SQLite
 * store with N subscribers and a send of one issue to all of them, then copies it into PostgreSQL
 * twice: with the driver's plain batches and with {@code reWriteBatchedInserts=true}, alternating,
 * and prints the times.
 */
class StoreCopyTiming {
  @RegisterExtension static final PostgresDatabases POSTGRES = new PostgresDatabases("zeit");

  @TempDir Path dir;

  @Test
  void copyALargeList() throws Exception {
    String rows = System.getProperty("rundbrief.copy.rows", "");
    assumeTrue(!rows.isEmpty(), "a measurement: set -Drundbrief.copy.rows=N to run it");
    int n = Integer.parseInt(rows);
    StoreLocation sqlite = StoreLocation.sqlite(dir.resolve("gross.db"));
    SubscriberStore.open(sqlite, Clock.systemUTC()).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gross.db"))) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO subscriber (address, address_key, name, state, token,"
                      + " subscribed_at, source, consent_version, confirmed_at, ip, bounces,"
                      + " updated_at) VALUES (?, ?, ?, 'active', ?, 1767225600000, 'import',"
                      + " 'v1', 1767225600000, '192.0.2.1', 0, 1767225600000)");
          PreparedStatement d =
              c.prepareStatement(
                  "INSERT INTO delivery (issue_id, address_key, address, state, attempts,"
                      + " reply_code, reply, run_id, updated_at) VALUES ('issue-1', ?, ?, 'sent',"
                      + " 1, 250, '250 2.0.0 Ok: queued', 'r1', 1767225600000)")) {
        for (int i = 0; i < n; i++) {
          String address = "leserin" + i + "@example.org";
          s.setString(1, address);
          s.setString(2, address);
          s.setString(3, "Leserin Nummer " + i + " – Jäger");
          s.setString(4, String.format(Locale.ROOT, "%043d", i));
          s.addBatch();
          d.setString(1, address);
          d.setString(2, address);
          d.addBatch();
        }
        s.executeBatch();
        d.executeBatch();
      }
      c.createStatement()
          .execute("INSERT INTO delivery_issue VALUES ('issue-1', 1767225600000, 1767229200000)");
      c.commit();
    }
    for (int round = 1; round <= 2; round++) {
      for (boolean rewrite : new boolean[] {false, true}) {
        StoreLocation fresh = POSTGRES.newDatabase();
        StoreLocation target =
            rewrite
                ? StoreLocation.jdbc(
                    POSTGRES.url() + "?reWriteBatchedInserts=true",
                    POSTGRES.user(),
                    passwordOf(fresh))
                : fresh;
        long t0 = System.nanoTime();
        StoreCopy.Report report = StoreCopy.copy(sqlite, target);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(report.rows()).isEqualTo(2L * n + 1);
        System.out.printf(
            Locale.ROOT,
            "store copy timing: round %d, %s, %d rows in %.2f s (%.0f rows/s)%n",
            round,
            rewrite ? "reWriteBatchedInserts" : "plain batches",
            report.rows(),
            seconds,
            report.rows() / seconds);
      }
    }
  }

  private static String passwordOf(StoreLocation location) {
    return location.properties().getProperty("password", "");
  }
}
