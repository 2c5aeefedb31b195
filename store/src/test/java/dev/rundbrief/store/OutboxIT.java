package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.testing.TestMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxIT {
  @TempDir Path dir;

  @Test
  void writesOneEmlFilePerRecipientWithTheComposedBytesAndAResumeAddsNone() throws Exception {
    List<Recipient> recipients = IntStream.range(0, 25).mapToObj(TestMessages::recipient).toList();
    Path outbox = dir.resolve("outbox");
    try (SubscriberStore store = SubscriberStore.open(dir.resolve("o.db"), Clock.systemUTC())) {
      DeliveryEngine engine = DeliveryEngine.outbox(outbox).journal(store.journal()).build();
      DeliveryResult result =
          engine.send("7/2025", recipients, r -> TestMessages.compose(r, "7"), SendMode.NEW);
      assertThat(result.sent()).isEqualTo(25);
      DeliveryResult again =
          engine.send("7/2025", recipients, r -> TestMessages.compose(r, "7"), SendMode.RESUME);
      assertThat(again.sent()).isZero();
      assertThat(again.skipped()).isEqualTo(25);
    }
    Path folder = outbox.resolve("7_2025");
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .hasSize(25)
          .allMatch(n -> n.endsWith(".eml"));
    }
    Recipient r3 = recipients.get(3);
    assertThat(Files.readAllBytes(folder.resolve("leser3@example.org.eml")))
        .isEqualTo(TestMessages.compose(r3, "7").bytes());
  }
}
