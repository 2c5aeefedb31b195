package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
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
  private final String url;
  private final Path file;
  private final String user;
  private final String password;

  private StoreLocation(String url, Path file, String user, String password) {
    this.url = url;
    this.file = file;
    this.user = user;
    this.password = password;
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

  /** The driver properties: user and password when given. */
  Properties properties() {
    Properties p = new Properties();
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
