package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.mail.bounce.MailboxSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code mail.bounce} settings: defaults, the domain shorthand, and the refused values. */
class BounceConfigTest {
  private static final Path WS = Path.of("/srv/ki");
  private static final String MINIMAL =
      """
      publication:
        title: "KI-Rundbrief"
        site_url: https://ki.example.org/
        public_url: https://ki.example.org/
      mail:
        from: newsletter@example.org
      """;

  private static Config parse(String bounce) {
    return Config.parse("rundbrief.yaml", MINIMAL + "  bounce:\n" + bounce, WS);
  }

  @Test
  void withoutBounceSettingsThereIsNoVerpAndNoMailbox() {
    Config c = Config.parse("rundbrief.yaml", MINIMAL, WS);

    assertThat(c.bounces().address()).isEmpty();
    assertThat(c.bounces().mailbox()).isEmpty();
    assertThat(c.bounces().softLimit()).isEqualTo(3);
    assertThat(c.bounces().softDays()).isEqualTo(30);
  }

  @Test
  void aDomainMeansTheBouncesMailboxOfThatDomain() {
    assertThat(parse("    domain: ki.example.org\n").bounces().address())
        .contains("bounces@ki.example.org");
  }

  @Test
  void readsAnImapMailboxWithDefaults() {
    Config.BounceMailbox mb =
        parse(
                """
                    address: bounces@ki.example.org
                    mailbox:
                      host: imap.example.org
                      user: bounces
                      password_file: secret.txt
                """)
            .bounces()
            .mailbox()
            .orElseThrow();

    assertThat(mb.protocol()).isEqualTo(MailboxSettings.Protocol.IMAPS);
    assertThat(mb.port()).isEqualTo(993);
    assertThat(mb.after()).isEqualTo(MailboxSettings.After.MOVE);
    assertThat(mb.folder()).isEqualTo("INBOX");
    assertThat(mb.passwordFile()).contains(WS.resolve("secret.txt"));
  }

  @Test
  void aPop3MailboxDefaultsToDeletingOnItsOwnPort() {
    Config.BounceMailbox mb =
        parse("    mailbox:\n      host: h\n      user: u\n      protocol: pop3s\n")
            .bounces()
            .mailbox()
            .get();
    assertThat(mb.protocol()).isEqualTo(MailboxSettings.Protocol.POP3S);
    assertThat(mb.port()).isEqualTo(995);
    assertThat(mb.after()).isEqualTo(MailboxSettings.After.DELETE);
  }

  @Test
  void refusesInvalidBounceSettingsNamingTheKey() {
    assertThatThrownBy(() -> parse("    address: bounces+x@ki.example.org\n"))
        .hasMessageContaining("'mail.bounce.address' must be the plain mailbox without '+'");
    assertThatThrownBy(() -> parse("    address: a@b.org\n    domain: b.org\n"))
        .hasMessageContaining("set either mail.bounce.address or mail.bounce.domain");
    assertThatThrownBy(
            () -> parse("    mailbox:\n      host: h\n      user: u\n      protocol: smtp\n"))
        .hasMessageContaining("'mail.bounce.mailbox.protocol' must be imap, imaps, pop3 or pop3s");
    assertThatThrownBy(
            () ->
                parse(
                    "    mailbox:\n      host: h\n      user: u\n      protocol: pop3\n"
                        + "      after: move\n"))
        .hasMessageContaining("POP3 has no folders");
    assertThatThrownBy(
            () -> parse("    mailbox:\n      host: h\n      user: u\n      after: archive\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching(
            "rundbrief\\.yaml line \\d+: setting 'mail.bounce.mailbox.after' must be move, delete"
                + " or keep, is 'archive'");
    assertThatThrownBy(() -> parse("    soft_limit: 0\n"))
        .hasMessageContaining("mail.bounce.soft_limit");
    assertThatThrownBy(() -> parse("    mailbox:\n      host: h\n"))
        .hasMessageContaining("'mail.bounce.mailbox.user' is required");
  }
}
