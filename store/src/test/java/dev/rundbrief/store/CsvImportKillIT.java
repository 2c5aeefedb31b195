package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV import killed with SIGKILL half-way leaves the list exactly as it was. */
class CsvImportKillIT {
  @TempDir Path dir;

  @Test
  void anImportKilledHalfWayImportsNothingAndTheNextImportWorks() throws Exception {
    Path db = dir.resolve("rundbrief.db");
    Instant t0 = Instant.parse("2026-11-29T09:00:00Z");
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC())) {
      store.subscribe(
          EmailAddress.parse("vorher@example.org"), "Vorher", Consent.of(t0, "web", "v1"));
    }
    Path marker = dir.resolve("half-way");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-cp",
                System.getProperty("java.class.path"),
                CsvImportMain.class.getName(),
                db.toString(),
                marker.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("import.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.exists(marker))
          .as("the import reached line 500: %s", Files.readString(dir.resolve("import.log")))
          .isTrue();
      Thread.sleep(200);
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).as("killed, not ended by itself").isNotZero();

    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC())) {
      assertThat(store.list(null)).extracting(Subscriber::name).containsExactly("Vorher");
      assertThat(
              SubscriberCsv.importCsv(
                      store, new StringReader("email\r\nnachher@example.org\r\n"), "neu.csv")
                  .added())
          .isEqualTo(1);
      assertThat(store.list(null)).hasSize(2);
    }
  }
}
