package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryProgress;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GreenMailDeliveryIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;

  @Test
  void aSendToAThousandSubscribersArrivesCompleteOncePerRecipientAndPersonalized()
      throws Exception {
    StringBuilder csv = new StringBuilder("email,name,confirmed_at\r\n");
    for (int i = 0; i < 1000; i++) {
      csv.append("Leserin")
          .append(i)
          .append("@Example.ORG,\"Jäger, Anna ")
          .append(i)
          .append("\",2025-03-01T08:00:00Z\r\n");
    }
    try (SubscriberStore store = SubscriberStore.open(dir.resolve("list.db"), Clock.systemUTC())) {
      assertThat(
              SubscriberCsv.importCsv(store, new StringReader(csv.toString()), "list.csv").added())
          .isEqualTo(1000);
      List<DeliveryProgress> progress = new CopyOnWriteArrayList<>();
      DeliveryEngine engine =
          DeliveryEngine.smtp(
                  TestSmtp.loopback(GREEN_MAIL.getSmtp().getPort())
                      .connections(4)
                      .maxMessagesPerConnection(100)
                      .build())
              .journal(store.journal())
              .listener(progress::add)
              .build();

      DeliveryResult result =
          engine.send(
              "2025-07",
              store.activeRecipients(),
              r -> TestMessages.compose(r, "2025-07"),
              SendMode.NEW);

      assertThat(result.sent()).isEqualTo(1000);
      assertThat(result.failed() + result.deferred() + result.skipped()).isZero();
      MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
      assertThat(received).hasSize(1000);
      Map<String, Integer> perRecipient = new HashMap<>();
      for (MimeMessage m : received) {
        String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
        perRecipient.merge(to, 1, Integer::sum);
        Subscriber s = store.find(EmailAddress.parse(to)).orElseThrow();
        String body = (String) m.getContent();
        assertThat(body).contains("Hallo " + s.name() + ",").contains("token=" + s.token());
        assertThat(m.getMessageID()).isEqualTo("<2025-07." + s.token() + "@rundbrief.test>");
      }
      assertThat(perRecipient).hasSize(1000).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
      assertThat(perRecipient).containsKey("Leserin7@example.org");
      DeliveryProgress last = progress.get(progress.size() - 1);
      assertThat(last.sent()).isEqualTo(1000);
      assertThat(last.listComplete()).isTrue();

      assertThatThrownBy(
              () ->
                  engine.send(
                      "2025-07",
                      store.activeRecipients(),
                      r -> TestMessages.compose(r, "2025-07"),
                      SendMode.NEW))
          .isInstanceOf(DeliveryException.class)
          .hasMessageContaining("was fully sent");
      DeliveryResult again =
          engine.send(
              "2025-07",
              store.activeRecipients(),
              r -> TestMessages.compose(r, "2025-07"),
              SendMode.RESUME);
      assertThat(again.sent()).isZero();
      assertThat(again.skipped()).isEqualTo(1000);
      assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1000);
    }
  }
}
