package dev.rundbrief.mail.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounces written by an attacker to stall the intake: each is refused or bounded. */
class HostileBounceTest {
  private static final long OWNER = BounceFixtures.SUBSCRIBER;
  private final BounceClassifier classifier =
      BounceClassifier.withVerp(
          BounceFixtures.VERP,
          id -> id == OWNER ? Optional.of("Owner@Example.org") : Optional.empty());

  private static String head(String boundaryParameter) {
    return "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\n"
        + "To: "
        + BounceFixtures.VERP.address(OWNER, BounceFixtures.ISSUE).value()
        + "\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status"
        + boundaryParameter
        + "\r\n\r\n";
  }

  /** A 400 KB report whose boundary has the given length, as in the attack. */
  private static byte[] longBoundary(int length) {
    String b = "b".repeat(length);
    StringBuilder s = new StringBuilder(head("; boundary=\"" + b + "\""));
    s.append("--").append(b).append("\r\nContent-Type: text/plain\r\n\r\n");
    s.append("User unknown 550 5.1.1\r\n");
    while (s.length() < 400_000) {
      s.append("--").append("b".repeat(Math.max(1, length - 1))).append("x\r\n");
    }
    s.append("--").append(b).append("--\r\n");
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "boundary of {0} characters")
  @ValueSource(ints = {25_000, 50_000, 100_000, 150_000, 200_000})
  void refusesTheBoundaryFamilyUnread(int length) {
    BounceDecision d = classifier.classify(longBoundary(length));

    assertThat(d.kind()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(d.skipped()).isTrue();
    assertThat(d.reason())
        .isEqualTo(
            "skipped unread: a MIME boundary of "
                + length
                + " characters (RFC 2046 allows at most 70)");
  }

  @Test
  void readsABoundaryOfTheLongestLengthRfc2046Allows() {
    String b = "=_" + "x".repeat(68);
    byte[] raw =
        (head("; boundary=\"" + b + "\"")
                + "--"
                + b
                + "\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
                + "Final-Recipient: rfc822; owner@example.org\r\nAction: failed\r\n"
                + "Status: 5.1.1\r\n\r\n--"
                + b
                + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    BounceDecision d = classifier.classify(raw);

    assertThat(d.skipped()).isFalse();
    assertThat(d.kind()).isEqualTo(BounceKind.HARD);
    assertThat(d.recipient()).isEqualTo("owner@example.org");
  }

  @Test
  void refusesAMultipartWithoutABoundary() {
    // Without a parameter the parser would take the first "--" line, of any length, as boundary.
    String line = "--" + "b".repeat(100_000);
    byte[] raw =
        (head("") + line + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + line + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    BounceDecision d = classifier.classify(raw);

    assertThat(d.skipped()).isTrue();
    assertThat(d.reason()).contains("without a boundary");
  }

  @Test
  void refusesTwoHundredThousandPartsUnread() {
    StringBuilder s = new StringBuilder(head("; boundary=\"b\""));
    for (int i = 0; i < 200_000; i++) {
      s.append("--b\r\n\r\nx\r\n");
    }
    s.append("--b--\r\n");

    BounceDecision d = classifier.classify(s.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(d.kind()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(d.skipped()).isTrue();
    assertThat(d.reason()).contains("a multipart of 65 or more parts");
  }

  @Test
  void deepNestingEndsAtTheDepthLimitAndCountsNothing() {
    StringBuilder s = new StringBuilder(head("; boundary=\"b0\""));
    for (int i = 1; i < 5_000; i++) {
      s.append("--b")
          .append(i - 1)
          .append("\r\nContent-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n");
    }

    BounceDecision d = classifier.classify(s.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(d.isBounceOrComplaint()).as(d.reason()).isFalse();
  }

  @Test
  void anHtmlBounceOfUnclosedTagsIsReadInOnePass() {
    // 130,000 unclosed "<a " made the tag-stripping pattern scan to the end from each of them.
    byte[] raw =
        ("From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail\r\n"
                + "Content-Type: text/html\r\n\r\nUser unknown 550 5.1.1 <p>"
                + "<a ".repeat(130_000)
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    BounceDecision d = classifier.withBudget(Duration.ofDays(1)).classify(raw);

    assertThat(d.skipped()).isFalse();
    assertThat(d.kind()).isEqualTo(BounceKind.HARD);
  }

  @Test
  void htmlToTextKeepsTheTextAndLineBreaksOfABounce() {
    String text =
        Patterns.htmlToText(
            "<html><head><style>p{x:1}</style><SCRIPT>alert(1)</script></head><body>"
                + "<p>Mailbox&nbsp;unavailable</p><div>&lt;a@b.org&gt;</div>user<br/>unknown <b",
            Budget.start(Duration.ofDays(1)));

    assertThat(text).doesNotContain("alert", "x:1", "<p>").contains("Mailbox unavailable\n");
    assertThat(text).contains("<a@b.org>").contains("user\nunknown");
  }

  @Test
  void aMessageOverTheBudgetIsSkippedWithTheReason() {
    BounceDecision d =
        classifier
            .withBudget(Duration.ZERO)
            .classify(BounceFixtures.fixture("postfix-user-unknown.eml"));

    assertThat(d.kind()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(d.skipped()).isTrue();
    assertThat(d.reason())
        .isEqualTo("skipped unread: took more than its budget of 0 ms of CPU time to read");
  }

  @Test
  void aPatternOverALongHostileLineStopsAtTheBudget() {
    // "delivery to .* failed" scans to the end of the line from each "delivery to ".
    String line = "delivery to ".repeat(5_000);
    Budget budget = Budget.start(Duration.ZERO);

    CharSequence watched = budget.watch(line);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Patterns.FAILURE_TEXT.matcher(watched).find())
        .isInstanceOf(Budget.Exceeded.class);
  }

  @Test
  void aFailureWithNoStatusAndNoReasonIsUnknownNotSoft() {
    byte[] raw =
        (head("; boundary=\"b\"") + "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    BounceDecision d = classifier.classify(raw);

    assertThat(d.kind()).as(d.reason()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(d.skipped()).isFalse();
  }

  private static byte[] twoRecipients(String ownerAction, String otherAction) {
    return (head("; boundary=\"r\"")
            + "--r\r\nContent-Type: text/plain\r\n\r\nDelivery report.\r\n"
            + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
            + "Final-Recipient: rfc822; victim@example.org\r\nAction: "
            + otherAction
            + "\r\nStatus: "
            + (otherAction.equals("failed") ? "5.1.1" : "2.0.0")
            + "\r\n\r\nFinal-Recipient: rfc822; owner@example.org\r\nAction: "
            + ownerAction
            + "\r\nStatus: "
            + (ownerAction.equals("failed") ? "5.1.1" : "2.0.0")
            + "\r\n\r\n--r--\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void theTokensOwnerIsJudgedByTheOwnersOwnLine() {
    BounceDecision delivered = classifier.classify(twoRecipients("delivered", "failed"));
    BounceDecision failed = classifier.classify(twoRecipients("failed", "delivered"));

    assertThat(delivered.verp().state()).isEqualTo(VerpToken.State.VALID);
    assertThat(delivered.kind()).as(delivered.reason()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(delivered.recipient()).isEqualTo("owner@example.org");
    assertThat(failed.kind()).isEqualTo(BounceKind.HARD);
    assertThat(failed.recipient()).isEqualTo("owner@example.org");
  }

  @Test
  void aReportForSeveralRecipientsNoneOfThemTheOwnerChangesNothing() {
    String raw =
        new String(twoRecipients("failed", "failed"), StandardCharsets.US_ASCII)
            .replace("owner@example.org", "third@example.org");

    BounceDecision d = classifier.classify(raw.getBytes(StandardCharsets.US_ASCII));

    assertThat(d.kind()).isEqualTo(BounceKind.UNKNOWN);
    assertThat(d.reason()).contains("none of them the VERP token's owner");
  }
}
