package dev.rundbrief.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Checks and decodes raw import input: size, emptiness, binary content, character set. */
final class Inputs {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private Inputs() {}

  /** Decoded text and the warnings that decoding produced. */
  record Decoded(String text, List<String> warnings) {}

  /**
   * Decodes text input: UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise
   * windows-1252 with a warning, since that is what legacy editors on Windows write.
   *
   * @throws ImportException if the input is too large, empty, or binary
   */
  static Decoded decode(ImportSource source, ImportOptions options) {
    byte[] bytes = source.bytes();
    check(source.name(), bytes, options);
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
                  + source.name()
                  + "': not valid UTF-8, read as windows-1252; save it as UTF-8 to be sure"));
    }
  }

  /**
   * Checks size, emptiness and binary content without decoding.
   *
   * @throws ImportException if the input is too large, empty, or binary
   */
  static void check(String name, byte[] bytes, ImportOptions options) {
    if (bytes.length > options.maxBytes()) {
      throw new ImportException(
          name,
          "is "
              + bytes.length
              + " bytes, larger than the limit of "
              + options.maxBytes()
              + " bytes");
    }
    if (isBlank(bytes)) {
      throw new ImportException(name, "is empty");
    }
    if (looksBinary(bytes)) {
      throw new ImportException(name, "is a binary file, not text, Markdown or HTML");
    }
  }

  private static boolean hasUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
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
