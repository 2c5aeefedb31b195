package dev.rundbrief.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The one schema history of a workspace's database, kept by Flyway in {@code
 * flyway_schema_history}: every table of every part of Rundbrief is created and changed by the
 * migrations listed here, in order, and nowhere else.
 *
 * <ol>
 *   <li>{@link V1OneSchema}: the tables as the two separate version tables of earlier releases left
 *       them ({@code schema_version} at 4, {@code workspace_schema} at 1), created on a new
 *       database and taken over (and brought up to date) on an existing one.
 *   <li>{@link V2SendWorkers}: leases, workers and the shared rate of sends from several processes.
 * </ol>
 *
 * <p>Opening a current database costs one query: Flyway itself (and its class loading) runs only
 * when the history is behind. A database written by a newer Rundbrief is refused, so that an older
 * one never writes into tables it does not know. Two processes that open a database at the same
 * moment are safe: on PostgreSQL the whole migration runs under an advisory lock of its own ({@link
 * #MIGRATION_LOCK}; Flyway's lock does not cover creating its history table); on SQLite every
 * migration transaction begins with the write lock ({@code BEGIN IMMEDIATE}), so the second process
 * waits for the first and then finds nothing left to do.
 */
final class Schema {
  /** The version of the last migration; a database at it needs no migration. */
  static final int CURRENT_VERSION = 2;

  /** The history table, Flyway's default name. */
  static final String HISTORY_TABLE = "flyway_schema_history";

  /** Where SQL migrations would be found; only this store's own folder, never {@code db/}. */
  private static final String SQL_LOCATION = "classpath:dev/rundbrief/store/migration";

  static {
    // Flyway reports every step at INFO through whatever logging it finds; a library that opens a
    // database must not print. Flyway takes its "console" logger from the fallback creator, which
    // sends only warnings and errors on, to the platform logger of the store.
    LogFactory.setFallbackLogCreator(type -> new QuietLog());
  }

  private Schema() {}

  /**
   * Brings the database to {@link #CURRENT_VERSION}.
   *
   * @throws SQLException if a migration fails (nothing of it is kept), or the database was written
   *     by a newer Rundbrief
   */
  static void migrate(Database db) throws SQLException {
    try (Connection c = db.connect()) {
      int applied = appliedVersion(c);
      if (applied == CURRENT_VERSION) {
        return;
      }
      refuseNewer(applied, "");
      if (db.dialect() == Database.Dialect.POSTGRESQL) {
        migrateLocked(db, c);
        return;
      }
    }
    runFlyway(db);
  }

  /**
   * Key of the session-level advisory lock that serializes migrations on PostgreSQL; distinct from
   * the key Flyway derives for its own lock.
   */
  static final long MIGRATION_LOCK = 0x52756e6462726965L; // "Rundbrie"

  /**
   * Migrates under one advisory lock held by {@code c} for the whole run. Flyway's own lock covers
   * its migrations but not the creation of the history table and the baseline: of several processes
   * opening a new database at once, one then found the table created and still empty and failed
   * ("Unable to baseline schema history table ... as it already exists, and is empty"). The others
   * wait here and find the database current.
   */
  private static void migrateLocked(Database db, Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        int applied = appliedVersion(c);
        if (applied != CURRENT_VERSION) {
          refuseNewer(applied, "");
          runFlyway(db);
        }
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
      }
    }
  }

  private static void runFlyway(Database db) throws SQLException {
    try {
      Flyway.configure(Schema.class.getClassLoader())
          .dataSource(new Source(db))
          .loggers("console")
          .table(HISTORY_TABLE)
          .locations(SQL_LOCATION)
          .failOnMissingLocations(false)
          // A database with the legacy tables has no history yet: Flyway records it as version 0,
          // and migration 1 takes the tables over (see V1OneSchema for why not a real baseline).
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .baselineDescription("tables of a release before the store module, if any")
          .javaMigrations(new V1OneSchema(db), new V2SendWorkers(db))
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new SQLException("schema migration failed: " + rootMessage(e), e);
    }
  }

  /** Throws if {@code version} is newer than this code understands. */
  static void refuseNewer(int version, String table) throws SQLException {
    if (version > CURRENT_VERSION) {
      throw new SQLException(
          "database schema version "
              + version
              + (table.isEmpty() ? "" : " (" + table + ")")
              + " is newer than this Rundbrief understands ("
              + CURRENT_VERSION
              + "); use a newer Rundbrief");
    }
  }

  /**
   * The highest successfully applied version in the history; -1 when there is no history, or it
   * holds a failed migration (Flyway then reports it).
   */
  static int appliedVersion(Connection c) throws SQLException {
    if (!tableExists(c, HISTORY_TABLE)) {
      return -1;
    }
    int max = -1;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, success FROM " + HISTORY_TABLE + " WHERE version IS NOT NULL")) {
      while (rs.next()) {
        if (!rs.getBoolean(2)) {
          return -1;
        }
        String version = rs.getString(1);
        int dot = version.indexOf('.');
        max = Math.max(max, Integer.parseInt(dot < 0 ? version : version.substring(0, dot)));
      }
    } catch (NumberFormatException e) {
      throw new SQLException("unexpected version in " + HISTORY_TABLE + ": " + e.getMessage(), e);
    }
    return max;
  }

  /** Whether a table of this name exists in the connection's current schema. */
  static boolean tableExists(Connection c, String name) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = meta.getURL().startsWith("jdbc:sqlite:") ? null : c.getSchema();
    try (ResultSet rs = meta.getTables(null, schema, name, new String[] {"TABLE"})) {
      while (rs.next()) {
        if (name.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
          return true;
        }
      }
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.strip();
  }

  /** Flyway's connections: the store's own, with its pragmas and immediate transactions. */
  private static final class Source implements DataSource {
    private final Database db;

    Source(Database db) {
      this.db = db;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return db.connectForWriting();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }

  /** Flyway's log: warnings and errors to the platform logger, nothing else. */
  private static final class QuietLog implements Log {
    private static final System.Logger LOGGER = System.getLogger("dev.rundbrief.store");

    @Override
    public void debug(String message) {}

    @Override
    public void info(String message) {}

    @Override
    public void notice(String message) {}

    @Override
    public void warn(String message) {
      LOGGER.log(System.Logger.Level.WARNING, "schema migration: " + message);
    }

    @Override
    public void error(String message) {
      LOGGER.log(System.Logger.Level.ERROR, "schema migration: " + message);
    }

    @Override
    public void error(String message, Exception e) {
      LOGGER.log(System.Logger.Level.ERROR, "schema migration: " + message, e);
    }
  }
}
