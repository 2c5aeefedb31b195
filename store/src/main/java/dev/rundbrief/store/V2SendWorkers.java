package dev.rundbrief.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 2 (issue 13, part B): what several processes need to send one issue together through
 * PostgreSQL ({@link SendWorkers}).
 *
 * <ul>
 *   <li>{@code delivery_issue.populated_at}: when the whole list was queued for the issue in one
 *       transaction by the first worker (null for an issue sent by a single {@code send}).
 *   <li>{@code delivery.lease_owner}: which worker claimed a queued recipient. The lease itself is
 *       the worker's: it holds its recipients while it has not ended and its heartbeat is younger
 *       than its lease, so a heartbeat writes one row, never the recipients' rows.
 *   <li>{@code send_worker}: one row per worker process (host, pid, start, heartbeat, lease length,
 *       messages sent, end).
 *   <li>{@code send_rate}: the shared pacing state of the SMTP rate limits (one row).
 *   <li>On PostgreSQL only, a partial index over the open recipients of an issue, so that a claim
 *       does not walk the rows already sent. SQLite sends from one process and does not claim; it
 *       gets no index that would cost pages on every recorded outcome.
 * </ul>
 */
final class V2SendWorkers extends StoreMigration {
  private static final List<String> DDL =
      List.of(
          "ALTER TABLE delivery_issue ADD COLUMN populated_at BIGINT",
          "ALTER TABLE delivery ADD COLUMN lease_owner VARCHAR(300)",
          "CREATE TABLE send_worker ("
              + " worker_id VARCHAR(300) PRIMARY KEY,"
              + " issue_id VARCHAR(200) NOT NULL,"
              + " host VARCHAR(255) NOT NULL,"
              + " pid BIGINT NOT NULL,"
              + " started_at BIGINT NOT NULL,"
              + " heartbeat_at BIGINT NOT NULL,"
              + " lease_ms BIGINT NOT NULL,"
              + " sent INTEGER NOT NULL,"
              + " ended_at BIGINT)",
          "CREATE INDEX send_worker_issue ON send_worker (issue_id)",
          "CREATE TABLE send_rate ("
              + " name VARCHAR(40) PRIMARY KEY,"
              + " second_tat BIGINT NOT NULL,"
              + " hour_tat BIGINT NOT NULL)");

  private static final String POSTGRES_INDEX =
      "CREATE INDEX delivery_open ON delivery (issue_id, address_key)"
          + " WHERE state IN ('queued', 'deferred')";

  V2SendWorkers(Database database) {
    super(2, "send workers: leases, worker table, shared rate", database);
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
      if (database.dialect() == Database.Dialect.POSTGRESQL) {
        s.execute(POSTGRES_INDEX);
      }
    }
  }
}
