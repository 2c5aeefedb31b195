package dev.rundbrief.mail;

import dev.rundbrief.core.PlainText;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One rendered body part of a digest, cut into lines that are the same for every recipient and
 * lines that carry a personal value.
 *
 * <p>The shared lines are wrapped (text) and quoted-printable encoded once per digest. Per
 * recipient only the personal lines are filled in, wrapped and encoded. Quoted-printable encoding
 * restarts at every hard line break, so encoding line blocks separately gives the same bytes as
 * encoding the whole part at once.
 */
final class SplicedPart {
  /**
   * Looked up once: {@code MimeUtility.encode} runs the provider lookup (a service loader) on every
   * call, which cost more than the encoding of a personal line.
   */
  private static final StreamProvider STREAMS = StreamProvider.provider();

  private final boolean html;
  private final List<Chunk> chunks;
  private final int sharedBytes;

  private SplicedPart(boolean html, List<Chunk> chunks) {
    this.html = html;
    this.chunks = List.copyOf(chunks);
    int size = 0;
    for (Chunk c : chunks) {
      size += c.encoded == null ? 0 : c.encoded.length;
    }
    this.sharedBytes = size;
  }

  /** An HTML part: lines kept as they are. */
  static SplicedPart html(String rendered) {
    return of(true, rendered);
  }

  /** A text part: every line wrapped at 72 columns. */
  static SplicedPart text(String rendered) {
    return of(false, rendered);
  }

  private static SplicedPart of(boolean html, String rendered) {
    String normalized = rendered.replace("\r\n", "\n").replace('\r', '\n');
    String[] lines = normalized.split("\n", -1);
    int end = lines.length;
    while (end > 0 && lines[end - 1].isBlank()) {
      end--;
    }
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder shared = new StringBuilder();
    for (int i = 0; i < end; i++) {
      String line = html ? lines[i] : lines[i].stripTrailing();
      if (line.indexOf('\u0001') >= 0) {
        if (shared.length() > 0) {
          chunks.add(Chunk.shared(shared.toString()));
          shared.setLength(0);
        }
        chunks.add(Chunk.personal(line));
      } else {
        shared.append(html ? line : PlainText.wrap(line, PlainText.DEFAULT_WIDTH)).append('\n');
      }
    }
    if (shared.length() > 0) {
      chunks.add(Chunk.shared(shared.toString()));
    }
    return new SplicedPart(html, chunks);
  }

  /** The part's text for one recipient, lines ending in {@code \n}. */
  String render(String[] slotValues) {
    String[] values = html ? escaped(slotValues) : slotValues;
    StringBuilder out = new StringBuilder(sharedBytes + 1024);
    for (Chunk c : chunks) {
      if (c.text != null) {
        out.append(c.text);
      } else {
        out.append(fill(c.personal, values)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The part's quoted-printable body for one recipient, ending with CRLF, as pieces to be written
   * in order: the shared pieces are the digest's own arrays and must not be changed.
   */
  byte[][] encodedPieces(String[] slotValues) {
    String[] values = html ? escaped(slotValues) : slotValues;
    byte[][] pieces = new byte[chunks.size()][];
    for (int i = 0; i < pieces.length; i++) {
      Chunk c = chunks.get(i);
      pieces[i] = c.encoded != null ? c.encoded : quotedPrintable(fill(c.personal, values) + "\n");
    }
    return pieces;
  }

  /** The encoded size of the shared lines, a lower bound of the part's encoded size. */
  int sharedBytes() {
    return sharedBytes;
  }

  private String fill(String line, String[] values) {
    StringBuilder sb = new StringBuilder(line.length() + 128);
    int start = 0;
    int at;
    while ((at = line.indexOf('\u0001', start)) >= 0) {
      sb.append(line, start, at);
      int slot = line.charAt(at + 1) - 'A';
      sb.append(values[slot]);
      start = at + 3;
    }
    sb.append(line, start, line.length());
    String filled = sb.toString();
    return html ? filled : PlainText.wrap(filled, PlainText.DEFAULT_WIDTH);
  }

  private static String[] escaped(String[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Html.escape(values[i]);
    }
    return out;
  }

  /**
   * Encodes text with {@code \n} line ends as quoted-printable UTF-8 with CRLF line ends. No
   * encoded line starts with {@code "From "}: its {@code F} is written as {@code =46}, so that no
   * mail server or mailbox on the way rewrites the line to {@code ">From "}, which would break the
   * DKIM body hash.
   */
  static byte[] quotedPrintable(String text) {
    byte[] utf8 = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bos = new ByteArrayOutputStream(utf8.length + utf8.length / 8 + 16);
    try (OutputStream encoder = STREAMS.outputQP(bos)) {
      encoder.write(utf8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return escapeFromLines(bos.toByteArray());
  }

  /** The most characters of an encoded line, without its CRLF (RFC 2045 section 6.7). */
  private static final int MAX_QP_LINE = 76;

  /**
   * Quoted-printable bytes with every line that starts with {@code "From "} written as {@code
   * "=46rom "}; a line that grows past 76 characters is split with a soft line break.
   */
  static byte[] escapeFromLines(byte[] qp) {
    if (!hasFromLine(qp)) {
      return qp;
    }
    String in = new String(qp, StandardCharsets.US_ASCII);
    StringBuilder out = new StringBuilder(in.length() + 16);
    int start = 0;
    while (start < in.length()) {
      int end = in.indexOf("\r\n", start);
      int next = end < 0 ? in.length() : end + 2;
      String line = in.substring(start, end < 0 ? in.length() : end);
      while (line.startsWith("From ")) {
        line = "=46" + line.substring(1);
        if (line.length() <= MAX_QP_LINE) {
          break;
        }
        int cut = MAX_QP_LINE - 1;
        // Never cut inside an =XX escape.
        while (line.charAt(cut - 1) == '=' || line.charAt(cut - 2) == '=') {
          cut--;
        }
        out.append(line, 0, cut).append("=\r\n");
        line = line.substring(cut);
      }
      out.append(line).append(end < 0 ? "" : "\r\n");
      start = next;
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean hasFromLine(byte[] qp) {
    for (int i = 0; i + 5 <= qp.length; i++) {
      if ((i == 0 || qp[i - 1] == '\n')
          && qp[i] == 'F'
          && qp[i + 1] == 'r'
          && qp[i + 2] == 'o'
          && qp[i + 3] == 'm'
          && qp[i + 4] == ' ') {
        return true;
      }
    }
    return false;
  }

  private static final class Chunk {
    final String text;
    final byte[] encoded;
    final String personal;

    private Chunk(String text, byte[] encoded, String personal) {
      this.text = text;
      this.encoded = encoded;
      this.personal = personal;
    }

    static Chunk shared(String text) {
      return new Chunk(text, quotedPrintable(text), null);
    }

    static Chunk personal(String line) {
      return new Chunk(null, null, line);
    }
  }
}
