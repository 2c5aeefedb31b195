package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.Digest;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageComposerTest {
  private final RenderedDigest rendered =
      DigestRenderer.withDefaultTemplates().render(MailFixtures.german(), MailFixtures.settings());
  private final MessageComposer composer = MessageComposer.of(rendered, MailFixtures.CLOCK);

  @Test
  void composesMultipartAlternativeWithTextFirstAndHtmlLast() throws Exception {
    MimeMessage m = Messages822.parse(composer.compose(MailFixtures.anna()));
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    MimeMultipart body = (MimeMultipart) m.getContent();
    assertThat(body.getCount()).isEqualTo(2);
    assertThat(body.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
    assertThat(body.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
    assertThat(body.getBodyPart(0).getHeader("Content-Transfer-Encoding"))
        .containsExactly("quoted-printable");
    assertThat(Messages822.content(m, 0))
        .isEqualTo(
            rendered
                .forRecipient(MailFixtures.anna())
                .text()
                .replace("\n", "\r\n")
                .stripTrailing());
  }

  @Test
  void decodesSubjectAndNamesWithUmlauts() throws Exception {
    MimeMessage m = Messages822.parse(composer.compose(MailFixtures.anna()));
    assertThat(m.getSubject()).isEqualTo("KI-Woche 48/2026: Modelle, die sich selbst prüfen");
    InternetAddress to = (InternetAddress) m.getRecipients(RecipientType.TO)[0];
    assertThat(to.getPersonal()).isEqualTo("Anna Müller");
    assertThat(to.getAddress()).isEqualTo("anna.mueller@leser.example.net");
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("KI-Post Redaktion");
    assertThat(from.getAddress()).isEqualTo("newsletter@ki-post.example.org");
    assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    assertThat(m.getHeader("To")[0]).startsWith("=?UTF-8?");
  }

  @Test
  void writesTheListAndIdentityHeaders() throws Exception {
    ComposedMessage composed = composer.compose(MailFixtures.anna());
    MimeMessage m = Messages822.parse(composed);
    assertThat(m.getHeader("Message-ID")).containsExactly(composed.messageId());
    assertThat(composed.messageId()).matches("<[^@<>]+@ki-post\\.example\\.org>");
    assertThat(m.getHeader("MIME-Version")).containsExactly("1.0");
    assertThat(m.getHeader("Date")).containsExactly("Thu, 26 Nov 2026 08:00:00 +0100");
    assertThat(m.getSentDate().toInstant()).isEqualTo(MailFixtures.CLOCK.instant());
    assertThat(m.getReplyTo())
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("leserbriefe@ki-post.example.org");
    assertThat(m.getHeader("List-Id")).containsExactly("KI-Woche <ki-woche.ki-post.example.org>");
    assertThat(m.getHeader("List-Unsubscribe", null).replaceAll("\\s+", " "))
        .isEqualTo(
            "<https://ki-post.example.org/abmelden?t=tok-anna-123>,"
                + " <mailto:abmelden@ki-post.example.org?subject=unsubscribe%20tok-anna-123>");
    assertThat(m.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
  }

  @Test
  void addressesEachMessageToExactlyOneRecipient() throws Exception {
    ComposedMessage first = composer.compose(MailFixtures.anna());
    ComposedMessage second = composer.compose(MailFixtures.anonymous());
    MimeMessage m1 = Messages822.parse(first);
    MimeMessage m2 = Messages822.parse(second);
    assertThat(m1.getAllRecipients()).hasSize(1);
    assertThat(m2.getAllRecipients()).hasSize(1);
    assertThat(m2.getHeader("To")).containsExactly("leser@leser.example.net");
    assertThat(first.messageId()).isNotEqualTo(second.messageId());
    assertThat(first.recipient()).isEqualTo(MailFixtures.anna().address());
    assertThat(Messages822.content(m2, 0))
        .contains("Hallo,", "t=tok-anon-456")
        .doesNotContain("tok-anna");
  }

  @Test
  void aMessageComposedAgainAfterACrashKeepsItsMessageIdAndOthersDiffer() throws Exception {
    // A resumed send runs in a new process: a new renderer and composer for the same issue.
    MessageComposer afterRestart =
        MessageComposer.of(
            DigestRenderer.withDefaultTemplates()
                .render(MailFixtures.german(), MailFixtures.settings()),
            MailFixtures.CLOCK);
    ComposedMessage first = composer.compose(MailFixtures.anna());
    ComposedMessage again = afterRestart.compose(MailFixtures.anna());

    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(Messages822.parse(again).getHeader("Message-ID")).containsExactly(first.messageId());
    assertThat(first.messageId())
        .doesNotContain("anna", "tok-anna")
        .startsWith("<rundbrief." + MailFixtures.german().number() + ".");
    Recipient sameAddressOtherToken =
        new Recipient(MailFixtures.anna().address(), "Anna", "another-subscription");
    assertThat(composer.compose(sameAddressOtherToken).messageId()).isNotEqualTo(first.messageId());
  }

  @Test
  void bothPartsListTheSameArticleTitlesAndLinks() throws Exception {
    MimeMessage m = Messages822.parse(composer.compose(MailFixtures.anna()));
    String text = Messages822.content(m, 0);
    String html = Messages822.content(m, 1);
    for (String title : Messages822.htmlArticleTitles(html)) {
      assertThat(text).contains(title);
    }
    assertThat(Messages822.htmlArticleTitles(html)).hasSize(3);
    assertThat(Messages822.textLinks(text))
        .containsExactlyInAnyOrderElementsOf(Messages822.htmlLinks(html));
  }

  @Test
  void keepsEveryLineShortAndTheMessageSevenBitWithCrlf() {
    byte[] bytes = composer.compose(MailFixtures.anna()).bytes();
    int lineLength = 0;
    for (int i = 0; i < bytes.length; i++) {
      assertThat(bytes[i]).as("byte %d", i).isBetween((byte) 1, (byte) 0x7e);
      if (bytes[i] == '\n') {
        assertThat(bytes[i - 1]).as("LF at %d follows CR", i).isEqualTo((byte) '\r');
        lineLength = 0;
      } else if (bytes[i] != '\r') {
        lineLength++;
        assertThat(lineLength).as("line ending at %d", i).isLessThanOrEqualTo(998);
      }
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    assertThat(text.lines().mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(78);
  }

  @Test
  void rejectsALineBreakInTheSubjectSoNoBccCanBeAdded() {
    Digest crafted = withTitle("KI-Woche\r\nBcc: alle@evil.example.com");
    RenderedDigest r =
        DigestRenderer.withDefaultTemplates().render(crafted, MailFixtures.settings());
    assertThatThrownBy(() -> MessageComposer.of(r, MailFixtures.CLOCK))
        .isInstanceOf(HeaderValueException.class)
        .hasMessageContaining("Subject")
        .hasMessageContaining("U+000D");
  }

  @Test
  void rejectsALineBreakInARecipientNameSoNoBccCanBeAdded() {
    Recipient crafted =
        new Recipient(
            EmailAddress.parse("opfer@leser.example.net"),
            "Opfer\r\nBcc: alle@evil.example.com",
            "t");
    assertThatThrownBy(() -> composer.compose(crafted))
        .isInstanceOf(HeaderValueException.class)
        .hasMessageContaining("To display name");
    Recipient tab = new Recipient(EmailAddress.parse("o@leser.example.net"), "A\u0000B", "t");
    assertThatThrownBy(() -> composer.compose(tab)).isInstanceOf(HeaderValueException.class);
  }

  @Test
  void rejectsControlCharactersInConfiguredHeaderValues() {
    assertThatThrownBy(() -> MailSettings.builder().listName("KI\nBcc: x@evil.example.com"))
        .isInstanceOf(HeaderValueException.class)
        .hasMessageContaining("listName");
    assertThatThrownBy(
            () ->
                MailSettings.builder()
                    .unsubscribeUrlPattern("https://ki-post.example.org/u/{token}\r\nBcc: x@e.com"))
        .isInstanceOf(HeaderValueException.class);
    assertThatThrownBy(
            () ->
                MailSettings.builder()
                    .from(EmailAddress.parse("n@ki-post.example.org"), "Redaktion\rBcc: x@e.com"))
        .isInstanceOf(HeaderValueException.class);
  }

  @Test
  void aNameFullOfAddressSyntaxStaysOneDisplayName() throws Exception {
    Recipient tricky =
        new Recipient(
            EmailAddress.parse("echt@leser.example.net"),
            "Evil, \"Bcc\" <alle@evil.example.com>; Bcc: x@evil.example.com",
            "t");
    MimeMessage m = Messages822.parse(composer.compose(tricky));
    Address[] to = m.getRecipients(RecipientType.TO);
    assertThat(to).hasSize(1);
    assertThat(((InternetAddress) to[0]).getAddress()).isEqualTo("echt@leser.example.net");
    assertThat(((InternetAddress) to[0]).getPersonal()).isEqualTo(tricky.name());
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getRecipients(RecipientType.BCC)).isNull();
  }

  @Test
  void refusesToComposeWithoutASenderOrListId() {
    MailSettings incomplete =
        MailSettings.builder()
            .publisherName("KI-Post")
            .postalAddress("Weg 1, 12345 Ort")
            .contactEmail(EmailAddress.parse("r@ki-post.example.org"))
            .unsubscribeUrlPattern("https://ki-post.example.org/u/{token}")
            .build();
    RenderedDigest r =
        DigestRenderer.withDefaultTemplates().render(MailFixtures.german(), incomplete);
    assertThatThrownBy(() -> MessageComposer.of(r, MailFixtures.CLOCK))
        .isInstanceOf(MailSettingsException.class)
        .hasMessageContaining("fromAddress");
  }

  @Test
  void writesAPreviewOfHtmlTextAndTheWholeMessage(@TempDir Path dir) throws Exception {
    List<Path> files = Preview.write(composer, MailFixtures.anna(), dir.resolve("vorschau"));
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("issue-48.html", "issue-48.txt", "issue-48.eml");
    assertThat(java.nio.file.Files.readString(files.get(0)))
        .isEqualTo(rendered.forRecipient(MailFixtures.anna()).html());
    assertThat(java.nio.file.Files.readString(files.get(1))).contains("Hallo Anna Müller,");
    MimeMessage eml =
        new MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            java.nio.file.Files.newInputStream(files.get(2)));
    assertThat(eml.getSubject()).startsWith("KI-Woche 48/2026");
  }

  private static Digest withTitle(String title) {
    Digest d = MailFixtures.german();
    return new Digest(
        d.number(), title, d.period(), d.intro(), d.language(), d.sections(), d.created());
  }

  @Test
  void foldsEveryHeaderLineTo78CharactersAndOffersListArchiveAndFeedbackId() throws Exception {
    MailSettings settings =
        MailFixtures.settings().toBuilder()
            .listName("KI-Woche – Neuigkeiten aus Forschung und Praxis der künstlichen Intelligenz")
            .listId("ki-woche-neuigkeiten.newsletter.ki-post.example.org")
            .unsubscribeUrlPattern("https://ki-post.example.org/unsubscribe?t={token}")
            .listArchiveUrl("https://ki-post.example.org/archiv/")
            .feedbackId("{issue}:ki-woche:digest:ki-post")
            .build();
    Digest digest =
        new Digest(
            48,
            "Sprachmodelle lernen, ihre eigenen Fehler zu finden – und was das für uns heißt",
            MailFixtures.german().period(),
            MailFixtures.german().intro(),
            MailFixtures.german().language(),
            MailFixtures.german().sections(),
            MailFixtures.german().created());
    Recipient reader =
        new Recipient(
            EmailAddress.parse("maximiliane.mustermann-schoenberger@leser.example.net"),
            "Maximiliane Mustermann-Schönberger von und zu Hohenlohe",
            "AbCdEfGhIjKlMnOpQrStUvWxYz012345");
    byte[] bytes =
        MessageComposer.of(
                DigestRenderer.withDefaultTemplates().render(digest, settings), MailFixtures.CLOCK)
            .compose(reader)
            .bytes();
    String raw = new String(bytes, StandardCharsets.US_ASCII);
    String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
    // Folded at spaces; only a single word longer than a line (the mailto URL with its token)
    // stands alone on a longer line, since a URL cannot be folded.
    assertThat(head.split("\r\n"))
        .allSatisfy(
            l ->
                assertThat(l.length() <= 78 || (l.startsWith(" ") && l.indexOf(' ', 1) < 0))
                    .as(l)
                    .isTrue())
        .contains(" <https://ki-post.example.org/unsubscribe?t=AbCdEfGhIjKlMnOpQrStUvWxYz012345>,");
    jakarta.mail.internet.MimeMessage parsed =
        new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(bytes));
    assertThat(parsed.getSubject()).isEqualTo(digest.title());
    assertThat(jakarta.mail.internet.MimeUtility.unfold(parsed.getHeader("List-Unsubscribe", null)))
        .isEqualTo(
            "<https://ki-post.example.org/unsubscribe?t="
                + "AbCdEfGhIjKlMnOpQrStUvWxYz012345>, <mailto:abmelden@ki-post.example.org"
                + "?subject=unsubscribe%20AbCdEfGhIjKlMnOpQrStUvWxYz012345>");
    assertThat(
            jakarta.mail.internet.MimeUtility.decodeText(
                jakarta.mail.internet.MimeUtility.unfold(parsed.getHeader("List-Id", null))))
        .isEqualTo(
            "KI-Woche – Neuigkeiten aus Forschung und Praxis der künstlichen Intelligenz"
                + " <ki-woche-neuigkeiten.newsletter.ki-post.example.org>");
    assertThat(
            ((jakarta.mail.internet.InternetAddress)
                    parsed.getRecipients(jakarta.mail.Message.RecipientType.TO)[0])
                .getPersonal())
        .isEqualTo("Maximiliane Mustermann-Schönberger von und zu Hohenlohe");
    assertThat(parsed.getHeader("List-Archive", null))
        .isEqualTo("<https://ki-post.example.org/archiv/>");
    assertThat(parsed.getHeader("Feedback-ID", null)).isEqualTo("48:ki-woche:digest:ki-post");
  }

  @Test
  void refusesAFeedbackIdWithSpacesOrWithoutParts() {
    assertThatThrownBy(() -> MailSettings.builder().feedbackId("ki woche:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feedbackId 'ki woche:1'");
    assertThatThrownBy(() -> MailSettings.builder().feedbackId("kiwoche"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailSettings.builder().feedbackId("a:b\r\nBcc: x@y"))
        .isInstanceOf(HeaderValueException.class);
  }
}
