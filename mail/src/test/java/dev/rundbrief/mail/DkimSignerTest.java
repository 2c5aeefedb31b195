package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DkimSignerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC);

  /** A fixed message with folded headers, runs of white space and trailing empty lines. */
  static final String KNOWN_MESSAGE =
      "From: KI-Post Redaktion <newsletter@ki-post.example.org>\r\n"
          + "To: Anna Example <anna@leser.example.net>\r\n"
          + "Subject: KI-Woche 48/2026:   Modelle,\r\n"
          + "\tdie sich selbst pruefen \r\n"
          + "Date: Thu, 26 Nov 2026 08:00:00 +0100\r\n"
          + "Message-ID: <kat.1@ki-post.example.org>\r\n"
          + "List-Id: KI-Post <ki-post.example.org>\r\n"
          + "List-Unsubscribe: <https://ki-post.example.org/unsubscribe?t=tok-kat>\r\n"
          + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=UTF-8\r\n"
          + "Content-Transfer-Encoding: 8bit\r\n"
          + "\r\n"
          + "Guten Morgen,  \r\n"
          + "\r\n"
          + "diese Woche:\tdrei Modelle, die  ihre eigenen Antworten prüfen.\r\n"
          + "This week: three models that check  their own answers.\r\n"
          + "\r\n"
          + "\r\n";

  /**
   * The signature of {@link #KNOWN_MESSAGE} with the key in {@code dkim/known-answer.pem} at {@link
   * #CLOCK}. bh= matched python3-dkim's {@code dkim.sign} (same message, relaxed/relaxed); b=
   * matched python3-dkim's header hashing and RSA signing over this header; then frozen. Refrozen
   * when every header came to be over-signed; {@code DkimSignerIT} verifies it with python3-dkim.
   */
  static final String KNOWN_SIGNATURE =
      "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=ki-post.example.org;\r\n"
          + " s=kat; t=1795676400; h=from:from:to:to:reply-to:subject:subject:date:date:\r\n"
          + " message-id:message-id:mime-version:mime-version:content-type:content-type:\r\n"
          + " list-id:list-id:list-unsubscribe:list-unsubscribe:list-unsubscribe-post:\r\n"
          + " list-unsubscribe-post:list-archive:feedback-id;\r\n"
          + " bh=JYYe7y0jv6JYyLazrYfKD/091EozMKv/htzOPUMnxF4=;\r\n"
          + " b=h+X/oSliFYq/YiEwKRoVY0FsxDj6kc+/WIddSIfIaEsAiD6vEGES/zESHnB6KnnMMuQes0IoFjI\r\n"
          + " 8+GTU2neC3IHtxS+jg4SikQTVigmJbm7DPq7ZxsYQ7ADBKcQ18ws8B4YL2MVtFZXimH74jP7Suh/Z\r\n"
          + " F5gf4AFsEGpPBH3YU8S0wtA5i3KD132p/1tYZJ+EDpGFm1nnOo7IGK4QyA2KggwsuBBagzzFwAYE3\r\n"
          + " 8RJFxQni7+akfKW+m1bilDAmfPnfACL54AYMkP1eeuPShG6XP1eAcpZToENqfsmyvsHnOeEXOAlCy\r\n"
          + " e4ZB3P6wFf3Vo5AVmITIFBPBV6Eb797Q9Lyg==\r\n";

  static DkimSigner knownAnswerSigner() {
    return DkimSigner.of(DkimSettings.of("ki-post.example.org", "kat", knownKey()), CLOCK);
  }

  static Path knownKey() {
    try {
      return Path.of(DkimSignerTest.class.getResource("/dkim/known-answer.pem").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String relaxedBody(String message) {
    byte[] m = bytes(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DkimSigner.relaxedBody(m, DkimSigner.bodyStart(m), out::write);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** RFC 6376 section 3.4.5, with the spaces and tabs written out. */
  private static final String RFC_EXAMPLE =
      "A: X\r\n"
          + "B : Y\t\r\n"
          + "\tZ  \r\n"
          + "\r\n"
          + " C \r\n"
          + "D \t E\r\n"
          + "\r\n"
          + "\r\n";

  @Test
  void canonicalizesTheHeadersOfTheExampleInRfc6376Section345() {
    byte[] m = bytes(RFC_EXAMPLE);
    List<String> fields = DkimSigner.fields(m, DkimSigner.bodyStart(m));
    assertThat(fields).containsExactly("A: X", "B : Y\t\r\n\tZ  ");
    assertThat(fields.stream().map(DkimSigner::relaxedHeader))
        .containsExactly("a:X\r\n", "b:Y Z\r\n");
  }

  @Test
  void canonicalizesTheBodyOfTheExampleInRfc6376Section345() {
    assertThat(relaxedBody(RFC_EXAMPLE)).isEqualTo(" C\r\nD E\r\n");
  }

  @Test
  void keepsEmptyLinesInsideTheBodyAndDropsThoseAtTheEnd() {
    assertThat(relaxedBody("X: 1\r\n\r\na \r\n\r\n \t\r\nb\r\n \r\n\r\n"))
        .isEqualTo("a\r\n\r\n\r\nb\r\n");
  }

  @Test
  void canonicalizesABodyLongerThanOneChunk() {
    StringBuilder body = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      body.append("Zeile  ").append(i).append("\t\r\n").append(i % 7 == 0 ? " \r\n" : "");
      expected.append("Zeile ").append(i).append("\r\n").append(i % 7 == 0 ? "\r\n" : "");
    }
    body.append("\r\n\r\n");
    String canonical = relaxedBody("X: 1\r\n\r\n" + body);
    assertThat(canonical.length()).isGreaterThan(3 * 8192);
    assertThat(canonical).isEqualTo(expected.toString());
  }

  @Test
  void addsACrlfToALastLineWithoutOne() {
    assertThat(relaxedBody("X: 1\r\n\r\nend  ")).isEqualTo("end\r\n");
  }

  @Test
  void canonicalizesAnEmptyBodyAndOneOfOnlyEmptyLinesToNothing() {
    // RFC 6376 section 3.4.4 (unlike "simple", which makes an empty body one CRLF).
    assertThat(relaxedBody("X: 1\r\n\r\n")).isEmpty();
    assertThat(relaxedBody("X: 1\r\n\r\n\r\n \r\n\t\r\n")).isEmpty();
    assertThat(relaxedBody("X: 1\r\n")).isEmpty();
  }

  @Test
  void lowerCasesHeaderNamesButNotValues() {
    assertThat(DkimSigner.relaxedHeader("Message-ID:  <Ab.C@Example.ORG>  "))
        .isEqualTo("message-id:<Ab.C@Example.ORG>\r\n");
    assertThat(DkimSigner.relaxedHeader("Subject:")).isEqualTo("subject:\r\n");
  }

  @Test
  void rejectsAHeaderLineWithoutAColon() {
    byte[] m = bytes("From: a@example.org\r\nnot a header\r\n\r\nbody\r\n");
    assertThatThrownBy(() -> DkimSigner.fields(m, DkimSigner.bodyStart(m)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not a header'");
  }

  @Test
  void aPkcs1DerKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
    Path pkcs1 = Path.of(DkimSignerTest.class.getResource("/dkim/known-answer.pkcs1.der").toURI());
    assertThatThrownBy(
            () -> DkimSigner.of(DkimSettings.of("ki-post.example.org", "kat", pkcs1), CLOCK))
        .isInstanceOf(MailSettingsException.class)
        .hasMessageContaining("is a PKCS#1 RSA key")
        .hasMessageContaining(
            "openssl pkcs8 -topk8 -nocrypt -inform DER -in known-answer.pkcs1.der -out dkim.pem");
    // The same key as PKCS#8 DER is read.
    byte[] pkcs8 =
        java.util.Base64.getMimeDecoder()
            .decode(java.nio.file.Files.readString(knownKey()).replaceAll("-----[A-Z ]+-----", ""));
    assertThat(DkimSigner.isPkcs1(pkcs8)).isFalse();
    assertThat(DkimSigner.isPkcs1(java.nio.file.Files.readAllBytes(pkcs1))).isTrue();
  }

  @Test
  void warnsWhenTheSigningDomainDoesNotAlignWithTheFromDomain() {
    DkimSigner signer = knownAnswerSigner();
    assertThat(signer.alignmentWarning(EmailAddress.parse("newsletter@ki-post.example.org")))
        .isEmpty();
    assertThat(signer.alignmentWarning(EmailAddress.parse("news@mail.ki-post.example.org")))
        .isEmpty();
    assertThat(signer.alignmentWarning(EmailAddress.parse("newsletter@ki-woche.example.net")))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains(
                        "DKIM signing domain 'ki-post.example.org' is not the From domain"
                            + " 'ki-woche.example.net'",
                        "DMARC"));
  }

  @Test
  void signsTheKnownMessageWithTheKnownSignature() {
    byte[] signed = knownAnswerSigner().sign(bytes(KNOWN_MESSAGE));
    String text = new String(signed, StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(KNOWN_SIGNATURE + KNOWN_MESSAGE);
  }

  @Test
  void signsTheSameMessageTheSameWayEveryTime() {
    DkimSigner signer = knownAnswerSigner();
    byte[] first = signer.sign(bytes(KNOWN_MESSAGE));
    assertThat(signer.sign(bytes(KNOWN_MESSAGE))).isEqualTo(first);
    assertThat(signer.sign(bytes(KNOWN_MESSAGE.replace("tok-kat", "tok-kau")))).isNotEqualTo(first);
  }

  @Test
  void listsEveryHeaderOfTheMessageOnceMoreThanItOccurs() {
    DkimSigner signer = knownAnswerSigner();
    String withReplyTo =
        KNOWN_MESSAGE.replace("To: Anna", "Reply-To: leserbriefe@ki-post.example.org\r\nTo: Anna");
    assertThat(tags(signer.sign(bytes(withReplyTo))))
        .contains(
            "h=from:from:to:to:reply-to:reply-to:subject:subject:date:date:message-id:message-id:"
                + "mime-version:mime-version:content-type:content-type:list-id:list-id:"
                + "list-unsubscribe:list-unsubscribe:list-unsubscribe-post:list-unsubscribe-post:"
                + "list-archive:feedback-id");
    // An absent Reply-To is listed once: it selects nothing, so none can be added.
    assertThat(tags(signer.sign(bytes(KNOWN_MESSAGE))))
        .anySatisfy(t -> assertThat(t).startsWith("h=from:from:to:to:reply-to:subject:subject:"));
    String twoFroms = "From: second@ki-post.example.org\r\n" + KNOWN_MESSAGE;
    assertThat(tags(signer.sign(bytes(twoFroms))))
        .anySatisfy(t -> assertThat(t).startsWith("h=from:from:from:to:to:"));
  }

  @Test
  void foldsTheSignatureSoNoLineExceeds78Characters() {
    DkimSigner signer =
        DkimSigner.of(
            DkimSettings.of(
                "a-rather-long-subdomain.of-a-newsletter-publisher.example.org",
                "selector-2026-11.mail",
                knownKey()),
            CLOCK);
    String signed = new String(signer.sign(bytes(KNOWN_MESSAGE)), StandardCharsets.UTF_8);
    String header = signed.substring(0, signed.indexOf("From: "));
    List<String> lines = Arrays.asList(header.split("\r\n"));
    assertThat(lines).hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l).hasSizeLessThan(79));
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith(" "));
    assertThat(tags(signed.getBytes(StandardCharsets.UTF_8)))
        .contains(
            "d=a-rather-long-subdomain.of-a-newsletter-publisher.example.org",
            "s=selector-2026-11.mail",
            "t=1795676400")
        .noneMatch(t -> t.startsWith("l="));
  }

  /** The tags of the DKIM-Signature header in front of a signed message, white space removed. */
  private static List<String> tags(byte[] signed) {
    String header = DkimSigner.fields(signed, DkimSigner.bodyStart(signed)).get(0);
    assertThat(header).startsWith("DKIM-Signature:");
    header = header.substring("DKIM-Signature:".length());
    return Arrays.asList(header.replaceAll("\\s+", "").split(";"));
  }
}
