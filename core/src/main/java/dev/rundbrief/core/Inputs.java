package dev.rundbrief.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Checks and decodes raw import input: size, emptiness, binary content, character set.
 *
 * <p>Every problem is an {@link ImportException} whose message names the input, so importers can
 * call {@link #decode} first and work on text from then on.
 */
final class Inputs {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** File signatures of the binary formats people most often pass by mistake. */
  private static final List<Signature> SIGNATURES =
      List.of(
          new Signature("a PDF document", bytes("%PDF-")),
          new Signature("a PNG image", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
          new Signature("a JPEG image", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
          new Signature("a GIF image", bytes("GIF8")),
          new Signature("a ZIP archive or office document", new byte[] {'P', 'K', 3, 4}),
          new Signature("a ZIP archive", new byte[] {'P', 'K', 5, 6}),
          new Signature("a gzip archive", new byte[] {0x1F, (byte) 0x8B}),
          new Signature("a RIFF media file (WebP, WAV or AVI)", bytes("RIFF")),
          new Signature("an executable", new byte[] {0x7F, 'E', 'L', 'F'}),
          new Signature(
              "an old office document", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}));

  private Inputs() {}

  /** Decoded text and the warnings that decoding produced. */
  record Decoded(String text, List<String> warnings) {
    Decoded {
      warnings = List.copyOf(warnings);
    }
  }

  private record Signature(String description, byte[] magic) {}

  /**
   * Decodes text input. A byte order mark decides (UTF-8, UTF-16LE, UTF-16BE, as Windows editors
   * write them); without one, the bytes are read as UTF-8 when they are valid UTF-8, otherwise as
   * windows-1252 with a warning, since that is what legacy editors on Windows write. The byte order
   * mark is not part of the text.
   *
   * @throws ImportException if the input is too large, empty, or binary
   */
  static Decoded decode(ImportSource source, ImportOptions options) {
    byte[] bytes = source.bytes();
    String name = source.name();
    checkSize(name, bytes, options);
    Optional<Charset> utf16 = utf16Bom(bytes);
    if (utf16.isPresent()) {
      String text = new String(bytes, 2, bytes.length - 2, utf16.get());
      if (text.isBlank()) {
        throw new ImportException(name, "is empty");
      }
      return new Decoded(text, List.of());
    }
    checkContent(name, bytes);
    int offset = hasUtf8Bom(bytes) ? 3 : 0;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
              .toString();
      return new Decoded(text, List.of());
    } catch (CharacterCodingException e) {
      return new Decoded(
          new String(bytes, WINDOWS_1252),
          List.of(
              "'"
                  + name
                  + "': not valid UTF-8, read as windows-1252; save it as UTF-8 to be sure"));
    }
  }

  /**
   * Returns an article's title when it is at most {@link SingleLine#MAX_LENGTH} characters long
   * once its white space is collapsed, as {@link Article} stores it.
   *
   * @throws ImportException naming the input and the title's length
   */
  static String title(String name, String title) {
    int length = title.strip().replaceAll("\\s+", " ").length();
    if (length > SingleLine.MAX_LENGTH) {
      throw new ImportException(
          name,
          "has a title of "
              + length
              + " characters; titles may have at most "
              + SingleLine.MAX_LENGTH);
    }
    return title;
  }

  /**
   * Checks size, emptiness and binary content without decoding.
   *
   * @throws ImportException if the input is too large, empty, or binary
   */
  static void check(String name, byte[] bytes, ImportOptions options) {
    checkSize(name, bytes, options);
    if (utf16Bom(bytes).isEmpty()) {
      checkContent(name, bytes);
    }
  }

  private static void checkSize(String name, byte[] bytes, ImportOptions options) {
    if (bytes.length > options.maxBytes()) {
      throw new ImportException(
          name,
          "is "
              + bytes.length
              + " bytes, larger than the limit of "
              + options.maxBytes()
              + " bytes");
    }
  }

  private static void checkContent(String name, byte[] bytes) {
    if (isBlank(bytes)) {
      throw new ImportException(name, bytes.length == 0 ? "is empty" : "is empty (only spaces)");
    }
    for (Signature s : SIGNATURES) {
      if (startsWith(bytes, s.magic())) {
        throw new ImportException(
            name, "is " + s.description() + ", not text, Markdown or HTML; it cannot be imported");
      }
    }
    if (looksBinary(bytes)) {
      throw new ImportException(
          name, "is a binary file, not text, Markdown or HTML; it cannot be imported");
    }
  }

  private static Optional<Charset> utf16Bom(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    return Optional.empty();
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean isBlank(byte[] bytes) {
    int start = hasUtf8Bom(bytes) ? 3 : 0;
    for (int i = start; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  /**
   * Text has no NUL bytes and few other C0 control characters; images, archives and office
   * documents have many in their first kilobytes.
   */
  private static boolean looksBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    int control = 0;
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xFF;
      if (b == 0) {
        return true;
      }
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B) {
        control++;
      }
    }
    return control > n / 100 + 1;
  }
}
