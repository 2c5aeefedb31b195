package dev.rundbrief.mail;

import dev.rundbrief.core.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The same bounce rules as {@link BounceLogIT}, on a throwaway PostgreSQL server. */
class BounceLogPostgresIT extends BounceLogIT {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir static Path serverDir;
  private static PostgresServer server;

  private String url;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createDatabase() throws Exception {
    url = server.createDatabase("bounces" + DATABASES.incrementAndGet());
  }

  @Override
  SubscriberStore open(Instant now) {
    return SubscriberStore.open(url, server.credentials(), Clock.fixed(now, ZoneOffset.UTC));
  }
}
