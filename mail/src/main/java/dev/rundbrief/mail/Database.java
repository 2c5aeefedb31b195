package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens JDBC connections to the subscriber and journal database and keeps its schema current.
 *
 * <p>All data SQL in this package is plain SQL that SQLite (3.24 or later) and PostgreSQL (10 or
 * later, for identity columns; tested with 15) both run: {@code INSERT ... ON CONFLICT ... DO
 * NOTHING / DO UPDATE}, {@code LIMIT}, instants as {@code BIGINT} epoch milliseconds. The dialects
 * differ only in the DDL of generated ids ({@code INTEGER PRIMARY KEY} versus an identity column)
 * and in the connection set-up (the SQLite pragmas below), both in this class, and in how the
 * journal's writer opens its transactions ({@link DeliveryJournal}).
 */
final class Database {
  enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  /** Milliseconds a SQLite connection waits for another writer before it fails. */
  static final int BUSY_TIMEOUT_MILLIS = 15_000;

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
   * Version 2 drops the journal's state index: every recorded outcome changes a recipient's state,
   * so the index cost two more pages per commit on the send's hot path. The reads that used it
   * (counts, records in one state, whether an issue is finished) read the rows through the
   * primary key instead, a few milliseconds per 100,000 recipients.
   */
  private static final List<String> MIGRATIONS_V2 = List.of("DROP INDEX IF EXISTS delivery_state");

  /**
   * Version 3: purpose-bound confirmation links and a sign-up count that survives restarts. A
   * pending sign-up holds the SHA-256 of its single-use confirmation token (never the token) and
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
   * Version 4: the bounce records (issue 12), one self-contained step that touches no other table:
   * one row per message read from the bounce mailbox or a file, keyed by the SHA-256 of its bytes
   * so that each message is processed once, with the decision, its reason and what was done.
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

  private final String url;
  private final Properties properties;
  private final Dialect dialect;

  private Database(String url, Properties properties) {
    this.url = requireNonNull(url, "url");
    this.properties = new Properties();
    this.properties.putAll(properties);
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      dialect = Dialect.SQLITE;
    } else if (lower.startsWith("jdbc:postgresql:")) {
      dialect = Dialect.POSTGRESQL;
    } else {
      throw new IllegalArgumentException(
          "database URL '" + redact(url) + "' is neither jdbc:sqlite: nor jdbc:postgresql:");
    }
  }

  /** Opens the database and migrates its schema to the current version. */
  static Database open(String url, Properties properties) throws SQLException {
    Database db = new Database(url, properties);
    try (Connection c = db.connect()) {
      db.migrate(c);
    }
    return db;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The URL for messages: a password given in it is masked. */
  String displayUrl() {
    return redact(url);
  }

  /** Masks {@code password=...} parameters of a JDBC URL, for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /**
   * Opens a connection in auto-commit mode.
   *
   * <p>SQLite connections use WAL (readers never block the single writer), {@code synchronous=FULL}
   * (a commit is on disk when it returns, even after a power loss: the journal's duplicate window
   * relies on that; in WAL mode NORMAL could lose the last commits) and a busy timeout, so that the
   * journal writer and the subscriber store can share one file.
   */
  Connection connect() throws SQLException {
    return connect(properties);
  }

  /**
   * Opens a connection like {@link #connect()} whose transactions take SQLite's write lock when
   * they begin ({@code BEGIN IMMEDIATE}), so that a transaction that reads before it writes waits
   * for another writer (busy timeout) instead of failing with {@code SQLITE_BUSY} when the other
   * writer commits in between. For the delivery journal's writer.
   */
  Connection connectForWriting() throws SQLException {
    if (dialect != Dialect.SQLITE) {
      return connect(properties);
    }
    Properties immediate = new Properties();
    immediate.putAll(properties);
    immediate.setProperty("transaction_mode", "IMMEDIATE");
    return connect(immediate);
  }

  private Connection connect(Properties properties) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      SqliteNativeLibrary.prepare();
    }
    Connection c = DriverManager.getConnection(url, properties);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    }
    c.setAutoCommit(false);
    try {
      int current = 0;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) {
          current = rs.getInt(1);
        }
      }
      if (current > CURRENT_VERSION) {
        throw new SQLException(
            "database schema version "
                + current
                + " is newer than this Rundbrief understands ("
                + CURRENT_VERSION
                + "); use a newer Rundbrief");
      }
      if (current < 1) {
        try (Statement s = c.createStatement()) {
          for (String ddl : MIGRATIONS_V1) {
            s.execute(ddl.replace("%ID%", idColumn()));
          }
          s.execute("INSERT INTO schema_version (version) VALUES (1)");
        }
      }
      if (current < 2) {
        try (Statement s = c.createStatement()) {
          for (String ddl : MIGRATIONS_V2) {
            s.execute(ddl);
          }
          s.execute("INSERT INTO schema_version (version) VALUES (2)");
        }
      }
      if (current < 3) {
        try (Statement s = c.createStatement()) {
          for (String ddl : MIGRATIONS_V3) {
            s.execute(ddl);
          }
          s.execute("INSERT INTO schema_version (version) VALUES (3)");
        }
      }
      if (current < 4) {
        try (Statement s = c.createStatement()) {
          for (String ddl : MIGRATIONS_V4_BOUNCES) {
            s.execute(ddl.replace("%ID%", idColumn()));
          }
          s.execute("INSERT INTO schema_version (version) VALUES (4)");
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The schema version this code writes; migrations up to it run on open. */
  static final int CURRENT_VERSION = 4;

  private String idColumn() {
    return dialect == Dialect.SQLITE
        ? "INTEGER PRIMARY KEY"
        : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  }
}
