package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies a workspace's SQLite store into an empty PostgreSQL database: every table the store's
 * migrations create, in one transaction on the target, verified before it commits.
 *
 * <p>The tables and their columns are not listed here: they are read from the databases after both
 * were migrated to the current schema ({@link Schema}), so a table that a later migration adds is
 * copied without a change here, and a column type this copy does not know how to carry over exactly
 * stops the copy with a message instead of guessing. Every store column today is a 64- or 32-bit
 * integer (instants as epoch milliseconds, flags as 0/1) or text, and both keep their exact value
 * across the two dialects; text that PostgreSQL cannot hold (a NUL character) or that is longer
 * than the column allows is refused with the table, column and row.
 *
 * <p>Steps: the target's store tables must be empty (checked before the target is migrated, so that
 * a refused copy changes nothing there), the target is migrated with the store's own migrations,
 * then one transaction locks the target's tables against writers, checks again that they are empty,
 * inserts the rows in batches, compares every table's row count and an order-independent content
 * checksum (SHA-256 of each row's values, summed) of what was read from SQLite with what PostgreSQL
 * now holds, moves the generated-id sequences past the copied ids, and commits. Any failure rolls
 * the transaction back: the target then holds the (empty) schema and no rows. The source is read in
 * one read transaction, so a consistent state is copied even while another process writes to the
 * SQLite file.
 */
public final class StoreCopy {
  /** Rows sent to PostgreSQL in one JDBC batch. */
  static final int BATCH_ROWS = 1_000;

  private StoreCopy() {}

  /**
   * What was copied from one table.
   *
   * @param table the table name
   * @param rows the number of rows copied (and found in the target afterwards)
   * @param checksum the content checksum that both sides agreed on, 16 hex digits
   */
  public record Table(String table, long rows, String checksum) {
    /** Checks the parts. */
    public Table {
      requireNonNull(table, "table");
      requireNonNull(checksum, "checksum");
    }
  }

  /**
   * The result of a copy.
   *
   * @param source the SQLite file, for messages
   * @param target the PostgreSQL URL with any password masked
   * @param tables every table of the store, in name order
   */
  public record Report(String source, String target, List<Table> tables) {
    /** Checks the parts and copies the list. */
    public Report {
      requireNonNull(source, "source");
      requireNonNull(target, "target");
      tables = List.copyOf(tables);
    }

    /** All rows copied. */
    public long rows() {
      return tables.stream().mapToLong(Table::rows).sum();
    }
  }

  /**
   * Copies the store at {@code source} (a SQLite file) into the empty PostgreSQL database at {@code
   * target}. The source is migrated to the current schema first, as every command does on open.
   *
   * @throws RundbriefException with a one-line message naming the source or the target (password
   *     masked) when the source is not a SQLite file that exists, the target is not PostgreSQL,
   *     cannot be reached or logged into, holds any row in a store table or a table of a store
   *     table's name that Rundbrief did not create, or a value cannot be carried over; nothing is
   *     then changed in the target except, possibly, its empty schema
   */
  public static Report copy(StoreLocation source, StoreLocation target) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    if (!source.isSqlite()) {
      throw new RundbriefException(
          "store copy reads a SQLite store, and "
              + source.description()
              + " is already a PostgreSQL database; copy a PostgreSQL database with pg_dump");
    }
    if (target.isSqlite()) {
      throw new RundbriefException(
          "store copy writes to PostgreSQL: the target must be a jdbc:postgresql: URL, is '"
              + target.description()
              + "'");
    }
    if (source.file().isPresent() && !Files.isRegularFile(source.file().get())) {
      throw new RundbriefException(
          "there is no store to copy: " + source.description() + " does not exist");
    }
    Database from;
    try {
      from = Database.open(source);
    } catch (SQLException e) {
      throw new RundbriefException(
          "cannot open the store " + source.description() + ": " + oneLine(e), e);
    }
    try {
      return copy(from, source, target);
    } catch (SQLException e) {
      throw new RundbriefException(
          "cannot copy the store to " + target.description() + ": " + oneLine(e), e);
    }
  }

  private static Report copy(Database from, StoreLocation source, StoreLocation target)
      throws SQLException {
    try (Connection in = from.connect()) {
      in.setAutoCommit(false); // one read transaction: one consistent state of the source
      try {
        Map<String, List<Column>> sourceTables = tables(in, false, null);
        refuseRows(target, sourceTables.keySet());
        Database to = Database.open(target);
        try (Connection out = to.connect()) {
          out.setAutoCommit(false);
          try {
            Report report = copy(in, out, sourceTables, source, target);
            out.commit();
            return report;
          } catch (SQLException | RuntimeException e) {
            out.rollback();
            throw e;
          }
        }
      } finally {
        in.rollback();
      }
    }
  }

  private static Report copy(
      Connection in,
      Connection out,
      Map<String, List<Column>> sourceTables,
      StoreLocation source,
      StoreLocation target)
      throws SQLException {
    Map<String, List<Column>> targetTables = tables(out, true, sourceTables.keySet());
    if (!targetTables.keySet().equals(sourceTables.keySet())) {
      Set<String> missing = new TreeSet<>(sourceTables.keySet());
      missing.removeAll(targetTables.keySet());
      throw new SQLException(
          "the migrated target has no table "
              + String.join(", ", missing)
              + "; source and target should be at the same schema version");
    }
    try (Statement s = out.createStatement()) {
      // No other process may write into the tables while they are filled (reads are allowed).
      s.execute("LOCK TABLE " + String.join(", ", targetTables.keySet()) + " IN EXCLUSIVE MODE");
    }
    for (String table : targetTables.keySet()) {
      if (hasRows(out, table)) {
        throw new RundbriefException(notEmpty(target, table));
      }
    }
    List<Table> copied = new ArrayList<>();
    for (Map.Entry<String, List<Column>> t : targetTables.entrySet()) {
      String table = t.getKey();
      List<Column> columns = t.getValue();
      Set<String> sourceColumns = new TreeSet<>();
      sourceTables.get(table).forEach(c -> sourceColumns.add(c.name()));
      Set<String> targetColumns = new TreeSet<>();
      columns.forEach(c -> targetColumns.add(c.name()));
      if (!sourceColumns.equals(targetColumns)) {
        throw new SQLException(
            "table "
                + table
                + " has the columns "
                + targetColumns
                + " in the target and "
                + sourceColumns
                + " in the source");
      }
      Checksum read = copyTable(in, out, table, columns);
      long count = count(out, table);
      Checksum written = checksum(out, table, columns);
      if (count != read.rows() || !written.equals(read)) {
        throw new SQLException(
            "verification failed for table "
                + table
                + ": read "
                + read.rows()
                + " rows (checksum "
                + read.hex()
                + "), the target holds "
                + count
                + " (checksum "
                + written.hex()
                + "); nothing was copied");
      }
      copied.add(new Table(table, read.rows(), read.hex()));
    }
    moveSequences(out, targetTables.keySet());
    return new Report(source.description(), target.description(), copied);
  }

  /** A column of a store table and how its values are carried over. */
  record Column(String name, Kind kind, int size) {}

  enum Kind {
    INTEGER,
    TEXT,
    BOOLEAN
  }

  /**
   * The store's tables in this database (every table of the current schema except the schema
   * history, or those of {@code only} when it is not null), by name, with their columns. On the
   * target each column's type decides how values are converted; a type not listed in {@link Kind}
   * stops the copy.
   */
  static Map<String, List<Column>> tables(Connection c, boolean typed, Set<String> only)
      throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    boolean sqlite = meta.getURL().startsWith("jdbc:sqlite:");
    String schema = sqlite ? null : c.getSchema();
    Set<String> names = new TreeSet<>();
    try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (name.equals(Schema.HISTORY_TABLE)
            || name.startsWith("sqlite_")
            || (only != null && !only.contains(name))) {
          continue;
        }
        if (!name.matches("[a-z_][a-z0-9_]*")) {
          // Names go into SQL unquoted; the store's own tables all look like this.
          throw new SQLException("unexpected table name '" + name + "' in " + meta.getURL());
        }
        names.add(name);
      }
    }
    Map<String, List<Column>> tables = new LinkedHashMap<>();
    for (String name : names) {
      List<Column> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, schema, name, "%")) {
        while (rs.next()) {
          String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
          if (!column.matches("[a-z_][a-z0-9_]*")) {
            throw new SQLException("unexpected column name '" + column + "' in table " + name);
          }
          if (!typed) {
            columns.add(new Column(column, Kind.TEXT, 0));
            continue;
          }
          int type = rs.getInt("DATA_TYPE");
          Kind kind =
              switch (type) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> Kind.INTEGER;
                case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR -> Kind.TEXT;
                case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
                default ->
                    throw new SQLException(
                        "column "
                            + name
                            + "."
                            + column
                            + " has the type "
                            + rs.getString("TYPE_NAME")
                            + ", which store copy does not carry over yet");
              };
          int size = kind == Kind.TEXT ? rs.getInt("COLUMN_SIZE") : 0;
          // PostgreSQL reports unbounded text with a huge size.
          columns.add(new Column(column, kind, size >= 10_485_760 ? 0 : size));
        }
      }
      tables.put(name, columns);
    }
    return tables;
  }

  /**
   * Refuses a target that holds a row in any of the store's tables, before anything is changed
   * there (the migration would otherwise already run).
   */
  private static void refuseRows(StoreLocation target, Set<String> tables) throws SQLException {
    try (Connection c = DriverManager.getConnection(target.url(), target.properties())) {
      boolean ours = Schema.tableExists(c, Schema.HISTORY_TABLE);
      for (String table : tables) {
        if (Schema.tableExists(c, table)) {
          if (hasRows(c, table)) {
            throw new RundbriefException(notEmpty(target, table));
          }
          // A table of the same name without our schema history belongs to something else:
          // migrating would record a baseline and then fail on the table, so nothing is touched.
          if (!ours) {
            throw new RundbriefException(
                "the target "
                    + target.description()
                    + " holds a table "
                    + table
                    + " that Rundbrief did not create (there is no "
                    + Schema.HISTORY_TABLE
                    + "); store copy only fills an empty database, nothing was changed");
          }
        }
      }
    }
  }

  private static String notEmpty(StoreLocation target, String table) {
    return "the target "
        + target.description()
        + " is not empty (table "
        + table
        + " has rows); store copy only fills an empty database, nothing was changed";
  }

  private static boolean hasRows(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
      return rs.next();
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String select(String table, List<Column> columns) {
    List<String> names = columns.stream().map(Column::name).toList();
    return "SELECT " + String.join(", ", names) + " FROM " + table;
  }

  /**
   * Inserts every row of the source table into the target; returns the checksum of what it read.
   */
  private static Checksum copyTable(
      Connection in, Connection out, String table, List<Column> columns) throws SQLException {
    List<String> names = columns.stream().map(Column::name).toList();
    String insert =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", names)
            + ") VALUES ("
            + String.join(", ", names.stream().map(n -> "?").toList())
            + ")";
    Checksum sum = new Checksum();
    try (Statement s = in.createStatement();
        ResultSet rs = s.executeQuery(select(table, columns));
        PreparedStatement ps = out.prepareStatement(insert)) {
      int pending = 0;
      long row = 0;
      Object[] values = new Object[columns.size()];
      while (rs.next()) {
        row++;
        for (int i = 0; i < values.length; i++) {
          Column column = columns.get(i);
          values[i] = fromSource(rs.getObject(i + 1), table, column, row);
          switch (column.kind()) {
            case INTEGER -> {
              if (values[i] == null) {
                ps.setNull(i + 1, Types.BIGINT);
              } else {
                ps.setLong(i + 1, (Long) values[i]);
              }
            }
            case BOOLEAN -> {
              if (values[i] == null) {
                ps.setNull(i + 1, Types.BOOLEAN);
              } else {
                ps.setBoolean(i + 1, (Boolean) values[i]);
              }
            }
            case TEXT -> ps.setString(i + 1, (String) values[i]);
          }
        }
        sum.add(values);
        ps.addBatch();
        if (++pending == BATCH_ROWS) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    return sum;
  }

  /**
   * A SQLite value as the target column takes it: {@link Long}, {@link Boolean}, {@link String} or
   * null. SQLite keeps whatever was stored; a value of another kind than the column's (text in an
   * integer column) is refused rather than converted.
   */
  static Object fromSource(Object value, String table, Column column, long row)
      throws SQLException {
    if (value == null) {
      return null;
    }
    String where = table + "." + column.name() + " (row " + row + ")";
    switch (column.kind()) {
      case INTEGER, BOOLEAN -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          throw new SQLException(where + " holds '" + value + "', which is not an integer");
        }
        long n = ((Number) value).longValue();
        if (column.kind() == Kind.INTEGER) {
          return n;
        }
        if (n != 0 && n != 1) {
          throw new SQLException(where + " holds " + n + ", which is not a flag (0 or 1)");
        }
        return n == 1;
      }
      default -> {
        if (!(value instanceof String text)) {
          throw new SQLException(
              where + " holds " + value.getClass().getSimpleName() + ", not text");
        }
        if (text.indexOf('\0') >= 0) {
          throw new SQLException(
              where + " contains a NUL character, which PostgreSQL cannot store in text");
        }
        if (column.size() > 0 && text.codePointCount(0, text.length()) > column.size()) {
          throw new SQLException(
              where
                  + " is "
                  + text.codePointCount(0, text.length())
                  + " characters long; the column holds at most "
                  + column.size());
        }
        return text;
      }
    }
  }

  /** The checksum of a target table as PostgreSQL holds it now. */
  private static Checksum checksum(Connection c, String table, List<Column> columns)
      throws SQLException {
    Checksum sum = new Checksum();
    try (Statement s = c.createStatement()) {
      s.setFetchSize(BATCH_ROWS); // a cursor inside the transaction, not the whole table at once
      try (ResultSet rs = s.executeQuery(select(table, columns))) {
        Object[] values = new Object[columns.size()];
        while (rs.next()) {
          for (int i = 0; i < values.length; i++) {
            values[i] =
                switch (columns.get(i).kind()) {
                  case INTEGER -> {
                    long n = rs.getLong(i + 1);
                    yield rs.wasNull() ? null : n;
                  }
                  case BOOLEAN -> {
                    boolean b = rs.getBoolean(i + 1);
                    yield rs.wasNull() ? null : b;
                  }
                  case TEXT -> rs.getString(i + 1);
                };
          }
          sum.add(values);
        }
      }
    }
    return sum;
  }

  /**
   * Moves every sequence that generates ids of a copied table (identity and serial columns) past
   * the highest copied id, so that the next row PostgreSQL numbers does not collide with one.
   */
  private static void moveSequences(Connection c, Set<String> tables) throws SQLException {
    List<String[]> generated = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema()"
                    + " AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')")) {
      while (rs.next()) {
        generated.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Set<String> done = new HashSet<>();
    for (String[] g : generated) {
      if (!tables.contains(g[0]) || !done.add(g[0] + "." + g[1])) {
        continue;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX("
                  + g[1]
                  + "), 0) + 1, false) FROM "
                  + g[0])) {
        ps.setString(1, g[0]);
        ps.setString(2, g[1]);
        ps.executeQuery().close();
      }
    }
  }

  /**
   * The first line of an exception's message, with the cause when the message alone is vague, and
   * any password in it masked.
   */
  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && !(cause instanceof SQLException) && cause.getMessage() != null) {
      m = m + " (" + cause.getMessage() + ")";
    }
    // A driver message may repeat the URL ("No suitable driver found for ..."): mask a password.
    return StoreLocation.redact(m.strip().lines().findFirst().orElse("").strip());
  }

  /**
   * An order-independent checksum of a table's rows: the sum of the first eight bytes of each row's
   * SHA-256, so that the two databases may return rows in any order (their text collations differ).
   */
  static final class Checksum {
    private final MessageDigest sha;
    private long sum;
    private long rows;

    Checksum() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    void add(Object[] values) {
      for (Object v : values) {
        if (v == null) {
          sha.update((byte) 0);
        } else if (v instanceof Long n) {
          sha.update((byte) 1);
          sha.update(ByteBuffer.allocate(8).putLong(n).array());
        } else if (v instanceof Boolean b) {
          sha.update((byte) 2);
          sha.update((byte) (b ? 1 : 0));
        } else {
          byte[] text = ((String) v).getBytes(StandardCharsets.UTF_8);
          sha.update((byte) 3);
          sha.update(ByteBuffer.allocate(4).putInt(text.length).array());
          sha.update(text);
        }
      }
      sum += ByteBuffer.wrap(sha.digest()).getLong();
      rows++;
    }

    long rows() {
      return rows;
    }

    String hex() {
      return String.format("%016x", sum);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Checksum c && c.sum == sum && c.rows == rows;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sum) * 31 + Long.hashCode(rows);
    }
  }
}
