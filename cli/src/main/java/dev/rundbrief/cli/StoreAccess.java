package dev.rundbrief.cli;

import dev.rundbrief.store.StoreLocation;
import dev.rundbrief.store.SubscriberStore;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Turns the workspace's {@code store} settings into the store's plain {@link StoreLocation}: the
 * SQLite file of {@code store.sqlite}, or the PostgreSQL database of {@code store.jdbc_url} with
 * {@code store.user} and the password from the environment variable {@code store.password_env}.
 * Every command opens its article tables ({@link Stores}) and its subscriber list through it. The
 * password is only ever handed to the store, never printed.
 */
final class StoreAccess {
  /** The environment variable read for the password when {@code store.password_env} is not set. */
  static final String DEFAULT_PASSWORD_ENV = "RUNDBRIEF_STORE_PASSWORD";

  private final StoreLocation location;

  private StoreAccess(StoreLocation location) {
    this.location = location;
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
      return new StoreAccess(StoreLocation.sqlite(store.sqlite()));
    }
    String variable = store.passwordEnv().orElse(DEFAULT_PASSWORD_ENV);
    String password = env.apply(variable);
    if ((password == null || password.isEmpty()) && store.passwordEnv().isPresent()) {
      throw new ConfigException(
          "store.password_env: the environment variable "
              + variable
              + " is not set; set it to the database password of "
              + store.user().orElse("the database user"));
    }
    return new StoreAccess(
        StoreLocation.jdbc(
                store.jdbcUrl().get(), store.user().orElse(""), password == null ? "" : password)
            .withTimeouts(store.connectTimeout(), store.statementTimeout()));
  }

  /** Where the database is, as the store takes it. */
  StoreLocation location() {
    return location;
  }

  /** The file name or the URL without a password, for messages. */
  String description() {
    return location.description();
  }

  /** Opens the subscriber list, delivery journal and bounce records in this database. */
  SubscriberStore subscribers(Clock clock) {
    return SubscriberStore.open(location, clock);
  }
}
