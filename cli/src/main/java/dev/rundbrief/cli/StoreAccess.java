package dev.rundbrief.cli;

import dev.rundbrief.mail.SqliteNativeLibrary;
import dev.rundbrief.mail.SubscriberStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The one place that decides where a workspace's database is: the SQLite file of {@code
 * store.sqlite}, or the PostgreSQL database of {@code store.jdbc_url} with {@code store.user} and
 * the password from the environment variable {@code store.password_env}. Every command opens its
 * article tables ({@link Stores}) and its subscriber list through it. The password is only ever
 * handed to the driver, never printed.
 */
final class StoreAccess {
  /** The environment variable read for the password when {@code store.password_env} is not set. */
  static final String DEFAULT_PASSWORD_ENV = "RUNDBRIEF_STORE_PASSWORD";

  private final String url;
  private final Properties properties;
  private final boolean sqlite;
  private final String description;

  private StoreAccess(String url, Properties properties, boolean sqlite, String description) {
    this.url = url;
    this.properties = properties;
    this.sqlite = sqlite;
    this.description = description;
  }

  /** The database of the workspace's configuration, with the password from the environment. */
  static StoreAccess of(Config.Store store) {
    return of(store, System::getenv);
  }

  /**
   * The database of this configuration, reading environment variables through {@code env}.
   *
   * @throws ConfigException if {@code store.password_env} names a variable that is not set
   */
  static StoreAccess of(Config.Store store, UnaryOperator<String> env) {
    if (store.jdbcUrl().isEmpty()) {
      return new StoreAccess(
          "jdbc:sqlite:" + store.sqlite().toAbsolutePath(),
          new Properties(),
          true,
          store.sqlite().toString());
    }
    String url = store.jdbcUrl().get();
    Properties properties = new Properties();
    store.user().ifPresent(u -> properties.setProperty("user", u));
    String variable = store.passwordEnv().orElse(DEFAULT_PASSWORD_ENV);
    String password = env.apply(variable);
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    } else if (store.passwordEnv().isPresent()) {
      throw new ConfigException(
          "store.password_env: the environment variable "
              + variable
              + " is not set; set it to the database password of "
              + store.user().orElse("the database user"));
    }
    return new StoreAccess(url, properties, false, Config.Store.redact(url));
  }

  /** Whether this is the embedded SQLite file (which takes pragmas) rather than a server. */
  boolean sqlite() {
    return sqlite;
  }

  /** The file name or the URL without a password, for messages. */
  String description() {
    return description;
  }

  /** A new JDBC connection in auto-commit mode. */
  Connection connect() throws SQLException {
    if (sqlite) {
      SqliteNativeLibrary.prepare();
    }
    return DriverManager.getConnection(url, properties);
  }

  /** Opens the subscriber list and delivery journal in this database. */
  SubscriberStore subscribers(Clock clock) {
    return SubscriberStore.open(url, properties, clock);
  }
}
