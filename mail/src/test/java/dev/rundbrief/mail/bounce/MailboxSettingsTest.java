package dev.rundbrief.mail.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.bounce.MailboxSettings.After;
import dev.rundbrief.mail.bounce.MailboxSettings.Protocol;
import org.junit.jupiter.api.Test;

class MailboxSettingsTest {
  @Test
  void theUrlEscapesTheUserNameAndNeverShowsThePassword() {
    MailboxSettings imap =
        new MailboxSettings(
            Protocol.IMAPS,
            "mail.example.org",
            993,
            "bounces@example.org",
            "geheim",
            "INBOX/Rückläufer",
            After.KEEP,
            "",
            false);

    assertThat(imap.toString())
        .isEqualTo("imaps://bounces%40example.org@mail.example.org:993/INBOX/R%C3%BCckl%C3%A4ufer")
        .doesNotContain("geheim");
  }

  @Test
  void aPop3UrlHasNoFolder() {
    MailboxSettings pop =
        new MailboxSettings(
            Protocol.POP3S,
            "mail.example.org",
            995,
            "b:x y",
            "geheim",
            "INBOX",
            After.DELETE,
            "",
            false);

    assertThat(pop.toString()).isEqualTo("pop3s://b%3Ax%20y@mail.example.org:995");
  }
}
