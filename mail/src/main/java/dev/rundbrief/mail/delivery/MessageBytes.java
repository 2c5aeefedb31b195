package dev.rundbrief.mail.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the SMTP transport needs from a finished message's bytes: its line ends made CRLF and, for
 * DATA, its leading dots doubled, both in bulk (one scan, then whole runs of bytes copied between
 * the places that change; a message that needs nothing is not copied at all); whether it has 8-bit
 * bytes; and one header field.
 */
final class MessageBytes {
  private MessageBytes() {}

  /**
   * The content of DATA: line ends CRLF, a dot doubled at the start of every line, and ending in
   * CRLF, so that {@code ".\r\n"} ends it. The same array when nothing changes.
   */
  static byte[] forData(byte[] raw) {
    return transform(raw, true);
  }

  /** The content of BDAT: line ends CRLF. The same array when nothing changes. */
  static byte[] forBdat(byte[] raw) {
    return transform(raw, false);
  }

  /** Whether any byte has its high bit set (8BITMIME is then needed). */
  static boolean eightBit(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static byte[] transform(byte[] raw, boolean data) {
    int n = raw.length;
    int first = firstChange(raw, data);
    boolean endsWithCrlf = n >= 2 && raw[n - 2] == '\r' && raw[n - 1] == '\n';
    if (first < 0 && (endsWithCrlf || !data || n == 0)) {
      return raw;
    }
    // Every change adds at most one byte per byte; CRLF at the end adds two.
    byte[] out = new byte[n + Math.max(16, n / 8) + 2];
    int length = 0;
    int from = 0;
    int i = first < 0 ? n : first;
    while (i < n) {
      byte b = raw[i];
      if (b == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        out = room(out, length, i - from + 2);
        System.arraycopy(raw, from, out, length, i - from);
        length += i - from;
        out[length++] = '\r';
        from = i;
      } else if (b == '\r' && (i + 1 == n || raw[i + 1] != '\n')) {
        out = room(out, length, i - from + 2);
        System.arraycopy(raw, from, out, length, i - from);
        length += i - from;
        out[length++] = '\r';
        out[length++] = '\n';
        from = i + 1;
      } else if (data && b == '.' && startOfLine(raw, i)) {
        out = room(out, length, i - from + 1);
        System.arraycopy(raw, from, out, length, i - from);
        length += i - from;
        out[length++] = '.';
        from = i;
      }
      i = next(raw, i + 1, data);
    }
    out = room(out, length, n - from + 2);
    System.arraycopy(raw, from, out, length, n - from);
    length += n - from;
    if (data
        && length > 0
        && !(length >= 2 && out[length - 2] == '\r' && out[length - 1] == '\n')) {
      out[length++] = '\r';
      out[length++] = '\n';
    }
    return Arrays.copyOf(out, length);
  }

  private static boolean startOfLine(byte[] raw, int i) {
    return i == 0 || raw[i - 1] == '\n' || raw[i - 1] == '\r';
  }

  /** The first index at or after {@code from} that is a CR, an LF, or a dot after a line end. */
  private static int next(byte[] raw, int from, boolean data) {
    for (int i = from; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\n' || b == '\r' || (data && b == '.' && startOfLine(raw, i))) {
        return i;
      }
    }
    return raw.length;
  }

  /**
   * The first index that must change, or -1: a bare CR or LF, or (DATA) a dot that starts a line.
   */
  private static int firstChange(byte[] raw, boolean data) {
    int n = raw.length;
    if (data && n > 0 && raw[0] == '.') {
      return 0;
    }
    for (int i = 0; i < n; i++) {
      byte b = raw[i];
      if (b == '\n') {
        if (i == 0 || raw[i - 1] != '\r') {
          return i;
        }
        if (data && i + 1 < n && raw[i + 1] == '.') {
          return i + 1;
        }
      } else if (b == '\r' && (i + 1 == n || raw[i + 1] != '\n')) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] room(byte[] out, int length, int more) {
    return length + more <= out.length
        ? out
        : Arrays.copyOf(out, Math.max(out.length * 2, length + more));
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
}
