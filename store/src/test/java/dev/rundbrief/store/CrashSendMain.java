package dev.rundbrief.store;

import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.RetryPolicy;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.IntStream;

/** The child process of {@link DeliveryCrashIT}: sends (or resumes) one issue, then exits 0. */
public final class CrashSendMain {
  private CrashSendMain() {}

  /** Arguments: database file, SMTP port, recipients, connections. */
  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    int connections = Integer.parseInt(args[3]);
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC())) {
      DeliveryEngine engine =
          DeliveryEngine.smtp(
                  TestSmtp.loopback(port)
                      .connections(connections)
                      .maxMessagesPerConnection(50)
                      .build())
              .journal(store.journal())
              .retry(new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(50)))
              .build();
      DeliveryResult r =
          engine.send(
              "crash",
              IntStream.range(0, n).mapToObj(TestMessages::recipient).toList(),
              x -> TestMessages.compose(x, "crash"),
              SendMode.RESUME);
      System.out.println("sent=" + r.sent() + " skipped=" + r.skipped());
    }
  }
}
