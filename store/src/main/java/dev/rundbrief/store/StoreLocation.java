package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a workspace's database is: an embedded SQLite file, or a PostgreSQL database given by its
 * JDBC URL with a user and password. A plain value, so that the store never sees a command's
 * configuration; the password is only ever handed to the driver and never appears in {@link
 * #toString()} or {@link #description()}.
 */
public final class StoreLocation {
  /** How long opening a PostgreSQL connection (TCP and login) may take by default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long one PostgreSQL statement may run by default. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(20);

  /**
   * How much longer than a statement may run the driver waits for the server's next bytes before it
   * gives the connection up: a server that stopped answering (frozen, unreachable) ends the wait
   * that the server's own statement timeout cannot end.
   */
  static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);

  private final String url;
  private final Path file;
  private final String user;
  private final String password;
  private final Duration connectTimeout;
  private final Duration statementTimeout;

  private StoreLocation(
      String url,
      Path file,
      String user,
      String password,
      Duration connectTimeout,
      Duration statementTimeout) {
    this.url = url;
    this.file = file;
    this.user = user;
    this.password = password;
    this.connectTimeout = connectTimeout;
    this.statementTimeout = statementTimeout;
  }

  private StoreLocation(String url, Path file, String user, String password) {
    this(url, file, user, password, DEFAULT_CONNECT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT);
  }

  /**
   * This location with other PostgreSQL timeouts (SQLite has none of these: its file always
   * answers). A connection that cannot be opened within {@code connect} fails; a statement that
   * runs longer than {@code statement} is cancelled by the server ({@code statement_timeout}); a
   * server that sends nothing for {@code statement} plus 5 s (stopped, unreachable) has the
   * connection closed by the driver. Either way the store throws, so nothing waits for a database
   * that stopped answering.
   *
   * @throws IllegalArgumentException if a timeout is not between 1 s and 1 hour
   */
  public StoreLocation withTimeouts(Duration connect, Duration statement) {
    return new StoreLocation(
        url,
        file,
        user,
        password,
        checkTimeout(connect, "connect"),
        checkTimeout(statement, "statement"));
  }

  private static Duration checkTimeout(Duration d, String name) {
    requireNonNull(d, name);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          name + " timeout must be between 1 s and 1 hour, is " + d.toSeconds() + " s");
    }
    return d;
  }

  /** How long one statement may run on PostgreSQL (see {@link #withTimeouts}). */
  Duration statementTimeout() {
    return statementTimeout;
  }

  /** The SQLite file at {@code file} (created on first open). */
  public static StoreLocation sqlite(Path file) {
    requireNonNull(file, "file");
    return new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath(), file, "", "");
  }

  /**
   * A database at a JDBC URL: {@code jdbc:postgresql:...} (the driver ships with the store), or
   * {@code jdbc:sqlite:...}.
   *
   * @param user the database user, empty for the driver's default (or one given in the URL)
   * @param password the password, empty for none (or one given in the URL)
   * @throws IllegalArgumentException if the URL is neither a PostgreSQL nor a SQLite URL; the
   *     message shows it with any password masked
   */
  public static StoreLocation jdbc(String url, String user, String password) {
    requireNonNull(url, "url");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException(
          "database URL '" + redact(url) + "' is neither jdbc:postgresql: nor jdbc:sqlite:");
    }
    return new StoreLocation(url, null, user, password);
  }

  /** Whether {@code url} is a server URL the store can use (PostgreSQL). */
  public static boolean isServerUrl(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  /**
   * Masks {@code password=...} parameters of a JDBC URL, for messages and logs; the one place that
   * does so.
   */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** Whether this is an embedded SQLite database (one file, pragmas) rather than a server. */
  public boolean isSqlite() {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
  }

  /** The SQLite file when the location was given as one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The file name, or the URL with any password masked, for messages. */
  public String description() {
    return file != null ? file.toString() : redact(url);
  }

  /** The JDBC URL (as given; it may carry a password). */
  String url() {
    return url;
  }

  /**
   * The driver properties: user and password when given, and for PostgreSQL the connect, login and
   * socket timeouts (parameters of the same name in the URL take precedence).
   */
  Properties properties() {
    Properties p = new Properties();
    if (!isSqlite()) {
      p.setProperty("connectTimeout", Long.toString(connectTimeout.toSeconds()));
      p.setProperty("loginTimeout", Long.toString(connectTimeout.toSeconds()));
      p.setProperty(
          "socketTimeout", Long.toString(statementTimeout.plus(SOCKET_MARGIN).toSeconds()));
    }
    if (!user.isEmpty()) {
      p.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      p.setProperty("password", password);
    }
    return p;
  }

  /** The same as {@link #description()}. */
  @Override
  public String toString() {
    return description();
  }
}
