package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The From field RawMessage reads for MAIL FROM, checked against Jakarta Mail's own parser. */
class RawMessageTest {
  private static final List<String> MESSAGES =
      List.of(
          "From: Rundbrief <news@example.org>\r\nTo: a@example.org\r\nSubject: x\r\n\r\nbody\r\n",
          "Subject: x\r\nfrom: =?UTF-8?Q?M=C3=BCller_Redaktion?=\r\n <redaktion@example.de>\r\n\r\n"
              + "From: not@this.example\r\n",
          "FROM:news@example.org\r\n\r\n",
          "Subject: From: no@example.org\r\nX-From: no@example.org\r\n"
              + "From: \"Zeitung, Die\"\r\n\t<die@example.org>\r\n\r\nFrom: body@example.org\r\n",
          "Subject: no sender\r\n\r\nFrom: body@example.org\r\n",
          "From: first@example.org\r\nFrom: second@example.org\r\n\r\n",
          "From: lf-only@example.org\nSubject: x\n\nbody\n");

  @Test
  void findsTheFromFieldAsJakartaMailDoes() throws Exception {
    for (String m : MESSAGES) {
      byte[] raw = m.getBytes(StandardCharsets.US_ASCII);
      InternetHeaders parsed = new InternetHeaders(new ByteArrayInputStream(raw));
      String expected = parsed.getHeader("From", null);
      String ours = RawMessage.field(raw, "From");
      if (expected == null) {
        assertThat(ours).as(m).isNull();
        continue;
      }
      assertThat(InternetAddress.parseHeader(ours, true))
          .as(m)
          .containsExactly(InternetAddress.parseHeader(expected, true));
    }
  }

  @Test
  void givesTheTransportTheSenderAddress() throws Exception {
    Session session = Session.getInstance(new Properties());
    byte[] raw = MESSAGES.get(1).getBytes(StandardCharsets.US_ASCII);
    RawMessage message = new RawMessage(session, raw, Sender.Gate.OPEN);
    assertThat(message.getFrom())
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("redaktion@example.de");
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal())
        .isEqualTo("Müller Redaktion");
  }
}
