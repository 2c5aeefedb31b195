package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConfirmationMailTest {
  private static final String LINK =
      "https://news.example.org/confirm?t=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_";

  private final ConfirmationMail german =
      ConfirmationMail.of(
          EmailAddress.parse("redaktion@news.example.org"),
          "KI-Wochenschau Redaktion",
          "KI-Wochenschau",
          Locale.GERMAN,
          "Beispiel Medien GmbH, Hauptstraße 1, 10115 Berlin",
          MailFixtures.CLOCK,
          MailFixtures.BERLIN);

  private final Recipient jörg =
      new Recipient(EmailAddress.parse("joerg@example.com"), "Jörg Müller", "token");

  @Test
  void composesAPlainTextMessageWithTheLinkAndHonestTexts() throws Exception {
    MimeMessage m = Messages822.parse(german.compose(jörg, LINK));

    assertThat(m.getSubject()).isEqualTo("Bitte bestätigen Sie: KI-Wochenschau");
    assertThat(((InternetAddress) m.getFrom()[0]).getAddress())
        .isEqualTo("redaktion@news.example.org");
    assertThat(((InternetAddress) m.getAllRecipients()[0]).getPersonal()).isNull();
    assertThat(m.getAllRecipients()).hasSize(1);
    assertThat(m.getMessageID())
        .matches("<rundbrief\\.confirm\\.[0-9a-f]+\\.1@news\\.example\\.org>");
    assertThat(m.getHeader("Date")[0]).isEqualTo("Thu, 26 Nov 2026 08:00:00 +0100");
    assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    assertThat(m.getHeader("List-Unsubscribe")).isNull();
    assertThat(m.getContentType()).isEqualTo("text/plain; charset=UTF-8");
    String body = (String) m.getContent();
    assertThat(body)
        .startsWith("Guten Tag,\r\n")
        .contains("„KI-Wochenschau“")
        .contains("\r\n" + LINK + "\r\n")
        .contains("ignorieren Sie diese E-Mail")
        .endsWith("-- \r\nBeispiel Medien GmbH, Hauptstraße 1, 10115 Berlin\r\n");
  }

  @Test
  void keepsEveryLineShortAndAscii() {
    byte[] bytes = german.compose(jörg, LINK + "x".repeat(200)).bytes();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(76);
      assertThat(line).matches("[\\x20-\\x7e\\t]*");
    }
  }

  @Test
  void writesEnglishForOtherLanguages() throws Exception {
    ConfirmationMail english =
        ConfirmationMail.of(
            EmailAddress.parse("desk@news.example.org"),
            "",
            "AI Weekly",
            Locale.forLanguageTag("en-GB"),
            "",
            MailFixtures.CLOCK,
            MailFixtures.BERLIN);
    Recipient anonymous = new Recipient(EmailAddress.parse("reader@example.com"), "", "token");
    MimeMessage m = Messages822.parse(english.compose(anonymous, LINK));

    assertThat(m.getSubject()).isEqualTo("Please confirm your subscription: AI Weekly");
    String body = (String) m.getContent();
    assertThat(body).startsWith("Hello,\r\n").contains("\"AI Weekly\"").doesNotContain("-- ");
  }

  @Test
  void neverShowsTheUnconfirmedNameTypedIntoThePublicForm() throws Exception {
    Recipient victim =
        new Recipient(
            EmailAddress.parse("victim@example.com"),
            "Evil <attacker@evil.org>, win at http://evil.example/prize now",
            "t");
    for (ConfirmationMail composer : java.util.List.of(german, english())) {
      byte[] bytes = composer.compose(victim, LINK).bytes();
      String raw = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(raw).doesNotContainIgnoringCase("evil").doesNotContain("prize");
      MimeMessage m = Messages822.parse(composer.compose(victim, LINK));
      assertThat(m.getHeader("To")).containsExactly("victim@example.com");
      assertThat((String) m.getContent()).doesNotContainIgnoringCase("evil");
    }
  }

  @Test
  void rejectsLineBreaksInLinksAndIgnoresThemInNames() throws Exception {
    Recipient forged =
        new Recipient(EmailAddress.parse("x@example.com"), "Eve\r\nBcc: all@example.com", "t");
    MimeMessage m = Messages822.parse(german.compose(forged, LINK));
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getAllRecipients()).hasSize(1);
    assertThatThrownBy(() -> german.compose(jörg, LINK + "\r\nBcc: all@example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> german.compose(jörg, "javascript:alert(1)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ConfirmationMail english() {
    return ConfirmationMail.of(
        EmailAddress.parse("desk@news.example.org"),
        "",
        "AI Weekly",
        Locale.ENGLISH,
        "",
        MailFixtures.CLOCK,
        MailFixtures.BERLIN);
  }
}
