package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the signatures of {@link DkimSigner} with python3-dkim, a verifier not the signer. */
class DkimSignerIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String OK = "standard=True strict=True";
  private static final String BROKEN = "standard=False strict=False";

  /**
   * Prints, per message, what {@code dkim.verify} says and what a strict RFC 6376 verifier built
   * from python3-dkim's parts says. The strict one hashes exactly the {@code h=} list: {@code
   * dkim.verify} always hashes one From more than listed, so on its own it cannot show that the
   * signer over-signs.
   */
  private static final String VERIFY =
      """
      import base64, dkim, hashlib, re, sys
      from dkim.canonicalization import CanonicalizationPolicy
      from dkim.crypto import parse_public_key, RSASSA_PKCS1_v1_5_verify
      from dkim.util import parse_tag_value
      pub = open(sys.argv[1], 'rb').read().strip()
      def dns(name, timeout=5):
          assert name == b'kat._domainkey.ki-post.example.org.', name
          return b'v=DKIM1; k=rsa; p=' + pub
      def unfold(v):
          return re.sub(rb'\\s+', b'', v)
      def strict(message):
          d = dkim.DKIM(message)
          field = next((x, y) for x, y in d.headers if x.lower() == b'dkim-signature')
          sig = parse_tag_value(field[1])
          policy = CanonicalizationPolicy.from_c_value(sig[b'c'])
          body = hashlib.sha256(policy.canonicalize_body(d.body)).digest()
          if body != base64.b64decode(unfold(sig[b'bh'])):
              return False
          include = [x.lower() for x in unfold(sig[b'h']).split(b':')]
          h = hashlib.sha256()
          headers = policy.canonicalize_headers(d.headers)
          dkim.hash_headers(h, policy, headers, include, field, sig)
          key = parse_public_key(base64.b64decode(pub))
          return RSASSA_PKCS1_v1_5_verify(h, base64.b64decode(unfold(sig[b'b'])), key)
      for path in sys.argv[2:]:
          m = open(path, 'rb').read()
          print(path.rsplit('/', 1)[-1], 'standard=%s strict=%s' % (dkim.verify(m, dnsfunc=dns), strict(m)))
      """;

  @TempDir Path dir;

  @BeforeEach
  void requirePythonDkim() throws Exception {
    ExternalTools.requirePythonModule("dkim", "python3-dkim");
  }

  private static byte[] composedAndSigned() {
    RenderedDigest rendered =
        DigestRenderer.withDefaultTemplates()
            .render(MailFixtures.german(), MailFixtures.settings());
    return MessageComposer.of(rendered, MailFixtures.CLOCK)
        .withDkim(DkimSettings.of("ki-post.example.org", "kat", DkimSignerTest.knownKey()))
        .compose(MailFixtures.anna())
        .bytes();
  }

  @Test
  void aComposedMessageVerifiesAndASecondFromAddedAnywhereBreaksIt() throws Exception {
    String signed = new String(composedAndSigned(), StandardCharsets.UTF_8);
    int afterSignature = signed.indexOf("\r\nDate: ") + 2;
    int headerEnd = signed.indexOf("\r\n\r\n") + 2;
    String forged = "From: Mallory <mallory@ki-post.example.org>\r\n";
    assertThat(
            verify(
                signed,
                // A header that is not signed may be added (relays add Received lines).
                signed.substring(0, afterSignature)
                    + "Received: from relay.example.net by mx.example.net\r\n"
                    + signed.substring(afterSignature),
                signed.substring(0, afterSignature) + forged + signed.substring(afterSignature),
                signed.substring(0, headerEnd) + forged + signed.substring(headerEnd)))
        .containsExactly(OK, OK, BROKEN, BROKEN);
  }

  @Test
  void withoutOverSigningTheStrictVerifierWouldAcceptASecondFromOnTop() throws Exception {
    // The control for the test above: python3-dkim signs the same message with From listed once.
    String unsigned = new String(composedAndSigned(), StandardCharsets.UTF_8);
    unsigned = unsigned.substring(unsigned.indexOf("\r\nDate: ") + 2);
    String script =
        """
        import dkim, sys
        m = open(sys.argv[1], 'rb').read()
        key = open(sys.argv[2], 'rb').read()
        h = [b'from', b'to', b'subject', b'date', b'message-id', b'list-unsubscribe']
        s = dkim.sign(m, b'kat', b'ki-post.example.org', key,
                      canonicalize=(b'relaxed', b'relaxed'), include_headers=h)
        sys.stdout.buffer.write(s + b'From: Mallory <mallory@ki-post.example.org>\\r\\n' + m)
        """;
    Path message = dir.resolve("unsigned.eml");
    Files.writeString(message, unsigned, StandardCharsets.UTF_8);
    String forged =
        run(
            List.of(
                PYTHON.toString(),
                "-c",
                script,
                message.toString(),
                DkimSignerTest.knownKey().toString()));
    assertThat(forged).contains("From: Mallory").contains("h=from : to");
    assertThat(verify(forged)).containsExactly("standard=False strict=True");
  }

  @Test
  void aSecondCopyOfAnyHeaderAMessageCarriesOnceBreaksTheSignature() throws Exception {
    String signed = new String(composedAndSigned(), StandardCharsets.UTF_8);
    int onTop = signed.indexOf("\r\nDate: ") + 2;
    int atEnd = signed.indexOf("\r\n\r\n") + 2;
    List<String> added =
        List.of(
            "Subject: Ihr Konto wird gesperrt",
            "To: someone-else@example.net",
            "Date: Thu, 1 Jan 2026 00:00:00 +0000",
            "Message-ID: <forged@ki-post.example.org>",
            "Reply-To: mallory@example.net",
            "List-Unsubscribe: <https://evil.example.net/unsubscribe>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "List-Id: Other <other.example.net>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain");
    List<String> forged = new ArrayList<>();
    forged.add(signed);
    for (String header : added) {
      forged.add(signed.substring(0, onTop) + header + "\r\n" + signed.substring(onTop));
      forged.add(signed.substring(0, atEnd) + header + "\r\n" + signed.substring(atEnd));
    }
    List<String> expected = new ArrayList<>();
    expected.add(OK);
    expected.addAll(java.util.Collections.nCopies(added.size() * 2, BROKEN));
    assertThat(verify(forged.toArray(String[]::new))).containsExactlyElementsOf(expected);
  }

  @Test
  void aReplyToAddedToAMessageWithoutOneBreaksTheSignature() throws Exception {
    MailSettings noReplyTo =
        MailSettings.builder()
            .publisherName("KI-Post Redaktion GmbH")
            .postalAddress("Lindenstraße 12\n10969 Berlin")
            .contactEmail(EmailAddress.parse("redaktion@ki-post.example.org"))
            .listName("KI-Woche")
            .listId("ki-woche.ki-post.example.org")
            .from(EmailAddress.parse("newsletter@ki-post.example.org"), "KI-Post")
            .unsubscribeUrlPattern("https://ki-post.example.org/abmelden?t={token}")
            .build();
    String signed =
        new String(
            MessageComposer.of(
                    DigestRenderer.withDefaultTemplates().render(MailFixtures.german(), noReplyTo),
                    MailFixtures.CLOCK)
                .withDkim(DkimSettings.of("ki-post.example.org", "kat", DkimSignerTest.knownKey()))
                .compose(MailFixtures.anna())
                .bytes(),
            StandardCharsets.UTF_8);
    assertThat(signed).doesNotContain("\r\nReply-To:").contains("reply-to");
    int atEnd = signed.indexOf("\r\n\r\n") + 2;
    assertThat(
            verify(
                signed,
                signed.substring(0, atEnd)
                    + "Reply-To: mallory@example.net\r\n"
                    + signed.substring(atEnd)))
        .containsExactly(OK, BROKEN);
  }

  @Test
  void bodyLinesStartingWithFromAreEncodedSoAnMboxRewriteChangesNothing() throws Exception {
    Digest digest =
        MailFixtures.german()
            .withIntro("From the editors: a week of small models.\n\nFrom now on weekly.");
    String signed =
        new String(
            MessageComposer.of(
                    DigestRenderer.withDefaultTemplates().render(digest, MailFixtures.settings()),
                    MailFixtures.CLOCK)
                .withDkim(DkimSettings.of("ki-post.example.org", "kat", DkimSignerTest.knownKey()))
                .compose(MailFixtures.anna())
                .bytes(),
            StandardCharsets.UTF_8);
    // What the reader sees still has the lines; on the wire none starts with "From ".
    jakarta.mail.internet.MimeMessage parsed =
        new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(signed.getBytes(StandardCharsets.UTF_8)));
    jakarta.mail.Multipart parts = (jakarta.mail.Multipart) parsed.getContent();
    String text = (String) parts.getBodyPart(0).getContent();
    assertThat(text.replace("\r\n", "\n")).contains("\nFrom the editors:", "\nFrom now on weekly.");
    assertThat(signed).containsPattern("(?m)^=46rom the editors:");
    assertThat(signed).doesNotContainPattern("(?m)^From ");
    String mboxRewritten = signed.replaceAll("(?m)^From ", ">From ");
    assertThat(mboxRewritten).isEqualTo(signed);
    assertThat(verify(signed, mboxRewritten)).containsExactly(OK, OK);
    // The control: the same rewrite on an unescaped line breaks the signature.
    String unescaped = signed.replace("=46rom the editors:", ">From the editors:");
    assertThat(verify(unescaped)).containsExactly(BROKEN);
  }

  @Test
  void tamperingWithListUnsubscribePostBreaksTheSignature() throws Exception {
    String signed = new String(composedAndSigned(), StandardCharsets.UTF_8);
    String header = "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    assertThat(signed).contains(header);
    assertThat(
            verify(
                signed,
                signed.replace(header, "List-Unsubscribe-Post: List-Unsubscribe=Two-Clicks\r\n"),
                signed.replace(header, "")))
        .containsExactly(OK, BROKEN, BROKEN);
  }

  @Test
  void theKnownAnswerAndAnEmptyBodyVerify() throws Exception {
    String empty =
        DkimSignerTest.KNOWN_MESSAGE.substring(
            0, DkimSignerTest.KNOWN_MESSAGE.indexOf("\r\n\r\n") + 4);
    byte[] emptySigned =
        DkimSignerTest.knownAnswerSigner().sign(empty.getBytes(StandardCharsets.UTF_8));
    assertThat(
            verify(
                DkimSignerTest.KNOWN_SIGNATURE + DkimSignerTest.KNOWN_MESSAGE,
                new String(emptySigned, StandardCharsets.UTF_8),
                DkimSignerTest.KNOWN_SIGNATURE
                    + DkimSignerTest.KNOWN_MESSAGE.replace("Guten Morgen", "Guten Abend")))
        .containsExactly(OK, OK, BROKEN);
  }

  /** What the two verifiers say about each message (written as UTF-8), as {@link #OK}. */
  private List<String> verify(String... messages) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", VERIFY));
    Path key = Path.of(DkimSignerTest.class.getResource("/dkim/known-answer.pub.b64").toURI());
    command.add(key.toString());
    for (int i = 0; i < messages.length; i++) {
      Path file = dir.resolve("m" + i + ".eml");
      Files.writeString(file, messages[i], StandardCharsets.UTF_8);
      command.add(file.toString());
    }
    String out = run(command);
    List<String> results = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      String prefix = "m" + i + ".eml ";
      String line =
          out.lines()
              .filter(l -> l.startsWith(prefix))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no result for " + prefix + "in:\n" + out));
      results.add(line.substring(prefix.length()).strip());
    }
    return results;
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
