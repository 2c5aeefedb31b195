package dev.rundbrief.feed;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Turns feed bytes into text, and repairs the text of feeds that are not well-formed.
 *
 * <p>Decoding always happens (the parser then reads characters, so a wrong encoding declaration
 * cannot garble the text); the repair only runs when a strict parse has failed.
 */
final class FeedTexts {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");

  private FeedTexts() {}

  /** Decoded text and what decoding had to guess. */
  record Decoded(String text, List<String> warnings) {}

  /** Repaired text, how many lines were removed from its start, and what was repaired. */
  record Repaired(String text, int removedLines, List<String> repairs) {}

  /**
   * Decodes feed bytes: a byte order mark wins; then UTF-16 and UTF-32 are recognised by their zero
   * bytes; then valid UTF-8 is read as UTF-8 whatever the declaration says; then the declared
   * charset; then windows-1252.
   */
  static Decoded decode(byte[] bytes, String source) {
    List<String> warnings = new ArrayList<>();
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return new Decoded(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8), warnings);
    }
    Charset wide = wideCharset(bytes);
    if (wide != null) {
      return new Decoded(stripBom(new String(bytes, wide)), warnings);
    }
    String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1);
    Matcher m = DECLARED_ENCODING.matcher(head);
    String declared = m.find() ? m.group(1) : "";
    Charset declaredCharset = charset(declared);
    try {
      // The JDK's fast path replaces malformed input with U+FFFD; only a text that has one (rare,
      // and possibly sent as such) is decoded again strictly, to tell which it was.
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.indexOf('\uFFFD') >= 0) {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
      }
      if (declaredCharset != null
          && !declaredCharset.equals(StandardCharsets.UTF_8)
          && !declaredCharset.equals(StandardCharsets.US_ASCII)
          && hasNonAscii(bytes)) {
        warnings.add(
            FeedFormatException.location(source, 0, 0)
                + ": declares encoding '"
                + declared
                + "' but the bytes are UTF-8; read as UTF-8");
      }
      return new Decoded(text, warnings);
    } catch (CharacterCodingException e) {
      Charset fallback =
          declaredCharset == null
                  || declaredCharset.equals(StandardCharsets.UTF_8)
                  || declaredCharset.equals(StandardCharsets.ISO_8859_1)
                  || declaredCharset.equals(StandardCharsets.US_ASCII)
              ? WINDOWS_1252
              : declaredCharset;
      if (declaredCharset == null || !fallback.equals(declaredCharset)) {
        if (declaredCharset == null || !declaredCharset.equals(StandardCharsets.ISO_8859_1)) {
          warnings.add(
              FeedFormatException.location(source, 0, 0)
                  + ": "
                  + (declared.isEmpty() ? "declares no encoding" : "declares '" + declared + "'")
                  + " but is not valid UTF-8; read as windows-1252");
        }
      }
      return new Decoded(new String(bytes, fallback), warnings);
    }
  }

  /**
   * Repairs the defects that real feeds have: text before the XML declaration, a DOCTYPE without an
   * internal subset (removed; it is never loaded), HTML named entities (made numeric), a bare
   * {@code &} (escaped), and control characters that XML forbids (removed). CDATA sections and
   * comments are left as they are.
   *
   * @throws FeedFormatException if the document has a DOCTYPE with an internal subset: entity
   *     declarations are refused, never expanded
   */
  static Repaired repair(String text, String source) {
    List<String> repairs = new ArrayList<>();
    int start = text.indexOf('<');
    if (start < 0) {
      throw new FeedFormatException(source, 1, 1, "contains no XML element; it is not a feed");
    }
    int removedLines = 0;
    if (start > 0) {
      String prefix = text.substring(0, start);
      removedLines = (int) prefix.chars().filter(c -> c == '\n').count();
      repairs.add(
          FeedFormatException.location(source, 1, 1)
              + ": removed "
              + prefix.length()
              + " characters before the XML declaration");
    }
    StringBuilder out = new StringBuilder(text.length() + 256);
    int htmlEntities = 0;
    int bareAmpersands = 0;
    int controls = 0;
    int line = 1 + removedLines;
    int n = text.length();
    int i = start;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      }
      if (c == '<') {
        int end = -1;
        String close = null;
        if (text.startsWith("<![CDATA[", i)) {
          close = "]]>";
        } else if (text.startsWith("<!--", i)) {
          close = "-->";
        } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
          int docEnd = doctypeEnd(text, i, source, line);
          String doctype = text.substring(i, docEnd);
          repairs.add(
              FeedFormatException.location(source, line, 0)
                  + ": removed the DOCTYPE; external DTDs are never loaded");
          doctype.chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
          line += (int) doctype.chars().filter(ch -> ch == '\n').count();
          i = docEnd;
          continue;
        }
        if (close != null) {
          end = text.indexOf(close, i);
          end = end < 0 ? n : end + close.length();
          String section = text.substring(i, end);
          line += (int) section.chars().filter(ch -> ch == '\n').count();
          out.append(section);
          i = end;
          continue;
        }
        out.append(c);
        i++;
      } else if (c == '&') {
        int semi = entityEnd(text, i);
        if (semi > 0) {
          String name = text.substring(i + 1, semi);
          if (name.startsWith("#") || XML_ENTITIES.contains(name)) {
            out.append(text, i, semi + 1);
          } else if (Entities.isNamedEntity(name)) {
            Entities.getByName(name)
                .codePoints()
                .forEach(cp -> out.append("&#").append(cp).append(';'));
            htmlEntities++;
          } else {
            out.append("&amp;").append(name).append(';');
            bareAmpersands++;
          }
          i = semi + 1;
        } else {
          out.append("&amp;");
          bareAmpersands++;
          i++;
        }
      } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        controls++;
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    if (htmlEntities > 0) {
      repairs.add(
          FeedFormatException.location(source, 0, 0)
              + ": replaced "
              + htmlEntities
              + " HTML entities that XML does not define (such as &nbsp;)");
    }
    if (bareAmpersands > 0) {
      repairs.add(
          FeedFormatException.location(source, 0, 0)
              + ": escaped "
              + bareAmpersands
              + " '&' that did not start an entity");
    }
    if (controls > 0) {
      repairs.add(
          FeedFormatException.location(source, 0, 0)
              + ": removed "
              + controls
              + " control characters that XML does not allow");
    }
    return new Repaired(out.toString(), removedLines, repairs);
  }

  /** The index of the {@code ;} ending a well-formed entity reference at {@code amp}, or -1. */
  private static int entityEnd(String text, int amp) {
    int n = Math.min(text.length(), amp + 40);
    int i = amp + 1;
    if (i < n && text.charAt(i) == '#') {
      i++;
      boolean hex = i < n && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
      if (hex) {
        i++;
      }
      int digits = i;
      while (i < n && (hex ? isHex(text.charAt(i)) : Character.isDigit(text.charAt(i)))) {
        i++;
      }
      return i > digits && i < n && text.charAt(i) == ';' ? i : -1;
    }
    int nameStart = i;
    while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    return i > nameStart
            && Character.isLetter(text.charAt(nameStart))
            && i < n
            && text.charAt(i) == ';'
        ? i
        : -1;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static int doctypeEnd(String text, int from, String source, int line) {
    int i = from + 9;
    char quote = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        throw new FeedFormatException(
            source,
            line,
            0,
            "has a DOCTYPE with an internal subset; entity declarations are refused and never"
                + " expanded (they are how XXE and entity expansion attacks work)");
      } else if (c == '>') {
        return i + 1;
      }
      i++;
    }
    throw new FeedFormatException(source, line, 0, "has an unterminated DOCTYPE");
  }

  /**
   * UTF-32 or UTF-16 as a byte order mark says, else as the pattern of zero bytes around the first
   * ASCII character shows (an XML document or JSON feed starts with {@code <} or <code>{</code>);
   * {@code null} for byte-oriented encodings.
   */
  private static Charset wideCharset(byte[] bytes) {
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      return Charset.forName("UTF-32BE");
    }
    if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      return Charset.forName("UTF-32LE");
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return StandardCharsets.UTF_16BE;
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return StandardCharsets.UTF_16LE;
    }
    if (bytes.length < 4) {
      return null;
    }
    boolean z0 = bytes[0] == 0;
    boolean z1 = bytes[1] == 0;
    boolean z2 = bytes[2] == 0;
    boolean z3 = bytes[3] == 0;
    if (z0 && z1 && z2 && !z3) {
      return Charset.forName("UTF-32BE");
    }
    if (!z0 && z1 && z2 && z3) {
      return Charset.forName("UTF-32LE");
    }
    if (z0 && !z1 && z2 && !z3) {
      return StandardCharsets.UTF_16BE;
    }
    if (!z0 && z1 && !z2 && z3) {
      return StandardCharsets.UTF_16LE;
    }
    return null;
  }

  private static String stripBom(String text) {
    return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNonAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static Charset charset(String name) {
    if (name.isEmpty()) {
      return null;
    }
    try {
      return Charset.forName(name.toLowerCase(Locale.ROOT));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }
}
