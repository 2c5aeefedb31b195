package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputsTest {
  private static final ImportOptions OPTIONS = ImportOptions.defaults(Locale.GERMAN);

  /** "Büro für Äpfel" as a Windows editor of the 1990s saves it. */
  static final byte[] WINDOWS_1252_BUERO = {
    'B', (byte) 0xFC, 'r', 'o', ' ', 'f', (byte) 0xFC, 'r', ' ', (byte) 0xC4, 'p', 'f', 'e', 'l'
  };

  private static Inputs.Decoded decode(byte[] bytes) {
    return Inputs.decode(ImportSource.of("in.txt", bytes, null), OPTIONS);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void decodesUtf8WithoutWarnings() {
    Inputs.Decoded decoded = decode("Büro für Äpfel".getBytes(StandardCharsets.UTF_8));

    assertThat(decoded.text()).isEqualTo("Büro für Äpfel");
    assertThat(decoded.warnings()).isEmpty();
  }

  @Test
  void dropsAUtf8ByteOrderMark() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    assertThat(decode(concat(bom, "Größe".getBytes(StandardCharsets.UTF_8))).text())
        .isEqualTo("Größe");
  }

  @Test
  void fallsBackToWindows1252WithAWarning() {
    Inputs.Decoded decoded = decode(WINDOWS_1252_BUERO);

    assertThat(decoded.text()).isEqualTo("Büro für Äpfel");
    assertThat(decoded.warnings())
        .containsExactly(
            "'in.txt': not valid UTF-8, read as windows-1252; save it as UTF-8 to be sure");
  }

  @Test
  void readsUtf16WithAByteOrderMarkInEitherByteOrder() {
    byte[] little =
        concat(
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            "Büro – Köln".getBytes(StandardCharsets.UTF_16LE));
    byte[] big =
        concat(
            new byte[] {(byte) 0xFE, (byte) 0xFF},
            "Büro – Köln".getBytes(StandardCharsets.UTF_16BE));

    assertThat(decode(little).text()).isEqualTo("Büro – Köln");
    assertThat(decode(big).text()).isEqualTo("Büro – Köln");
    assertThat(decode(little).warnings()).isEmpty();
  }

  @Test
  void refusesEmptyAndBlankInput() {
    assertThatThrownBy(() -> decode(new byte[0]))
        .isInstanceOf(ImportException.class)
        .hasMessage("'in.txt': is empty");
    assertThatThrownBy(() -> decode(" \r\n\t\f\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(ImportException.class)
        .hasMessage("'in.txt': is empty (only spaces)");
    assertThatThrownBy(() -> decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n'}))
        .isInstanceOf(ImportException.class)
        .hasMessage("'in.txt': is empty (only spaces)");
    assertThatThrownBy(() -> decode(new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', 0}))
        .isInstanceOf(ImportException.class)
        .hasMessage("'in.txt': is empty");
  }

  @Test
  void acceptsInputOfExactlyTheLimitAndRefusesOneByteMore() {
    ImportOptions small = new ImportOptions(Locale.GERMAN, 10, "");
    byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Inputs.decode(ImportSource.of("ten.txt", ten, null), small).text())
        .isEqualTo("0123456789");
    assertThatThrownBy(
            () ->
                Inputs.decode(
                    ImportSource.of("eleven.txt", concat(ten, new byte[] {'x'}), null), small))
        .isInstanceOf(ImportException.class)
        .hasMessage("'eleven.txt': is 11 bytes, larger than the limit of 10 bytes");
  }

  @ParameterizedTest
  @CsvSource({
    "255044462d312e370a, a PDF document",
    "89504e470d0a1a0a, a PNG image",
    "ffd8ffe000104a464946, a JPEG image",
    "474946383961, a GIF image",
    "504b0304140000000800, a ZIP archive or office document",
    "1f8b0800, a gzip archive",
    "7f454c46, an executable"
  })
  void namesTheBinaryFormatsItKnowsBySignature(String hex, String description) {
    byte[] bytes =
        concat(
            HexFormat.of().parseHex(hex), "rest of the file".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> decode(bytes))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'in.txt': is " + description + ", not text, Markdown or HTML; it cannot be imported");
  }

  @Test
  void refusesOtherBinaryContentByItsNulAndControlBytes() {
    byte[] withNul = "Title\n\u0000\u0000body".getBytes(StandardCharsets.US_ASCII);
    byte[] controls = new byte[200];
    Arrays.fill(controls, (byte) 'a');
    for (int i = 0; i < 200; i += 20) {
      controls[i] = 0x02;
    }

    for (byte[] bytes : new byte[][] {withNul, controls}) {
      assertThatThrownBy(() -> decode(bytes))
          .isInstanceOf(ImportException.class)
          .hasMessage(
              "'in.txt': is a binary file, not text, Markdown or HTML; it cannot be imported");
    }
  }

  @Test
  void acceptsTextWithAFewStrayControlCharacters() {
    String text = "Titel\n\n" + "Ein Absatz mit Text. ".repeat(20) + "\u0007\u000B\u001B[0m";

    assertThat(decode(text.getBytes(StandardCharsets.UTF_8)).text()).isEqualTo(text);
  }

  @Test
  void checksWithoutDecoding() {
    assertThatThrownBy(
            () -> Inputs.check("bild.png", HexFormat.of().parseHex("89504e470d0a1a0a"), OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'bild.png': is a PNG image");
  }
}
