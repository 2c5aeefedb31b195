package dev.rundbrief.mail.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BounceClassifierTest {
  private final BounceClassifier withVerp =
      BounceClassifier.withVerp(BounceFixtures.VERP, id -> Optional.empty());
  private final BounceClassifier withoutVerp = BounceClassifier.withoutVerp();

  static List<BounceFixtures.Expected> fixtures() {
    return BounceFixtures.expected();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void decidesEachFixtureAsExpected(BounceFixtures.Expected e) {
    BounceDecision d = withVerp.classify(BounceFixtures.fixture(e.file()));

    assertThat(d.kind().label()).as("kind of %s (%s)", e.file(), d.reason()).isEqualTo(e.kind());
    assertThat(d.recipient()).as("recipient of %s", e.file()).isEqualTo(e.recipient());
    assertThat(d.status()).as("status of %s", e.file()).isEqualTo(e.status());
    assertThat(d.senderWarning()).as("sender warning of %s", e.file()).isEqualTo(e.warning());
    assertThat(d.verp().label()).as("VERP of %s", e.file()).isEqualTo(e.verp());
    if (d.verp().state() == VerpToken.State.VALID) {
      assertThat(d.verp().subscriberId()).isEqualTo(BounceFixtures.SUBSCRIBER);
      assertThat(d.verp().issue()).isEqualTo(BounceFixtures.ISSUE);
    }
    assertThat(d.reason()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void decidesTheSameWithoutVerp(BounceFixtures.Expected e) {
    BounceDecision d = withoutVerp.classify(BounceFixtures.fixture(e.file()));

    assertThat(d.kind().label()).as("kind of %s (%s)", e.file(), d.reason()).isEqualTo(e.kind());
    assertThat(d.recipient()).isEqualTo(e.recipient());
    assertThat(d.verp()).isEqualTo(VerpToken.NONE);
  }

  @Test
  void everyFixtureFileHasAnExpectedDecision() throws IOException, URISyntaxException {
    Path dir =
        Path.of(BounceClassifierTest.class.getResource("/bounces/expected.tsv").toURI())
            .getParent();
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).forEach(files::add);
    }
    assertThat(files)
        .hasSizeGreaterThanOrEqualTo(40)
        .containsExactlyInAnyOrderElementsOf(
            BounceFixtures.expected().stream().map(BounceFixtures.Expected::file).toList());
  }

  @Test
  void coversEveryFamilyTheIssueNames() {
    List<String> files =
        BounceFixtures.expected().stream().map(BounceFixtures.Expected::file).toList();
    for (String family :
        List.of(
            "postfix",
            "exim",
            "qmail",
            "sendmail",
            "exchange",
            "m365",
            "gmail",
            "yahoo",
            "gmx",
            "webde",
            "tonline",
            "arf",
            "auto-",
            "german",
            "unzustellbar")) {
      assertThat(files).as(family).anyMatch(f -> f.contains(family));
    }
  }

  /**
   * Auto-replies in many shapes: a person's (or a service's) automatic answer, with or without RFC
   * 3834 headers, whose text even says things bounces say. None may ever count as a bounce.
   */
  @Test
  void noAutoReplyIsEverABounce() {
    List<String> subjects =
        List.of(
            "Re: KI-Rundbrief #3",
            "Automatic reply: KI-Rundbrief #3",
            "Automatische Antwort: KI-Rundbrief #3",
            "Abwesenheitsnotiz: KI-Rundbrief #3",
            "Out of Office: KI-Rundbrief #3",
            "AUTO: Jan Becker is out of the office (returning 04.08.2025)",
            "Réponse automatique : KI-Rundbrief #3",
            "Respuesta automática: KI-Rundbrief #3",
            "Urlaub bis 15.8.",
            "Ich bin nicht im Büro",
            "Undeliverable? I am away",
            "Ihre Nachricht");
    List<String> headerSets =
        List.of(
            "Auto-Submitted: auto-replied\r\n",
            "Auto-Submitted: auto-generated\r\n",
            "X-Autoreply: yes\r\n",
            "X-Autorespond: KI-Rundbrief\r\n",
            "Precedence: auto_reply\r\n",
            "");
    List<String> bodies =
        List.of(
            "Ich bin im Urlaub. Ihre E-Mail wird nicht weitergeleitet.",
            "I am out of the office. My mailbox is full, mail could not be delivered to me.",
            "Diese Adresse existiert nicht mehr. User unknown. 550 5.1.1",
            "Your message could not be delivered to me before Monday. Permanent error? No.",
            "Thank you for your e-mail. I will answer after my vacation.");
    List<String> senders =
        List.of(
            "Anna Müller <anna.mueller@example.de>",
            "jan.becker@firma.example",
            "\"Eva (Urlaub)\" <eva@gmail.com>");
    int checked = 0;
    for (String subject : subjects) {
      for (String headers : headerSets) {
        for (String body : bodies) {
          for (String from : senders) {
            if (headers.isEmpty() && subject.equals("Ihre Nachricht")) {
              continue; // nothing marks it: a reply, unknown (checked below as not a bounce anyway)
            }
            byte[] raw =
                ("Return-Path: <>\r\nFrom: "
                        + from
                        + "\r\nTo: "
                        + BounceFixtures.VERP.address(7, 3)
                        + "\r\nSubject: "
                        + subject
                        + "\r\n"
                        + headers
                        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                        + body
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            BounceDecision d = withVerp.classify(raw);
            assertThat(d.isBounceOrComplaint())
                .as("%s / %s / %s / %s: %s", subject, headers.strip(), body, from, d.reason())
                .isFalse();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void aForgedTokenIsReportedAsForgedEvenNextToARealBounceText() {
    BounceDecision d = withVerp.classify(BounceFixtures.fixture("forged-verp.eml"));

    assertThat(d.verp().state()).isEqualTo(VerpToken.State.FORGED);
    assertThat(d.verp().subscriberId()).isZero();
  }

  @Test
  void aValidTokenFromAnotherWorkspaceSecretIsForged() {
    VerpAddresses other =
        VerpAddresses.of(
            dev.rundbrief.mail.EmailAddress.parse("bounces@ki.example.org"),
            "another-secret-of-32-bytes......".getBytes(StandardCharsets.US_ASCII));
    byte[] raw =
        BounceFixtures.withVerp(
            BounceFixtures.resource("postfix-user-unknown.eml"), other.address(42, 3).value());

    assertThat(withVerp.classify(raw).verp().state()).isEqualTo(VerpToken.State.FORGED);
  }

  @Test
  void neverThrowsOnHostileInput() {
    List<byte[]> inputs =
        List.of(
            new byte[0],
            "\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            nested(200).getBytes(StandardCharsets.US_ASCII),
            ("Content-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822;"
                    + "x".repeat(100_000))
                .getBytes(StandardCharsets.US_ASCII));
    for (byte[] raw : inputs) {
      BounceDecision d = withVerp.classify(raw);
      assertThat(d.isBounceOrComplaint()).as(d.reason()).isFalse();
    }
  }

  @Test
  void readsABounceInAnUnknownCharset() {
    byte[] raw =
        ("Content-Type: text/plain; charset=x-unknown-charset\r\nFrom: MAILER-DAEMON@x.org\r\n"
                + "Subject: failure notice\r\n\r\n<a@b.org>:\r\nSorry, user unknown (#5.1.1)\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    BounceDecision d = withVerp.classify(raw);

    assertThat(d.kind()).isEqualTo(BounceKind.HARD);
    assertThat(d.recipient()).isEqualTo("a@b.org");
    assertThat(d.status()).isEqualTo("5.1.1");
  }

  private static String nested(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n--b")
          .append(i)
          .append("\r\n");
    }
    return b.toString();
  }
}
