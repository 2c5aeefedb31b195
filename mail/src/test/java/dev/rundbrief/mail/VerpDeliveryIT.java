package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.mail.bounce.BounceClassifier;
import dev.rundbrief.mail.bounce.BounceDecision;
import dev.rundbrief.mail.bounce.VerpAddresses;
import dev.rundbrief.mail.bounce.VerpToken;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.testing.TestSmtp;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-recipient envelope sender over a real SMTP socket: GreenMail records MAIL FROM as the
 * {@code Return-Path}, and a bounce to that address names the subscriber and the issue.
 */
class VerpDeliveryIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final byte[] SECRET =
      "workspace-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void everyMessageCarriesItsOwnSignedReturnPathAndTheBytesStayTheSame() throws Exception {
    VerpAddresses verp = VerpAddresses.of(EmailAddress.parse("bounces@ki.example.org"), SECRET);
    Map<String, Long> ids = Map.of("anna@example.org", 11L, "jonas@example.net", 12L);
    MessageComposer plain = MessageComposer.of(rendered(), MailFixtures.CLOCK);
    MessageComposer composer =
        plain.withEnvelopeSenders(r -> verp.address(ids.get(r.address().key()), 7));
    List<Recipient> recipients =
        List.of(
            new Recipient(EmailAddress.parse("anna@example.org"), "Anna", "tokA"),
            new Recipient(EmailAddress.parse("jonas@example.net"), "Jonas", "tokJ"));
    DeliveryEngine engine =
        DeliveryEngine.smtp(
                TestSmtp.loopback(GREEN_MAIL.getSmtp().getPort())
                    .envelopeFrom(EmailAddress.parse("news@ki.example.org"))
                    .build())
            .build();

    DeliveryResult r = engine.send("issue-7", recipients, composer::compose, SendMode.NEW);

    assertThat(r.sent()).isEqualTo(2);
    Map<String, String> returnPaths = new HashMap<>();
    for (MimeMessage m : GREEN_MAIL.getReceivedMessages()) {
      returnPaths.put(
          ((jakarta.mail.internet.InternetAddress) m.getAllRecipients()[0]).getAddress(),
          m.getHeader("Return-Path", null));
    }
    assertThat(returnPaths.get("anna@example.org"))
        .contains(verp.address(11, 7).value())
        .matches("<?bounces\\+7-11-[a-z2-7]{13}@ki\\.example\\.org>?");
    assertThat(returnPaths.get("jonas@example.net")).contains(verp.address(12, 7).value());
    // The hook changes the envelope only: the composed header block is the same as without it.
    String withHook = composer.compose(recipients.get(0)).asText();
    String without = plain.compose(recipients.get(0)).asText();
    assertThat(headerNames(withHook)).isEqualTo(headerNames(without));
    assertThat(composer.compose(recipients.get(0)).envelopeSender()).contains(verp.address(11, 7));
    assertThat(plain.compose(recipients.get(0)).envelopeSender()).isEmpty();

    // A bounce that comes back to Anna's Return-Path names subscriber 11 and issue 7.
    String bounce =
        "From: MAILER-DAEMON@mx.example.org\r\nTo: "
            + returnPaths.get("anna@example.org")
            + "\r\nSubject: failure notice\r\n\r\n<anna@example.org>:\r\n"
            + "Sorry, no mailbox here by that name. (#5.1.1)\r\n";
    BounceDecision d =
        BounceClassifier.withVerp(verp, id -> java.util.Optional.empty())
            .classify(bounce.getBytes(StandardCharsets.US_ASCII));
    assertThat(d.verp()).isEqualTo(new VerpToken(VerpToken.State.VALID, 11, 7));
  }

  @Test
  void withoutTheHookTheConfiguredEnvelopeSenderIsUsed() throws Exception {
    MessageComposer composer = MessageComposer.of(rendered(), MailFixtures.CLOCK);
    DeliveryEngine engine =
        DeliveryEngine.smtp(
                TestSmtp.loopback(GREEN_MAIL.getSmtp().getPort())
                    .envelopeFrom(EmailAddress.parse("news@ki.example.org"))
                    .build())
            .build();

    engine.send(
        "issue-8",
        List.of(new Recipient(EmailAddress.parse("lea@example.org"), "", "tokL")),
        composer::compose,
        SendMode.NEW);

    assertThat(GREEN_MAIL.getReceivedMessages()[0].getHeader("Return-Path", null))
        .contains("news@ki.example.org");
  }

  private static RenderedDigest rendered() {
    return DigestRenderer.withDefaultTemplates()
        .render(MailFixtures.german(), MailFixtures.settings());
  }

  private static List<String> headerNames(String message) {
    String head = message.substring(0, message.indexOf("\r\n\r\n"));
    return head.lines()
        .filter(l -> !l.startsWith(" ") && l.contains(":"))
        .map(l -> l.substring(0, l.indexOf(':')))
        .toList();
  }
}
