package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks composed messages with independent tools: Python's email and dkim, and SpamAssassin. */
class MessageChecksIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static KeyPair keys;

  @TempDir Path dir;

  @BeforeAll
  static void generateKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  private static RenderedDigest rendered() {
    return DigestRenderer.withDefaultTemplates()
        .render(MailFixtures.german(), MailFixtures.settings());
  }

  @Test
  void pythonsEmailPackageFindsNoDefects() throws Exception {
    ExternalTools.requirePythonModule("email", "python3");
    MessageComposer composer = MessageComposer.of(rendered(), MailFixtures.CLOCK);
    Path eml = write("plain.eml", composer.compose(MailFixtures.anna()).bytes());
    String script =
        """
        import email, email.policy, sys
        m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
        defects = list(m.defects)
        for part in m.walk():
            defects += part.defects
        print('defects', len(defects), [type(d).__name__ for d in defects])
        print('subject', m['subject'])
        print('to', m['to'])
        print('types', [p.get_content_type() for p in m.walk()])
        print('text', 'Rechenaufgaben & Code' in m.get_body(('plain',)).get_content())
        print('html', 'Rechenaufgaben &amp; Code' in m.get_body(('html',)).get_content())
        """;
    String out = run(List.of(PYTHON.toString(), "-c", script, eml.toString()));
    assertThat(out).contains("defects 0 []");
    assertThat(out).contains("subject KI-Woche 48/2026: Modelle, die sich selbst prüfen");
    assertThat(out).contains("to Anna Müller <anna.mueller@leser.example.net>");
    assertThat(out).contains("types ['multipart/alternative', 'text/plain', 'text/html']");
    assertThat(out).contains("text True").contains("html True");
  }

  @Test
  void aDkimSignatureWithAPemKeyVerifiesWithPythonsDkim() throws Exception {
    ExternalTools.requirePythonModule("dkim", "python3-dkim");
    Path key = dir.resolve("dkim.pem");
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(key, pem);
    assertVerifies(key);
  }

  @Test
  void aDkimSignatureWithADerKeyVerifiesWithPythonsDkim() throws Exception {
    ExternalTools.requirePythonModule("dkim", "python3-dkim");
    Path key = dir.resolve("dkim.der");
    Files.write(key, keys.getPrivate().getEncoded());
    assertVerifies(key);
  }

  @Test
  void refusesDkimKeysUnder1024Bits() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(512);
    Path key = dir.resolve("weak.der");
    Files.write(key, generator.generateKeyPair().getPrivate().getEncoded());
    MessageComposer composer = MessageComposer.of(rendered(), MailFixtures.CLOCK);
    assertThatThrownBy(
            () -> composer.withDkim(DkimSettings.of("ki-post.example.org", "mail2026", key)))
        .isInstanceOf(MailSettingsException.class)
        .hasMessageContaining("512 bits");
  }

  @Test
  void spamAssassinFiresNoneOfTheStructuralRules() throws Exception {
    Path spamassassin = ExternalTools.require("spamassassin", "spamassassin");
    MessageComposer composer = MessageComposer.of(rendered(), MailFixtures.CLOCK);
    Path eml = write("spam.eml", composer.compose(MailFixtures.anna()).bytes());
    ProcessBuilder pb =
        new ProcessBuilder(spamassassin.toString(), "-L", "-t", "--cf=use_bayes 0")
            .redirectInput(eml.toFile());
    String out = run(pb);
    String status = out.lines().filter(l -> l.startsWith("X-Spam-Status")).findFirst().orElse("");
    String report = out.substring(Math.max(0, out.indexOf("Content analysis details")));
    System.out.println("spamassassin: " + status + "\n" + report);
    assertThat(status).startsWith("X-Spam-Status: No");
    assertThat(report)
        .doesNotContain("MIME_HTML_ONLY", "MPART_ALT_DIFF", "MISSING_MID", "HTML_IMAGE_ONLY")
        .doesNotContain("MISSING_DATE", "MISSING_FROM", "MISSING_HEADERS");
  }

  private void assertVerifies(Path key) throws Exception {
    MessageComposer composer =
        MessageComposer.of(rendered(), MailFixtures.CLOCK)
            .withDkim(DkimSettings.of("ki-post.example.org", "mail2026", key));
    ComposedMessage signed = composer.compose(MailFixtures.anna());
    String headers = signed.asText().substring(0, signed.asText().indexOf("\r\n\r\n"));
    assertThat(headers).startsWith("DKIM-Signature:");
    String signature = headers.substring(0, headers.indexOf("\r\nDate:")).replaceAll("\\s+", "");
    assertThat(signature).contains("a=rsa-sha256", "c=relaxed/relaxed", "d=ki-post.example.org");
    assertThat(signature).contains("s=mail2026").doesNotContain(";l=");
    String h = signature.replaceAll(".*;h=([^;]*);.*", "$1").toLowerCase();
    assertThat(h.split(":"))
        .contains("from", "list-unsubscribe", "list-unsubscribe-post", "subject", "to");
    assertThat(Messages822.parse(signed).getSubject()).startsWith("KI-Woche 48/2026");

    Path eml = write("signed.eml", signed.bytes());
    String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    String script =
        """
        import dkim, sys
        record = ('v=DKIM1; k=rsa; p=' + sys.argv[2]).encode()
        def dns(name, timeout=5):
            assert name == b'mail2026._domainkey.ki-post.example.org.', name
            return record
        print('verified', dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=dns))
        tampered = open(sys.argv[1], 'rb').read().replace(b'tok-anna-123', b'tok-anna-999', 1)
        print('tampered', dkim.verify(tampered, dnsfunc=dns))
        """;
    String out = run(List.of(PYTHON.toString(), "-c", script, eml.toString(), publicKey));
    assertThat(out).contains("verified True").contains("tampered False");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static String run(List<String> command) throws Exception {
    return run(new ProcessBuilder(new ArrayList<>(command)));
  }

  private static String run(ProcessBuilder pb) throws Exception {
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
