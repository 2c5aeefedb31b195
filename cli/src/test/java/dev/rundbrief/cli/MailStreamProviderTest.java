package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

/**
 * The stream provider the command names for Jakarta Mail exists and is one: a wrong name would make
 * every header parse and every encoded word fail, not just be slower.
 */
class MailStreamProviderTest {
  @Test
  void theNamedProviderIsOnTheClassPathAndWorks() throws Exception {
    Main.configureMail();
    String name = System.getProperty("jakarta.mail.util.StreamProvider");

    assertThat(StreamProvider.class.isAssignableFrom(Class.forName(name))).isTrue();
    assertThat(StreamProvider.provider().getClass().getName()).isEqualTo(name);
    InternetAddress a = new InternetAddress("leser@example.org", "Leserin Müller", "UTF-8");
    assertThat(a.toString()).isEqualTo("=?UTF-8?Q?Leserin_M=C3=BCller?= <leser@example.org>");
  }
}
