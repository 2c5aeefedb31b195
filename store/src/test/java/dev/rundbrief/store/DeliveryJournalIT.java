package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.RetryPolicy;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.delivery.SmtpSettings;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's promises, checked against a real SQLite file and a scripted SMTP server. */
class DeliveryJournalIT {
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(2), Duration.ofMillis(5));

  @TempDir Path dir;

  private static SmtpSettings settings(int port, int connections) {
    return TestSmtp.loopback(port)
        .connections(connections)
        .maxMessagesPerConnection(1000)
        .heloName("sender.rundbrief.test")
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static String stateOf(Connection reader, String issue, String address)
      throws SQLException {
    try (PreparedStatement ps =
        reader.prepareStatement(
            "SELECT state FROM delivery WHERE issue_id = ? AND address_key = ?")) {
      ps.setString(1, issue);
      ps.setString(2, address);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "missing";
      }
    }
  }

  @Test
  void theServerNeverAcceptsAMessageBeforeTheOneTwoBackOnItsConnectionIsRecordedAsSent()
      throws Exception {
    Path db = dir.resolve("window.db");
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger checked = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC());
        Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db);
        Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = blocker.createStatement()) {
        s.execute("PRAGMA busy_timeout = 15000");
      }
      ScriptedSmtpServer.Script script =
          new ScriptedSmtpServer.Script() {
            @Override
            public void beforeAccept(List<String> earlier, String recipient) {
              if (earlier.size() < 2) {
                return;
              }
              String twoBack = earlier.get(earlier.size() - 2);
              try {
                String state;
                synchronized (reader) {
                  state = stateOf(reader, "w", twoBack);
                }
                checked.incrementAndGet();
                if (!state.equals("sent")) {
                  violations.add(recipient + " accepted while " + twoBack + " is " + state);
                }
              } catch (SQLException e) {
                violations.add(e.toString());
              }
            }
          };
      // Holds the database's write lock again and again, so that the journal's commits stall
      // and the senders must wait at their gates.
      Thread stall =
          new Thread(
              () -> {
                try (Statement s = blocker.createStatement()) {
                  while (sending.get()) {
                    s.execute("BEGIN IMMEDIATE");
                    Thread.sleep(15);
                    s.execute("COMMIT");
                    Thread.sleep(5);
                  }
                } catch (SQLException | InterruptedException e) {
                  violations.add("stall thread: " + e);
                }
              });
      try (ScriptedSmtpServer server = new ScriptedSmtpServer(script)) {
        DeliveryEngine engine =
            DeliveryEngine.smtp(settings(server.port(), 3)).journal(store.journal()).build();
        stall.start();
        DeliveryResult result =
            engine.send(
                "w",
                IntStream.range(0, 600).mapToObj(TestMessages::recipient).toList(),
                r -> TestMessages.compose(r, "w"),
                SendMode.NEW);
        sending.set(false);
        stall.join();

        assertThat(result.sent()).isEqualTo(600);
        assertThat(server.accepted()).hasSize(600);
      }
      assertThat(violations).isEmpty();
      assertThat(checked.get()).isGreaterThan(500);
      assertThat(store.journal().counts("w").get(DeliveryState.SENT)).isEqualTo(600);
      assertThat(store.journal().integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void duplicatesInTheListAreSentOnceAndAResumeReachesOnlyDeferredAndNewRecipients()
      throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    ScriptedSmtpServer.Script script =
        new ScriptedSmtpServer.Script() {
          @Override
          public String rcpt(String address, int time) {
            if (address.startsWith("unbekannt")) {
              return "550 5.1.1 no such mailbox";
            }
            if (address.startsWith("spaeter") && busy.get()) {
              return "451 4.3.0 try again later";
            }
            return "250 OK";
          }
        };
    List<Recipient> first = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      first.add(TestMessages.recipient(i));
      // The same people again, further down the list (in later chunks) and in capitals.
      if (i >= 400 && i < 450) {
        Recipient again = TestMessages.recipient(i - 400);
        first.add(
            new Recipient(
                EmailAddress.parse(again.address().value().toUpperCase(Locale.ROOT)),
                again.name(),
                again.token()));
      }
    }
    for (int i = 0; i < 5; i++) {
      first.add(recipient("unbekannt" + i));
      first.add(recipient("spaeter" + i));
    }
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(script);
        SubscriberStore store = SubscriberStore.open(dir.resolve("d.db"), Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(settings(server.port(), 3))
              .journal(store.journal())
              .retry(FAST)
              .build();

      DeliveryResult one = engine.send("d", first, r -> TestMessages.compose(r, "d"), SendMode.NEW);

      assertThat(one.sent()).isEqualTo(700);
      assertThat(one.failed()).isEqualTo(5);
      assertThat(one.deferred()).isEqualTo(5);
      assertThat(one.skipped()).isEqualTo(50);
      assertThat(server.accepted()).hasSize(700).allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
      assertThat(store.journal().finishedAt("d")).isEmpty();

      busy.set(false);
      List<Recipient> second = new ArrayList<>(first);
      second.add(recipient("neu1"));
      second.add(recipient("neu2"));
      DeliveryResult two =
          engine.send("d", second, r -> TestMessages.compose(r, "d"), SendMode.RESUME);

      assertThat(two.sent()).isEqualTo(5 + 2);
      assertThat(two.failed()).isZero();
      assertThat(two.skipped()).isEqualTo(second.size() - 7);
      assertThat(server.accepted()).hasSize(707).allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
      assertThat(store.journal().counts("d"))
          .containsEntry(DeliveryState.SENT, 707)
          .containsEntry(DeliveryState.FAILED, 5)
          .containsEntry(DeliveryState.QUEUED, 0)
          .containsEntry(DeliveryState.DEFERRED, 0);
      assertThat(store.journal().finishedAt("d")).isPresent();
    }
  }

  private static Recipient recipient(String local) {
    return new Recipient(EmailAddress.parse(local + "@example.org"), local, "tok-" + local);
  }
}
