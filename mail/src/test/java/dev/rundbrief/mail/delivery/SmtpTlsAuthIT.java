package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.testing.TestMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Implicit TLS and SMTP AUTH against GreenMail's SMTPS server over a real socket. */
class SmtpTlsAuthIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("newsletter", "geheim-42"));

  @TempDir Path dir;

  @Test
  void sendsOverImplicitTlsWithThePasswordReadFromAFile() throws Exception {
    Path password = Files.writeString(dir.resolve("smtp-password"), "geheim-42\n");

    DeliveryResult result =
        engine(password)
            .send("tls-1", List.of(anna()), r -> TestMessages.compose(r, "tls-1"), SendMode.NEW);

    assertThat(result.sent()).isEqualTo(1);
    assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    assertThat(GREEN_MAIL.getReceivedMessages()[0].getAllRecipients()[0].toString())
        .isEqualTo("anna@example.org");
  }

  @Test
  void aWrongPasswordDeliversNothing() throws Exception {
    Path password = Files.writeString(dir.resolve("smtp-password"), "falsch\n");

    Throwable thrown =
        catchThrowable(
            () ->
                engine(password)
                    .send(
                        "tls-2",
                        List.of(anna()),
                        r -> TestMessages.compose(r, "tls-2"),
                        SendMode.NEW));

    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    assertThat(thrown).isInstanceOf(DeliveryException.class);
    assertThat(thrown.getMessage()).contains("login refused: 535").doesNotContain("falsch");
  }

  @Test
  void requiredStartTlsRefusesAServerWithoutItWhileOpportunisticFallsBackToPlain()
      throws Exception {
    com.icegreen.greenmail.util.GreenMail plain =
        new com.icegreen.greenmail.util.GreenMail(ServerSetupTest.SMTP.dynamicPort());
    plain.start();
    try {
      Throwable refused =
          catchThrowable(
              () ->
                  startTls(plain, SmtpSettings.Security.STARTTLS_REQUIRED)
                      .send(
                          "tls-3",
                          List.of(anna()),
                          r -> TestMessages.compose(r, "tls-3"),
                          SendMode.NEW));

      assertThat(refused)
          .isInstanceOf(DeliveryException.class)
          .hasMessageContaining(
              "STARTTLS is required but localhost:"
                  + plain.getSmtp().getPort()
                  + " does not offer it");
      assertThat(plain.getReceivedMessages()).isEmpty();

      DeliveryResult opportunistic =
          startTls(plain, SmtpSettings.Security.STARTTLS_OPPORTUNISTIC)
              .send("tls-4", List.of(anna()), r -> TestMessages.compose(r, "tls-4"), SendMode.NEW);

      assertThat(opportunistic.sent()).isEqualTo(1);
      assertThat(plain.getReceivedMessages()).hasSize(1);
    } finally {
      plain.stop();
    }
  }

  private static DeliveryEngine startTls(
      com.icegreen.greenmail.util.GreenMail server, SmtpSettings.Security security) {
    return DeliveryEngine.smtp(
            SmtpSettings.builder("localhost", server.getSmtp().getPort())
                .security(security)
                .connections(1)
                .build())
        .retry(new RetryPolicy(1, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10)))
        .build();
  }

  private DeliveryEngine engine(Path passwordFile) {
    return DeliveryEngine.smtp(
            SmtpSettings.builder("localhost", GREEN_MAIL.getSmtps().getPort())
                .security(SmtpSettings.Security.IMPLICIT_TLS)
                .trustedHosts("localhost")
                .loginWithPasswordFromFile("newsletter", passwordFile)
                .connections(1)
                .build())
        .retry(new RetryPolicy(1, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10)))
        .build();
  }

  private static Recipient anna() {
    return new Recipient(EmailAddress.parse("anna@example.org"), "Anna", "token-anna");
  }
}
