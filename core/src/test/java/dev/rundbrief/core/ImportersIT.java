package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports real files from disk, including the bad ones users pass by mistake. */
class ImportersIT {
  private static final ImportOptions OPTIONS = ImportOptions.defaults(Locale.GERMAN);

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void importsATextFileAndAMarkdownFile() throws IOException {
    Path text = write("artikel.txt", ImportFixtures.bytes("import/stadtwerke-de.txt"));
    Path markdown = write("beitrag.md", ImportFixtures.bytes("import/foerderung-de.md"));

    assertThat(Importers.importFile(text, OPTIONS).article().title())
        .isEqualTo("Stadtwerke Lübeck testen KI-Assistenten für Störungsmeldungen");
    assertThat(Importers.importFile(markdown, OPTIONS).article().title())
        .isEqualTo("Land fördert KI-Labore an Hochschulen");
  }

  @Test
  void readsAWindows1252FileWithAWarning() throws IOException {
    Path file = write("alt.txt", ImportFixtures.bytes("import/buero-windows-1252.txt"));

    ImportResult result = Importers.importFile(file, OPTIONS);

    assertThat(result.article().title()).isEqualTo("Büro für Äpfel");
    assertThat(result.article().contentHtml())
        .isEqualTo("<p>Die Äpfel liegen im Büro für Größenvergleiche.</p>");
    assertThat(result.warnings())
        .containsExactly(
            "'" + file + "': not valid UTF-8, read as windows-1252; save it as UTF-8 to be sure");
  }

  @Test
  void readsAUtf16FileAsWindowsNotepadSavesIt() throws IOException {
    byte[] text = "Büro für Äpfel\r\n\r\nEin Absatz.\r\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] bytes = new byte[text.length + 2];
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xFE;
    System.arraycopy(text, 0, bytes, 2, text.length);

    ImportResult result = Importers.importFile(write("notepad.txt", bytes), OPTIONS);

    assertThat(result.article().title()).isEqualTo("Büro für Äpfel");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void refusesAMissingFileNamingIt() {
    Path missing = dir.resolve("fehlt.txt");

    assertThatThrownBy(() -> Importers.importFile(missing, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessage("'" + missing + "': no such file");
  }

  @Test
  void refusesAnEmptyAndAWhitespaceOnlyFile() throws IOException {
    Path empty = write("leer.txt", new byte[0]);
    Path blank = write("leer.md", "\n   \n\t\n");

    assertThatThrownBy(() -> Importers.importFile(empty, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessage("'" + empty + "': is empty");
    assertThatThrownBy(() -> Importers.importFile(blank, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessage("'" + blank + "': is empty (only spaces)");
  }

  @Test
  void refusesARealPngImage() throws IOException {
    Path png = dir.resolve("bild.txt");
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

    assertThatThrownBy(() -> Importers.importFile(png, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'" + png + "': is a PNG image, not text, Markdown or HTML; it cannot be imported");
  }

  @Test
  void refusesARealZipArchive() throws IOException {
    Path zip = dir.resolve("artikel.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("artikel.txt"));
      z.write("Titel\n\nText.".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }

    assertThatThrownBy(() -> Importers.importFile(zip, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'" + zip + "': is a ZIP archive");
  }

  @Test
  void refusesAPdfEvenWhenItsFirstKilobytesAreText() throws IOException {
    String pdf =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n";
    Path file = write("bericht.pdf", pdf);

    assertThatThrownBy(() -> Importers.importFile(file, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'" + file + "': is a PDF document, not text, Markdown or HTML; it cannot be imported");
  }

  @Test
  void refusesAFileOverTheSizeLimitWithoutReadingItWhole() throws IOException {
    ImportOptions small = new ImportOptions(Locale.GERMAN, 1024, "");
    Path atLimit = write("genau.txt", "Titel\n\n" + "x".repeat(1024 - 7));
    Path over = write("gross.txt", "Titel\n\n" + "x".repeat(5000));

    assertThat(Importers.importFile(atLimit, small).article().title()).isEqualTo("Titel");
    assertThatThrownBy(() -> Importers.importFile(over, small))
        .isInstanceOf(ImportException.class)
        .hasMessage("'" + over + "': larger than the limit of 1024 bytes");
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> Importers.importFile(dir, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'" + dir + "': cannot be read");
  }

  @Test
  void refusesMarkdownWithABadDateNamingFileKeyAndValue() throws IOException {
    Path file = write("termin.md", "---\ntitle: Termin\ndate: 31.02.2025\n---\nText.");

    assertThatThrownBy(() -> Importers.importFile(file, OPTIONS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'" + file + "': front matter 'date': '31.02.2025' is not a date");
  }
}
