package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {
  @Test
  void createsSocketsWithTcpNoDelay() throws Exception {
    try (Socket s = NoDelaySocketFactory.INSTANCE.createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void theSmtpSessionUsesTheFactoryInEverySecurityMode() {
    for (SmtpSettings.Security security : SmtpSettings.Security.values()) {
      Properties p =
          SmtpSender.properties(
              SmtpSettings.builder("mail.example.org", 587).security(security).build());
      assertThat(p.get("mail.smtp.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
      // An ssl.socketFactory would replace the no-delay socket for implicit TLS.
      assertThat(p.get("mail.smtp.ssl.socketFactory")).isNull();
    }
  }
}
