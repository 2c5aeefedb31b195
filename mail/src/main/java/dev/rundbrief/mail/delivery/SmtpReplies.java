package dev.rundbrief.mail.delivery;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies from a connection's input through a buffer of its own, so that a reply split
 * over many TCP segments, several replies in one segment (pipelining), and multi-line replies are
 * all read the same way. Knows whether bytes the server sent are still unread.
 */
final class SmtpReplies {
  /** One reply: its code and its lines' texts after the code, joined with a space. */
  record Reply(int code, String text, List<String> lines) {
    boolean positive() {
      return code >= 200 && code < 300;
    }

    boolean permanent() {
      return code >= 500;
    }

    /** The reply as the server wrote it, on one line: {@code "550 5.1.1 unknown user"}. */
    @Override
    public String toString() {
      return text.isEmpty() ? Integer.toString(code) : code + " " + text;
    }
  }

  /** A reply longer than this is not a reply: the connection is given up. */
  private static final int MAX_REPLY = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;

  SmtpReplies(InputStream in) {
    this.in = in;
  }

  /** Whether the server sent bytes that no reply read so far has taken (or they are on the way). */
  boolean unread() throws IOException {
    return position < limit || in.available() > 0;
  }

  /**
   * Reads the next whole reply.
   *
   * @throws EOFException if the server closed the connection before a whole reply
   * @throws ProtocolException if what came is not an SMTP reply
   */
  Reply read() throws IOException {
    List<String> lines = null;
    int code = -1;
    int total = 0;
    while (true) {
      String line = line();
      total += line.length();
      if (total > MAX_REPLY) {
        throw new ProtocolException("a reply longer than " + MAX_REPLY + " bytes");
      }
      if (line.length() < 3
          || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
        throw new ProtocolException("not an SMTP reply: '" + shorten(line) + "'");
      }
      int lineCode = code(line);
      if (code == -1) {
        code = lineCode;
      } else if (lineCode != code) {
        throw new ProtocolException(
            "a multi-line reply changed its code from " + code + " to " + lineCode);
      }
      String text = line.length() > 4 ? line.substring(4).strip() : "";
      boolean last = line.length() == 3 || line.charAt(3) == ' ';
      if (lines == null && last) {
        return new Reply(code, text, List.of(text));
      }
      if (lines == null) {
        lines = new ArrayList<>();
      }
      lines.add(text);
      if (last) {
        return new Reply(code, String.join(" ", lines), List.copyOf(lines));
      }
    }
  }

  private static int code(String line) throws ProtocolException {
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("not an SMTP reply: '" + shorten(line) + "'");
      }
      code = code * 10 + (c - '0');
    }
    if (code < 200 || code > 599) {
      throw new ProtocolException("not an SMTP reply code: " + code);
    }
    return code;
  }

  /** The next line without its CRLF (or bare LF). */
  private String line() throws IOException {
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        if (buffer[i] == '\n') {
          int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buffer, position, end - position, StandardCharsets.UTF_8);
          position = i + 1;
          return line;
        }
      }
      if (position > 0) {
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
      }
      scanned = limit;
      if (limit == buffer.length) {
        throw new ProtocolException("a reply line longer than " + buffer.length + " bytes");
      }
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        throw new EOFException("the server closed the connection");
      }
      limit += n;
    }
  }

  private static String shorten(String line) {
    String clean = line.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }
}
