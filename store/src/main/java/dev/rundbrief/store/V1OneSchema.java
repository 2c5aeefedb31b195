package dev.rundbrief.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 1: the whole schema as the last release before the store module left it, created on a
 * new database and taken over on an existing one.
 *
 * <p>Until then one database had two version tables: {@code schema_version} (the subscriber list,
 * journal and bounce records; versions 1 to 4 below) and {@code workspace_schema} (articles, issues
 * and feed-source state; version 1). A workspace may carry either, both, or an older {@code
 * schema_version} (a list created by an earlier release and not opened since). This migration reads
 * both, runs the legacy steps the database has not had yet (with their original DDL, so a migrated
 * database is the same as a new one), creates the workspace tables if they are missing, and drops
 * both legacy version tables; from then on {@code flyway_schema_history} is the only history. It
 * runs in one transaction: a failure leaves the database as it was. A legacy version newer than the
 * ones below (written by a release this code does not know) is refused.
 *
 * <p>Flyway's baseline was not used: it marks a database as being at one version without running
 * anything, which fits only databases that are exactly at that version, and workspaces here can be
 * at several (either table, both, older list versions).
 */
final class V1OneSchema extends StoreMigration {
  /** The last version of the legacy {@code schema_version} table. */
  static final int LEGACY_LIST_VERSION = 4;

  /** The last version of the legacy {@code workspace_schema} table. */
  static final int LEGACY_WORKSPACE_VERSION = 1;

  /** Legacy version 1: the subscriber list and the delivery journal. */
  private static final List<String> MIGRATIONS_V1 =
      List.of(
          "CREATE TABLE subscriber ("
              + " id %ID%,"
              + " address VARCHAR(254) NOT NULL,"
              + " address_key VARCHAR(254) NOT NULL UNIQUE,"
              + " name VARCHAR(200) NOT NULL,"
              + " state VARCHAR(16) NOT NULL,"
              + " token VARCHAR(64) NOT NULL UNIQUE,"
              + " subscribed_at BIGINT NOT NULL,"
              + " source VARCHAR(200) NOT NULL,"
              + " consent_version VARCHAR(100) NOT NULL,"
              + " confirmed_at BIGINT,"
              + " ip VARCHAR(64),"
              + " unsubscribed_at BIGINT,"
              + " bounces INTEGER NOT NULL,"
              + " updated_at BIGINT NOT NULL)",
          "CREATE INDEX subscriber_state ON subscriber (state, id)",
          "CREATE TABLE delivery_issue ("
              + " issue_id VARCHAR(200) PRIMARY KEY,"
              + " started_at BIGINT NOT NULL,"
              + " finished_at BIGINT)",
          "CREATE TABLE delivery ("
              + " issue_id VARCHAR(200) NOT NULL,"
              + " address_key VARCHAR(254) NOT NULL,"
              + " address VARCHAR(254) NOT NULL,"
              + " state VARCHAR(16) NOT NULL,"
              + " attempts INTEGER NOT NULL,"
              + " reply_code INTEGER,"
              + " reply VARCHAR(1000),"
              + " run_id VARCHAR(40),"
              + " updated_at BIGINT NOT NULL,"
              + " PRIMARY KEY (issue_id, address_key))",
          "CREATE INDEX delivery_state ON delivery (issue_id, state)");

  /**
   * Legacy version 2 dropped the journal's state index: every recorded outcome changes a
   * recipient's state, so the index cost two more pages per commit on the send's hot path. The
   * reads that used it (counts, records in one state, whether an issue is finished) read the
   * issue's rows through the primary key instead, a few milliseconds per 100,000 recipients.
   */
  private static final List<String> MIGRATIONS_V2 = List.of("DROP INDEX IF EXISTS delivery_state");

  /**
   * Legacy version 3: purpose-bound confirmation links and a sign-up count that survives restarts.
   * A pending sign-up holds the SHA-256 of its single-use confirmation token (never the token) and
   * when the link expires; the consent record gets the address the confirmation came from. {@code
   * signup_count} counts sign-ups and confirmation mails per address and window.
   */
  private static final List<String> MIGRATIONS_V3 =
      List.of(
          "ALTER TABLE subscriber ADD COLUMN confirm_hash VARCHAR(64)",
          "ALTER TABLE subscriber ADD COLUMN confirm_expires_at BIGINT",
          "ALTER TABLE subscriber ADD COLUMN confirmed_ip VARCHAR(64)",
          "CREATE UNIQUE INDEX subscriber_confirm_hash ON subscriber (confirm_hash)",
          "CREATE TABLE signup_count ("
              + " address_key VARCHAR(254) NOT NULL,"
              + " window_start BIGINT NOT NULL,"
              + " attempts INTEGER NOT NULL,"
              + " mails INTEGER NOT NULL,"
              + " PRIMARY KEY (address_key, window_start))",
          "CREATE INDEX signup_count_window ON signup_count (window_start)");

  /**
   * Legacy version 4: the bounce records (issue 12), one self-contained step that touches no other
   * table: one row per message read from the bounce mailbox or a file, keyed by the SHA-256 of its
   * bytes so that each message is processed once, with the decision, its reason and what was done.
   */
  private static final List<String> MIGRATIONS_V4_BOUNCES =
      List.of(
          "CREATE TABLE IF NOT EXISTS bounce_event ("
              + " id %ID%,"
              + " message_key VARCHAR(64) NOT NULL UNIQUE,"
              + " source VARCHAR(500) NOT NULL,"
              + " received_at BIGINT NOT NULL,"
              + " kind VARCHAR(16) NOT NULL,"
              + " recipient VARCHAR(254) NOT NULL,"
              + " subscriber_id BIGINT,"
              + " address_key VARCHAR(254),"
              + " issue INTEGER,"
              + " status VARCHAR(16) NOT NULL,"
              + " diagnostic VARCHAR(500) NOT NULL,"
              + " reason VARCHAR(500) NOT NULL,"
              + " sender_warning INTEGER NOT NULL,"
              + " verp VARCHAR(8) NOT NULL,"
              + " action VARCHAR(32) NOT NULL,"
              + " action_reason VARCHAR(500) NOT NULL)",
          "CREATE INDEX IF NOT EXISTS bounce_event_subscriber ON bounce_event (subscriber_id, received_at)",
          "CREATE INDEX IF NOT EXISTS bounce_event_issue ON bounce_event (issue)");

  /**
   * The workspace's own tables, as the command created them (legacy {@code workspace_schema} 1).
   */
  private static final List<String> WORKSPACE_TABLES =
      List.of(
          "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, sort_date TEXT,"
              + " imported_at TEXT NOT NULL, origin TEXT NOT NULL, json TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS issues (number INTEGER PRIMARY KEY,"
              + " period_start TEXT NOT NULL, period_end TEXT NOT NULL, created TEXT NOT NULL,"
              + " json TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS source_state (url TEXT PRIMARY KEY, etag TEXT,"
              + " last_modified TEXT, fetched_at TEXT NOT NULL)");

  private static final List<List<String>> LEGACY_LIST_STEPS =
      List.of(MIGRATIONS_V1, MIGRATIONS_V2, MIGRATIONS_V3, MIGRATIONS_V4_BOUNCES);

  /**
   * The DDL of one legacy {@code schema_version} step (1 to 4), with {@code %ID%} for the dialect's
   * generated id column; for tests that build a legacy database.
   */
  static List<String> legacyListStep(int version) {
    return LEGACY_LIST_STEPS.get(version - 1);
  }

  V1OneSchema(Database database) {
    super(1, "one schema (legacy schema_version 4 and workspace_schema 1 taken over)", database);
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    int list = legacyVersion(c, "schema_version");
    int workspace = legacyVersion(c, "workspace_schema");
    if (list > LEGACY_LIST_VERSION) {
      throw newer("schema_version", list);
    }
    if (workspace > LEGACY_WORKSPACE_VERSION) {
      throw newer("workspace_schema", workspace);
    }
    try (Statement s = c.createStatement()) {
      for (int step = list + 1; step <= LEGACY_LIST_VERSION; step++) {
        for (String ddl : LEGACY_LIST_STEPS.get(step - 1)) {
          s.execute(ddl.replace("%ID%", database.idColumn()));
        }
      }
      for (String ddl : WORKSPACE_TABLES) {
        s.execute(ddl);
      }
      s.execute("DROP TABLE IF EXISTS schema_version");
      s.execute("DROP TABLE IF EXISTS workspace_schema");
    }
  }

  /** The highest version in a legacy version table, 0 when the table does not exist. */
  private static int legacyVersion(Connection c, String table) throws SQLException {
    if (!Schema.tableExists(c, table)) {
      return 0;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + table)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static SQLException newer(String table, int version) {
    return new SQLException(
        "database schema version "
            + version
            + " ("
            + table
            + ") is newer than this Rundbrief understands; use a newer Rundbrief");
  }
}
