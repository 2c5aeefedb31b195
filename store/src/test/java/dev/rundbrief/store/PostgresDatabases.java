package dev.rundbrief.store;

import dev.rundbrief.core.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One throwaway PostgreSQL server per test class, and a new empty database for each test that asks
 * for one: the one place store tests get PostgreSQL from. Register it as a static field with
 * {@code @RegisterExtension}; the server starts before the class's first test and stops after its
 * last (skipped, as {@link PostgresServer} says, where PostgreSQL is not installed).
 */
final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback {
  private final String prefix;
  private final AtomicInteger databases = new AtomicInteger();
  private Path dir;
  private PostgresServer server;
  private String lastUrl;

  /** Databases named {@code prefix1}, {@code prefix2}, ... */
  PostgresDatabases(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("rundbrief-pg-");
    server = PostgresServer.start(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A new, empty database on the server, as the store takes it (with user and password). */
  StoreLocation newDatabase() throws IOException, InterruptedException {
    lastUrl = server.createDatabase(prefix + databases.incrementAndGet());
    return StoreLocation.jdbc(lastUrl, server.user(), server.password());
  }

  /** The JDBC URL of the database {@link #newDatabase()} made last (no credentials in it). */
  String url() {
    return lastUrl;
  }

  /** The user the store connects as. */
  String user() {
    return server.user();
  }

  /** The password the store connects with. */
  String password() {
    return server.password();
  }

  /** A plain JDBC connection to the last database, for looking at what the store wrote. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(lastUrl, server.credentials());
  }
}
