package dev.rundbrief.mail.testing;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import java.nio.charset.StandardCharsets;

/** Builds small personalized messages for delivery tests (the real composer is issue 4's). */
public final class TestMessages {
  private TestMessages() {}

  public static ComposedMessage compose(Recipient r, String issueId) {
    String id = "<" + issueId + "." + r.token() + "@rundbrief.test>";
    String text =
        "From: Rundbrief <news@rundbrief.test>\r\n"
            + "To: "
            + r.address()
            + "\r\n"
            + "Subject: Ausgabe "
            + issueId
            + "\r\n"
            + "Message-ID: "
            + id
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Hallo "
            + (r.name().isEmpty() ? "Leserin, hallo Leser" : r.name())
            + ",\r\n"
            + ".a line that starts with a dot must survive dot-stuffing\r\n"
            + "token="
            + r.token()
            + "\r\n";
    return new ComposedMessage(r.address(), id, text.getBytes(StandardCharsets.UTF_8));
  }

  public static Recipient recipient(int i) {
    return new Recipient(EmailAddress.parse("leser" + i + "@example.org"), "Leser " + i, "tok" + i);
  }
}
