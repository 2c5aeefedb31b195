package dev.rundbrief.core;

import static dev.rundbrief.core.ImportFixtures.GERMAN_DEFAULT;
import static dev.rundbrief.core.ImportFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.rundbrief.core.Importers.Format;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImportersTest {
  @ParameterizedTest
  @CsvSource({
    "artikel.txt, TEXT",
    "notes.TEXT, TEXT",
    "post.md, MARKDOWN",
    "POST.Markdown, MARKDOWN",
    "seite.html, HTML",
    "seite.HTM, HTML",
    "page.xhtml, HTML",
    "/var/www/a.b/index.html, HTML"
  })
  void choosesTheImporterByExtensionWhateverTheContent(String name, Format format) {
    assertThat(Importers.formatOf(utf8(name, "Plain words, no markup"))).isEqualTo(format);
  }

  static Stream<Arguments> sniffedContent() {
    return Stream.of(
        arguments("<!DOCTYPE html><title>x</title>", Format.HTML),
        arguments("  \n<!doctype html>", Format.HTML),
        arguments(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", Format.HTML),
        arguments("<!-- saved page -->\n<HTML lang=de>", Format.HTML),
        arguments("---\ntitle: x\n---\nText", Format.MARKDOWN),
        arguments("---\r\ntitle: x\r\n---\r\nText", Format.MARKDOWN),
        arguments("# Überschrift\n\nText", Format.MARKDOWN),
        arguments("Titel\n\nText über <html> im Fließtext", Format.TEXT),
        arguments("Titel\n\n---\n\nText", Format.TEXT),
        arguments("#hashtag am Anfang", Format.TEXT));
  }

  @ParameterizedTest
  @MethodSource("sniffedContent")
  void sniffsTheContentWhenTheNameHasNoKnownExtension(String text, Format format) {
    assertThat(Importers.formatOf(utf8("download", text))).isEqualTo(format);
    assertThat(Importers.formatOf(utf8("artikel.dat", text))).isEqualTo(format);
  }

  @Test
  void looksForTheHtmlTagOnlyNearTheStart() {
    String late = "Titel\n\n" + "Text. ".repeat(200) + "<html>";

    assertThat(Importers.formatOf(utf8("download", late))).isEqualTo(Format.TEXT);
  }

  @Test
  void importsTextAndMarkdownWithTheirOwnImporter() {
    String text = "# Titel\n\nEin Absatz.";

    assertThat(Importers.importSource(utf8("a.txt", text), GERMAN_DEFAULT).article().title())
        .isEqualTo("# Titel");
    assertThat(Importers.importSource(utf8("a.md", text), GERMAN_DEFAULT).article().title())
        .isEqualTo("Titel");
    assertThat(Importers.importSource(utf8("a", text), GERMAN_DEFAULT).article().title())
        .isEqualTo("Titel");
  }

  @Test
  void refusesBinaryContentWhateverTheExtensionClaims() {
    ImportSource png =
        ImportSource.of(
            "foto.md", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, null);

    assertThatThrownBy(() -> Importers.importSource(png, GERMAN_DEFAULT))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'foto.md': is a PNG image");
  }
}
