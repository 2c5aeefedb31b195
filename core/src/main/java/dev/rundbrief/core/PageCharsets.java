package dev.rundbrief.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the bytes of a web page in the HTML standard's order, and checks the result.
 *
 * <p>Order: a byte-order mark; the {@code charset} of the HTTP {@code Content-Type} the caller
 * passes; a {@code <meta charset>} or {@code http-equiv} declaration in the first 1024 bytes; else
 * UTF-8. Labels are mapped as browsers map them ({@code iso-8859-1}, {@code us-ascii} read as
 * windows-1252, {@code gb2312} as GBK). A declaration is then checked against the bytes: bytes that
 * do not decode cleanly under it, or bytes that are valid multi-byte UTF-8 under a legacy
 * declaration, mean that the declaration is wrong; the page is then read as UTF-8 when it is valid
 * UTF-8, else as windows-1252, with a warning naming the declaration.
 */
final class PageCharsets {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final int PRESCAN_BYTES = 1024;
  private static final Pattern META_CHARSET =
      Pattern.compile(
          "(?i)<meta\\s[^>]*?charset\\s*=\\s*[\"']?\\s*([a-z0-9_:.+-]+)|<meta\\s[^>]*?content\\s*=\\s*"
              + "[\"'][^\"'>]*?charset\\s*=\\s*([a-z0-9_:.+-]+)");
  private static final Pattern HEADER_CHARSET =
      Pattern.compile("(?i);\\s*charset\\s*=\\s*[\"']?([a-z0-9_:.+-]+)");
  private static final Map<String, String> LABELS =
      Map.of(
          "iso-8859-1", "windows-1252",
          "latin1", "windows-1252",
          "l1", "windows-1252",
          "us-ascii", "windows-1252",
          "ascii", "windows-1252",
          "iso8859-1", "windows-1252",
          "gb2312", "GBK",
          "x-gbk", "GBK",
          "utf8", "UTF-8");

  private PageCharsets() {}

  /** The decoded page and the charset it was read in. */
  record Decoded(String text, Charset charset) {}

  /** Decodes a page; warnings about wrong or unknown declarations go to {@code warnings}. */
  static Decoded decode(String name, byte[] bytes, String contentType, List<String> warnings) {
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      return new Decoded(lenient(bytes, 3, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
      return new Decoded(lenient(bytes, 2, StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
      return new Decoded(lenient(bytes, 2, StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE);
    }
    String where = "the HTTP header";
    String label = headerLabel(contentType);
    if (label.isEmpty()) {
      where = "its meta tag";
      label = metaLabel(bytes);
    }
    Charset declared = label.isEmpty() ? null : charset(label);
    if (!label.isEmpty() && declared == null) {
      warnings.add(
          "'" + name + "': " + where + " declares the unknown character set '" + label + "'");
    }
    boolean utf8 = strict(bytes, StandardCharsets.UTF_8) != null;
    if (declared == null) {
      if (utf8) {
        return new Decoded(lenient(bytes, 0, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      }
      warnings.add(
          "'" + name + "': declares no character set and is not valid UTF-8; read as windows-1252");
      return new Decoded(lenient(bytes, 0, WINDOWS_1252), WINDOWS_1252);
    }
    if (declared.equals(StandardCharsets.UTF_8) || declared.name().startsWith("UTF-16")) {
      if (utf8) {
        return new Decoded(lenient(bytes, 0, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      }
      warnings.add(
          "'"
              + name
              + "': "
              + where
              + " declares "
              + label
              + " but the page is not valid UTF-8; read as windows-1252");
      return new Decoded(lenient(bytes, 0, WINDOWS_1252), WINDOWS_1252);
    }
    if (utf8 && hasMultiByteSequence(bytes)) {
      warnings.add(
          "'"
              + name
              + "': "
              + where
              + " declares "
              + label
              + " but the page is written in UTF-8; read as UTF-8");
      return new Decoded(lenient(bytes, 0, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
    String text = strict(bytes, declared);
    if (text != null) {
      return new Decoded(text, declared);
    }
    Charset fallback = utf8 ? StandardCharsets.UTF_8 : WINDOWS_1252;
    warnings.add(
        "'"
            + name
            + "': "
            + where
            + " declares "
            + label
            + " but the bytes are not valid "
            + declared.name()
            + "; read as "
            + fallback.name());
    return new Decoded(lenient(bytes, 0, fallback), fallback);
  }

  static String headerLabel(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "";
    }
    Matcher m = HEADER_CHARSET.matcher(contentType);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
  }

  /** The charset label of the first {@code meta} declaration in the first 1024 bytes. */
  static String metaLabel(byte[] bytes) {
    String head =
        new String(bytes, 0, Math.min(bytes.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
    Matcher m = META_CHARSET.matcher(head);
    while (m.find()) {
      String label = m.group(1) != null ? m.group(1) : m.group(2);
      if (label != null && !label.isBlank()) {
        return label.toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static Charset charset(String label) {
    String name = LABELS.getOrDefault(label, label);
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  private static boolean hasMultiByteSequence(byte[] bytes) {
    for (byte b : bytes) {
      if ((b & 0x80) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The text when the bytes decode cleanly, else {@code null}. */
  private static String strict(byte[] bytes, Charset charset) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String lenient(byte[] bytes, int offset, Charset charset) {
    return new String(bytes, offset, bytes.length - offset, charset);
  }
}
