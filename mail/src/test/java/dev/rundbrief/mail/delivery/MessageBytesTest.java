package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bulk dot-stuffing and CRLF handling, and the From field read for MAIL FROM. */
class MessageBytesTest {
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
      String ours = MessageBytes.field(raw, "From");
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
  void doublesLeadingDotsAndMakesLineEndsCrlf() {
    assertThat(data(".a\r\nb\r\n..c\r\n.\r\n")).isEqualTo("..a\r\nb\r\n...c\r\n..\r\n");
    assertThat(data("a\nb\rc\r\n.d")).isEqualTo("a\r\nb\r\nc\r\n..d\r\n");
    assertThat(data("no line end")).isEqualTo("no line end\r\n");
    assertThat(data("x.\r\n a.b\r\n")).isEqualTo("x.\r\n a.b\r\n");
    assertThat(bdat(".a\nb\r\n")).isEqualTo(".a\r\nb\r\n");
  }

  @Test
  void aMessageThatNeedsNothingIsNotCopied() {
    byte[] clean =
        "From: a@example.org\r\n\r\nHallo.\r\n. no, not at the start\r\n"
            .replace("\r\n. ", "\r\n ")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(MessageBytes.forData(clean)).isSameAs(clean);
    assertThat(MessageBytes.forBdat(clean)).isSameAs(clean);
  }

  @Test
  void agreesWithAByteByByteEncoderOnRandomMessages() {
    Random random = new Random(25);
    byte[] alphabet = {'a', '.', '\r', '\n', ' ', (byte) 0xc3, 'Z'};
    for (int round = 0; round < 20_000; round++) {
      byte[] raw = new byte[random.nextInt(40)];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = alphabet[random.nextInt(alphabet.length)];
      }
      assertThat(MessageBytes.forData(raw)).isEqualTo(byteByByte(raw, true));
      assertThat(MessageBytes.forBdat(raw)).isEqualTo(byteByByte(raw, false));
    }
  }

  @Test
  void knowsEightBitContent() {
    assertThat(MessageBytes.eightBit("plain".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(MessageBytes.eightBit("Grüße".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  /** RFC 5321's rules written the slow way: one byte at a time. */
  private static byte[] byteByByte(byte[] raw, boolean data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean lineStart = true;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\r') {
        out.write('\r');
        out.write('\n');
        if (i + 1 < raw.length && raw[i + 1] == '\n') {
          i++;
        }
        lineStart = true;
      } else if (b == '\n') {
        out.write('\r');
        out.write('\n');
        lineStart = true;
      } else {
        if (data && lineStart && b == '.') {
          out.write('.');
        }
        out.write(b);
        lineStart = false;
      }
    }
    byte[] result = out.toByteArray();
    if (data && result.length > 0 && !lineStart) {
      out.write('\r');
      out.write('\n');
      result = out.toByteArray();
    }
    return result;
  }

  private static String data(String s) {
    return new String(
        MessageBytes.forData(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
  }

  private static String bdat(String s) {
    return new String(
        MessageBytes.forBdat(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
  }
}
