package dev.rundbrief.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same bounce rules as {@link BounceLogIT}, on a throwaway PostgreSQL server. */
class BounceLogPostgresIT extends BounceLogIT {
  @RegisterExtension static final PostgresDatabases POSTGRES = new PostgresDatabases("bounces");

  private StoreLocation location;

  @BeforeEach
  void createDatabase() throws Exception {
    location = POSTGRES.newDatabase();
  }

  @Override
  SubscriberStore open(Instant now) {
    return SubscriberStore.open(location, Clock.fixed(now, ZoneOffset.UTC));
  }
}
