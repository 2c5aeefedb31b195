package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryCrashIT {
  private static final int RECIPIENTS = 1500;
  private static final int CONNECTIONS = 3;
  private static final int KILLS = 4;

  @TempDir Path dir;

  private Process start(Path db, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashSendMain.class.getName(),
                db.toString(),
                Integer.toString(port),
                Integer.toString(RECIPIENTS),
                Integer.toString(CONNECTIONS)))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  @Test
  void aSendKilledWithSigkillSeveralTimesMissesNobodyAndDuplicatesOnlyTheInFlightWindow()
      throws Exception {
    Path db = dir.resolve("journal.db");
    Random random = new Random(20250701L);
    ScriptedSmtpServer.Script slow =
        new ScriptedSmtpServer.Script() {
          @Override
          public int dataDelayMillis() {
            return 1;
          }
        };
    int kills = 0;
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(slow)) {
      for (int i = 0; i < KILLS; i++) {
        Process p = start(db, server.port());
        int before = server.accepted().values().stream().mapToInt(Integer::intValue).sum();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int target = before + 50 + random.nextInt(250);
        while (p.isAlive()
            && System.nanoTime() < deadline
            && server.accepted().values().stream().mapToInt(Integer::intValue).sum() < target) {
          Thread.sleep(2);
        }
        if (p.isAlive()) {
          p.destroyForcibly();
          kills++;
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      Process last = start(db, server.port());
      assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(last.exitValue()).as(() -> readLog()).isZero();

      Map<String, Integer> accepted = server.accepted();
      assertThat(accepted).hasSize(RECIPIENTS);
      int duplicates = accepted.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf(
          "crash test: %d kills, %d duplicates (bound %d)%n",
          kills, duplicates, kills * 2 * CONNECTIONS);
      assertThat(kills).isGreaterThanOrEqualTo(2);
      assertThat(duplicates).isLessThanOrEqualTo(kills * 2 * CONNECTIONS);
    }
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC())) {
      assertThat(store.journal().integrityCheck()).isEqualTo("ok");
      assertThat(store.journal().counts("crash").get(DeliveryState.SENT)).isEqualTo(RECIPIENTS);
      assertThat(store.journal().finishedAt("crash")).isPresent();
    }
  }

  private String readLog() {
    try {
      return java.nio.file.Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
