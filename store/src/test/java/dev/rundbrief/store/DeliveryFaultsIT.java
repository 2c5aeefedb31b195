package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.RetryPolicy;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.delivery.SmtpSettings;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryFaultsIT {
  private static final RetryPolicy FAST =
      new RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(40));

  @TempDir Path dir;

  private static SmtpSettings settings(int port, int connections) {
    return TestSmtp.loopback(port)
        .connections(connections)
        .maxMessagesPerConnection(17)
        .heloName("sender.rundbrief.test")
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static List<Recipient> recipients(int n) {
    return IntStream.range(0, n).mapToObj(TestMessages::recipient).toList();
  }

  @Test
  void everyDeliverableRecipientGetsExactlyOneMessageDespite421And451AndDropsAnd550()
      throws Exception {
    ScriptedSmtpServer.Script script =
        new ScriptedSmtpServer.Script() {
          @Override
          public String greeting(int connection) {
            return connection <= 3 ? "421 too busy, come back later" : "220 ok";
          }

          @Override
          public String rcpt(String address, int time) {
            int i = Integer.parseInt(address.replaceAll("\\D", ""));
            if (i % 25 == 0) {
              return "550 5.1.1 mailbox " + address + " unknown";
            }
            if (i % 10 == 3 && time == 1) {
              return "451 4.7.1 greylisted, try again";
            }
            return "250 OK";
          }

          @Override
          public boolean dropInData(int data) {
            return data == 7 || data == 30 || data == 31;
          }
        };
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
        SubscriberStore store = SubscriberStore.open(dir.resolve("r.db"), Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(settings(server.port(), 3))
              .journal(store.journal())
              .retry(FAST)
              .build();

      DeliveryResult result =
          engine.send(
              "faults-1", recipients(200), r -> TestMessages.compose(r, "faults-1"), SendMode.NEW);

      List<String> rejected = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String address = "leser" + i + "@example.org";
        if (i % 25 == 0) {
          rejected.add(address);
          assertThat(server.accepted()).doesNotContainKey(address);
        } else {
          assertThat(server.accepted().get(address)).as(address).isEqualTo(1);
          assertThat(server.lastMessage(address)).contains("Hallo Leser " + i + ",");
          assertThat(server.lastMessage(address)).contains(".a line that starts with a dot");
        }
      }
      assertThat(result.sent()).isEqualTo(200 - rejected.size());
      assertThat(result.failed()).isEqualTo(rejected.size());
      assertThat(result.deferred()).isZero();
      List<DeliveryRecord> failed = store.journal().records("faults-1", DeliveryState.FAILED);
      assertThat(failed)
          .extracting(f -> f.address().value())
          .containsExactlyInAnyOrderElementsOf(rejected);
      assertThat(failed)
          .allSatisfy(
              f -> {
                assertThat(f.replyCode()).isEqualTo(550);
                assertThat(f.reply()).contains("mailbox").contains("unknown");
              });
      assertThat(store.journal().counts("faults-1").get(DeliveryState.SENT))
          .isEqualTo(200 - rejected.size());
      assertThat(store.journal().finishedAt("faults-1")).isPresent();
    }
  }

  @Test
  void aRecipientThatKeepsGetting451IsDeferredWithItsReplyAndTheOthersAreSent() throws Exception {
    ScriptedSmtpServer.Script script =
        new ScriptedSmtpServer.Script() {
          @Override
          public String rcpt(String address, int time) {
            return address.startsWith("leser4@") ? "451 4.3.0 mailbox busy" : "250 OK";
          }
        };
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
        SubscriberStore store = SubscriberStore.open(dir.resolve("d.db"), Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(settings(server.port(), 2))
              .journal(store.journal())
              .retry(FAST)
              .build();

      DeliveryResult result =
          engine.send("d", recipients(10), r -> TestMessages.compose(r, "d"), SendMode.NEW);

      assertThat(result.sent()).isEqualTo(9);
      assertThat(result.deferred()).isEqualTo(1);
      DeliveryRecord r4 =
          store.journal().find("d", EmailAddress.parse("leser4@example.org")).orElseThrow();
      assertThat(r4.state()).isEqualTo(DeliveryState.DEFERRED);
      assertThat(r4.replyCode()).isEqualTo(451);
      assertThat(r4.attempts()).isEqualTo(FAST.maxAttempts());
      assertThat(store.journal().finishedAt("d")).isEmpty();
    }
  }

  @Test
  void anOutageStopsTheSendAndAResumeReachesEveryoneOnce() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (SubscriberStore store = SubscriberStore.open(dir.resolve("o.db"), Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(settings(port, 2))
              .journal(store.journal())
              .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)))
              .build();
      assertThatThrownBy(
              () ->
                  engine.send("o", recipients(30), r -> TestMessages.compose(r, "o"), SendMode.NEW))
          .isInstanceOf(DeliveryException.class)
          .hasMessageContaining("could not be reached")
          .hasMessageContaining("resume");
      assertThat(store.journal().counts("o").get(DeliveryState.SENT)).isZero();

      assertThatThrownBy(
              () ->
                  engine.send("o", recipients(30), r -> TestMessages.compose(r, "o"), SendMode.NEW))
          .isInstanceOf(DeliveryException.class)
          .hasMessageContaining("not finished");

      try (ScriptedSmtpServer server =
          new ScriptedSmtpServer(new ScriptedSmtpServer.Script() {}, port)) {
        DeliveryResult result =
            engine.send("o", recipients(30), r -> TestMessages.compose(r, "o"), SendMode.RESUME);
        assertThat(result.sent() + result.skipped()).isEqualTo(30);
        assertThat(server.accepted()).hasSize(30).allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
      }
      assertThat(store.journal().finishedAt("o")).isPresent();
    }
  }

  @Test
  void aServerThatDiesWithThousandsLeftStopsTheSendInsteadOfHangingAndAResumeSendsTheRest()
      throws Exception {
    int n = 3000;
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AtomicReference<ScriptedSmtpServer> dying = new AtomicReference<>();
    ScriptedSmtpServer.Script diesAfter300 =
        new ScriptedSmtpServer.Script() {
          @Override
          public boolean dropInData(int data) {
            if (data <= 300) {
              return false;
            }
            try {
              dying.get().close();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            return true;
          }
        };
    try (SubscriberStore store = SubscriberStore.open(dir.resolve("h.db"), Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(settings(port, 4))
              .journal(store.journal())
              .retry(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200)))
              .build();
      Map<String, Integer> before;
      try (ScriptedSmtpServer server = new ScriptedSmtpServer(diesAfter300, port)) {
        dying.set(server);
        CompletableFuture<DeliveryResult> send =
            CompletableFuture.supplyAsync(
                () ->
                    engine.send(
                        "h", recipients(n), r -> TestMessages.compose(r, "h"), SendMode.NEW));

        // Before the fix the caller blocked forever on the full queue of recipients.
        Throwable stopped =
            catchThrowable(() -> send.get(60, java.util.concurrent.TimeUnit.SECONDS));

        assertThat(stopped).isInstanceOf(ExecutionException.class);
        DeliveryException e = (DeliveryException) stopped.getCause();
        assertThat(e).hasMessageContaining("could not be reached").hasMessageContaining("resume");
        before = server.accepted();
        assertThat(e.result()).isPresent();
        assertThat(e.result().get().sent()).isEqualTo(before.size()).isBetween(290, 310);
      }
      try (ScriptedSmtpServer server =
          new ScriptedSmtpServer(new ScriptedSmtpServer.Script() {}, port)) {
        DeliveryResult rest =
            engine.send("h", recipients(n), r -> TestMessages.compose(r, "h"), SendMode.RESUME);
        assertThat(rest.sent()).isEqualTo(n - before.size());
        assertThat(server.accepted()).doesNotContainKeys(before.keySet().toArray(String[]::new));
      }
      assertThat(store.journal().finishedAt("h")).isPresent();
    }
  }
}
