package dev.rundbrief.mail.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished message that Jakarta Mail sends byte for byte: no re-encoding, no new Message-ID, no
 * header changes. Of the header block only the {@code From} field is read, which the transport
 * needs for MAIL FROM when the message has no envelope sender of its own. An {@link SMTPMessage},
 * so that a message can carry its own envelope sender.
 */
final class RawMessage extends SMTPMessage {
  private final byte[] raw;
  private final Sender.Gate gate;

  /**
   * A message whose {@code writeTo} passes the gate after the bytes: the transport writes the final
   * dot of DATA only after that, so the server cannot accept the message before the gate opens.
   */
  RawMessage(Session session, byte[] raw, Sender.Gate gate) throws MessagingException {
    super(session);
    this.raw = raw;
    this.gate = gate;
    // Not InternetHeaders(InputStream): Jakarta Mail looks up its stream provider for that on every
    // message, and only one field is needed.
    this.headers = new InternetHeaders();
    String from = field(raw, "From");
    if (from != null) {
      headers.setHeader("From", from);
    }
  }

  /**
   * The unfolded value of the first header field called {@code name} (case-insensitive), null when
   * the header block has none. The composer writes 7-bit ASCII headers with CRLF line ends.
   */
  static String field(byte[] raw, String name) {
    int line = 0;
    while (line < raw.length && raw[line] != '\r' && raw[line] != '\n') {
      int end = endOfLine(raw, line);
      if (matchesName(raw, line, end, name)) {
        StringBuilder value = new StringBuilder();
        value.append(
            new String(
                raw,
                line + name.length() + 1,
                end - line - name.length() - 1,
                StandardCharsets.ISO_8859_1));
        int next = nextLine(raw, end);
        while (next < raw.length && (raw[next] == ' ' || raw[next] == '\t')) {
          int e = endOfLine(raw, next);
          value.append(new String(raw, next, e - next, StandardCharsets.ISO_8859_1));
          next = nextLine(raw, e);
        }
        return value.toString().strip();
      }
      line = nextLine(raw, end);
    }
    return null;
  }

  private static boolean matchesName(byte[] raw, int start, int end, String name) {
    int colon = start + name.length();
    if (colon >= end || raw[colon] != ':') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.toLowerCase((char) raw[start + i]) != Character.toLowerCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int endOfLine(byte[] raw, int from) {
    int i = from;
    while (i < raw.length && raw[i] != '\r' && raw[i] != '\n') {
      i++;
    }
    return i;
  }

  private static int nextLine(byte[] raw, int end) {
    int i = end;
    if (i < raw.length && raw[i] == '\r') {
      i++;
    }
    if (i < raw.length && raw[i] == '\n') {
      i++;
    }
    return i;
  }

  @Override
  public void writeTo(OutputStream os) throws IOException {
    os.write(raw);
    gate.await();
  }

  @Override
  public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
    os.write(raw);
    gate.await();
  }

  @Override
  public int getSize() {
    return raw.length;
  }

  @Override
  public void saveChanges() {
    // The bytes are final; there is nothing to save.
  }

  @Override
  protected void updateMessageID() {
    // The composer wrote the Message-ID.
  }
}
