package dev.rundbrief.mail.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Short bounce texts of more mail systems (the reply lines real servers write, without the
 * surrounding report), each with the decision it must get: the failed recipient and the kind.
 */
class BounceTextsTest {
  private static final String DAEMON = "MAILER-DAEMON@mx.example.com";
  private static final String POSTFIX = "Undelivered Mail Returned to Sender";

  record Case(
      String name, String from, String subject, String body, String kind, String recipient) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "outlook.com 5.5.0 mailbox unavailable",
            "postmaster@outlook.com",
            "Undeliverable: x",
            "Delivery has failed to these recipients or groups:\n\nkarl@outlook.com\nThe email address"
                + " you entered couldn't be found.\n\nRemote Server returned '550 5.5.0 Requested action"
                + " not taken: mailbox unavailable (S2017062302)'",
            "hard",
            "karl@outlook.com"),
        new Case(
            "iCloud user does not exist",
            DAEMON,
            POSTFIX,
            "<x1@icloud.com>: host mx01.mail.icloud.com said: 550 5.1.1 <x1@icloud.com>: user does\n"
                + "    not exist (in reply to RCPT TO command)",
            "hard",
            "x1@icloud.com"),
        new Case(
            "Mimecast invalid recipient folded",
            DAEMON,
            POSTFIX,
            "<x2@corp.example>: host eu-smtp-inbound-1.mimecast.com said: 550 Invalid\n    Recipient -"
                + " https://community.mimecast.com/docs/DOC-1369#550 (in reply to RCPT TO command)",
            "hard",
            "x2@corp.example"),
        new Case(
            "Proofpoint user unknown",
            DAEMON,
            POSTFIX,
            "<x3@corp.example>: host mx0a.pphosted.com said: 550 5.1.1 User Unknown",
            "hard",
            "x3@corp.example"),
        new Case(
            "5.1.0 address rejected stays soft",
            DAEMON,
            POSTFIX,
            "<x4@ex.org>: host mx.ex.org said: 550 #5.1.0 Address rejected x4@ex.org",
            "soft",
            "x4@ex.org"),
        new Case(
            "qmail remote no such user here",
            DAEMON,
            "failure notice",
            "<x5@ex.org>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 No Such User Here\n"
                + "Giving up on 192.0.2.1.",
            "hard",
            "x5@ex.org"),
        new Case(
            "Exim unrouteable",
            "Mail Delivery System <Mailer-Daemon@mx.ex.org>",
            "Mail delivery failed: returning message to sender",
            "A message that you sent could not be delivered to one or more of its\nrecipients. This is"
                + " a permanent error. The following address(es) failed:\n\n  x6@nowhere.example\n"
                + "    Unrouteable address",
            "hard",
            "x6@nowhere.example"),
        new Case(
            "mailbox inactive",
            DAEMON,
            POSTFIX,
            "<x7@ex.org>: host mx.ex.org said: 550 5.2.1 Mailbox inactive",
            "hard",
            "x7@ex.org"),
        new Case(
            "invalid mailbox, user not found",
            DAEMON,
            "Mail failure.",
            "Message was not accepted -- invalid mailbox.  Local mailbox x8@mail.example is\n"
                + "unavailable: user not found",
            "hard",
            "x8@mail.example"),
        new Case(
            "quota exceeded",
            DAEMON,
            POSTFIX,
            "<x9@ex.org>: host mx.ex.org said: 552 5.2.2 Quota exceeded (mailbox for user is full)",
            "soft",
            "x9@ex.org"),
        new Case(
            "poor reputation without status",
            DAEMON,
            POSTFIX,
            "<x10@ex.org>: host mx.ex.org said: 554 Your access to this mail system has been rejected"
                + " due to the sending MTA's poor reputation.",
            "soft",
            "x10@ex.org"),
        new Case(
            "relay access denied",
            DAEMON,
            POSTFIX,
            "<x11@ex.org>: host mx.ex.org said: 554 5.7.1 <x11@ex.org>: Relay access denied",
            "soft",
            "x11@ex.org"),
        new Case(
            "AOL recipient rejected 5.1.1",
            "MAILER-DAEMON@aol.com",
            "Mail delivery failed",
            "Sorry, we were unable to deliver your message to the following address.\n\n<x12@aol.com>:\n"
                + "550: 5.1.1 <x12@aol.com>: Recipient address rejected: aol.com",
            "hard",
            "x12@aol.com"),
        new Case(
            "German: Postfach existiert nicht",
            "Mail Delivery System <MAILER-DAEMON@mail.de>",
            "Unzustellbar",
            "Ihre Nachricht konnte nicht zugestellt werden.\n\nEmpfänger: x13@mail.de\n"
                + "Grund: Das Postfach existiert nicht.",
            "hard",
            "x13@mail.de"),
        new Case(
            "German: Postfach des Empfängers ist voll",
            "Mail Delivery System <MAILER-DAEMON@mail.de>",
            "Unzustellbar",
            "Ihre Nachricht konnte nicht zugestellt werden.\n\nEmpfänger: x14@mail.de\nGrund: Das"
                + " Postfach des Empfängers ist voll.",
            "soft",
            "x14@mail.de"),
        new Case(
            "connection timed out, given up",
            DAEMON,
            POSTFIX,
            "<x15@ex.org>: connect to mx.ex.org[192.0.2.3]:25: Connection timed out",
            "soft",
            "x15@ex.org"),
        new Case(
            "domain not found",
            DAEMON,
            POSTFIX,
            "<x16@ex.org>: Host or domain name not found. Name service error for name=ex.org type=MX:"
                + " Host not found, try again",
            "hard",
            "x16@ex.org"),
        new Case(
            "Sendmail host unknown",
            "Mail Delivery Subsystem <MAILER-DAEMON@ex.edu>",
            "Returned mail: see transcript for details",
            "----- The following addresses had permanent fatal errors -----\n<x17@ex.edu>\n"
                + "    (reason: 550 Host unknown)\n",
            "hard",
            "x17@ex.edu"),
        new Case(
            "out-of-office even from a daemon address",
            DAEMON,
            "Auto: Out of office",
            "I am out of office.",
            "auto-reply",
            ""),
        new Case(
            "delivery success notice",
            DAEMON,
            "Successful Mail Delivery Report",
            "This is the mail system at host mx.ex.org.\n\nYour message was successfully delivered to"
                + " the destination(s) listed below.\n\n<x18@ex.org>: delivery via mx: 250 2.0.0 Ok",
            "unknown",
            "x18@ex.org"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesTheTextOfMoreMailSystems(Case c) {
    String raw =
        "From: "
            + c.from()
            + "\r\nTo: news@ki.example.org\r\nSubject: "
            + c.subject()
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + c.body().replace("\n", "\r\n")
            + "\r\n";

    BounceDecision d =
        BounceClassifier.withoutVerp().classify(raw.getBytes(StandardCharsets.UTF_8));

    assertThat(d.kind().label()).as(d.reason()).isEqualTo(c.kind());
    assertThat(d.recipient()).isEqualTo(c.recipient());
  }
}
