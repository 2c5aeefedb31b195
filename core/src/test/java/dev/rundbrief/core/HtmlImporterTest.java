package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HtmlImporterTest {
  private static final String PARAGRAPH =
      "<p>Die Stadtbibliothek verleiht seit dieser Woche auch Lernroboter, die Kinder im"
          + " Grundschulalter programmieren können, und bietet dazu jeden Samstag einen Kurs an.</p>"
          + "<p>Der Kurs ist kostenlos, eine Anmeldung ist aber nötig, weil nur zwölf Plätze"
          + " frei sind und die Nachfrage in den ersten Tagen sehr groß war.</p>";

  private final HtmlImporter importer = new HtmlImporter();
  private final ImportOptions options = ImportOptions.defaults(Locale.ENGLISH);

  private ImportResult run(String html) {
    return run(html.getBytes(StandardCharsets.UTF_8));
  }

  private ImportResult run(byte[] bytes) {
    return importer.importArticle(ImportSource.of("seite.html", bytes, null), options);
  }

  @Test
  void refusesALoginPageAsNoArticleContentNamingTheInput() {
    String login =
        "<html><head><title>Anmelden</title></head><body><nav><a href='/'>Start</a></nav>"
            + "<main><h1>Anmelden</h1><form><label>Benutzername</label><input name='u'>"
            + "<label>Passwort</label><input type='password'><button>Anmelden</button>"
            + "<a href='/reset'>Passwort vergessen?</a></form></main></body></html>";
    assertThatThrownBy(() -> run(login))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'seite.html': no article content found: the best text block, <form>, has 39"
                + " characters of text, fewer than 200");
  }

  @Test
  void refusesAPureLinkListAsNoArticleContent() {
    StringBuilder html = new StringBuilder("<html><head><title>Archiv</title></head><body><ul>");
    for (int i = 0; i < 40; i++) {
      html.append("<li><a href='/artikel/").append(i).append("'>Artikel Nummer ").append(i);
      html.append(" über Sprachmodelle und Roboter</a></li>");
    }
    html.append("</ul></body></html>");
    assertThatThrownBy(() -> run(html.toString()))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("no article content found");
  }

  @Test
  void refusesEmptyBinaryAndOversizedInput() {
    assertThatThrownBy(() -> run("  \n"))
        .isInstanceOf(ImportException.class)
        .hasMessage("'seite.html': is empty (only spaces)");
    assertThatThrownBy(() -> run(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13}))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'seite.html': is a PNG image, not text, Markdown or HTML; it cannot be imported");
    ImportOptions tiny = new ImportOptions(Locale.ENGLISH, 100, "");
    ImportSource big = ImportSource.of("gross.html", new byte[200], null);
    assertThatThrownBy(() -> importer.importArticle(big, tiny))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("'gross.html'")
        .hasMessageContaining("larger than the limit of 100 bytes");
  }

  @Test
  void refusesAnArticleWithoutAnyTitle() {
    assertThatThrownBy(() -> run("<html><body><article>" + PARAGRAPH + "</article></body></html>"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("'seite.html': has no title");
  }

  @Test
  void anUnparseableDateIsAWarningAndTheNextSourceIsUsed() {
    String html =
        "<html lang='de'><head><title>Roboter in der Bibliothek</title>"
            + "<meta property='article:published_time' content='letzten Dienstag'></head><body>"
            + "<article><time datetime='2024-02-06T10:00:00+01:00'>6. Februar</time>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html);
    assertThat(result.article().published()).contains(Instant.parse("2024-02-06T09:00:00Z"));
    assertThat(result.warnings())
        .containsExactly("'seite.html': ignored published date 'letzten Dienstag': not a date");
  }

  @Test
  void undeclaredNonUtf8PageIsReadAsWindows1252WithAWarning() {
    String html =
        "<html><head><title>Bürgerbüro öffnet länger</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html.getBytes(Charset.forName("windows-1252")));
    assertThat(result.article().title()).isEqualTo("Bürgerbüro öffnet länger");
    assertThat(result.article().contentHtml()).contains("Grundschulalter");
    assertThat(result.warnings()).singleElement().asString().contains("windows-1252");
  }

  @Test
  void brokenJsonLdIsSkippedWithAWarning() {
    String html =
        "<html lang='de'><head><title>Roboter in der Bibliothek</title>"
            + "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": </script>"
            + "</head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html);
    assertThat(result.article().title()).isEqualTo("Roboter in der Bibliothek");
    assertThat(result.warnings()).anyMatch(w -> w.contains("JSON-LD"));
  }

  @Test
  void languageIsDetectedFromTheTextWhenUndeclaredAndDefaultedWhenUnclear() {
    ImportResult german =
        run(
            "<html><head><title>Roboter</title></head><body><article>"
                + PARAGRAPH
                + "</article></body></html>");
    assertThat(german.article().language()).contains(Locale.GERMAN);
    String numbers = "<p>" + "12345 67890 ".repeat(30) + "Xyzzy plugh quux frobnicate.</p>";
    ImportResult unclear =
        run(
            "<html><head><title>Zahlen</title></head><body><article>"
                + numbers
                + "</article></body></html>");
    assertThat(unclear.article().language()).contains(Locale.ENGLISH);
  }

  @Test
  void relativeUrlsResolveAgainstTheSourceUrlAndScriptsAreDropped() {
    String html =
        "<html><head><title>Roboter | Stadtbote</title><meta property='og:site_name' content='Stadtbote'>"
            + "</head><body><article><h1>Roboter</h1>"
            + PARAGRAPH
            + "<p><img src='bilder/robo.jpg' alt='Roboter' onerror='alert(1)'>"
            + "<script>alert(2)</script></p></article></body></html>";
    ImportSource source =
        ImportSource.of(
            "seite.html",
            html.getBytes(StandardCharsets.UTF_8),
            URI.create("https://stadtbote.example/2024/roboter"));
    Article article = importer.importArticle(source, options).article();
    assertThat(article.title()).isEqualTo("Roboter");
    assertThat(article.contentHtml())
        .contains("src=\"https://stadtbote.example/2024/bilder/robo.jpg\"")
        .doesNotContain("script")
        .doesNotContain("onerror")
        .doesNotContain("<h1");
    assertThat(article.source()).isEqualTo("Stadtbote");
  }

  @Test
  void theSameBytesGiveTheSameId() {
    String html =
        "<html><head><title>Roboter</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    assertThat(run(html).article().id()).isEqualTo(run(html).article().id());
  }

  @Test
  void stripsKnownAndGuessedSiteNamesFromTitles() {
    assertThat(
            PageMetadata.stripSiteName(
                "Roboter in der Bibliothek :: Stadtbote", "Stadtbote", false))
        .isEqualTo("Roboter in der Bibliothek");
    assertThat(
            PageMetadata.stripSiteName("Stadtbote | Roboter in der Bibliothek", "Stadtbote", false))
        .isEqualTo("Roboter in der Bibliothek");
    assertThat(PageMetadata.stripSiteName("Roboter in der Bibliothek – Der Stadtbote", "", true))
        .isEqualTo("Roboter in der Bibliothek");
    assertThat(PageMetadata.stripSiteName("Roboter in der Bibliothek – Der Stadtbote", "", false))
        .isEqualTo("Roboter in der Bibliothek – Der Stadtbote");
  }

  @Test
  void parsesTheDateFormatsPagesUse() {
    Instant expected = Instant.parse("2024-05-03T08:15:00Z");
    assertThat(PageDates.parse("2024-05-03T10:15:00+02:00")).contains(expected);
    assertThat(PageDates.parse("2024-05-03T10:15:00+0200")).contains(expected);
    assertThat(PageDates.parse("2024-05-03 08:15:00")).contains(expected);
    assertThat(PageDates.parse("2024-05-03T08:15Z")).contains(expected);
    assertThat(PageDates.parse("Fri, 03 May 2024 08:15:00 GMT")).contains(expected);
    assertThat(PageDates.parse("03.05.2024, 08:15 Uhr")).contains(expected);
    assertThat(PageDates.parse("2024-05-03")).contains(Instant.parse("2024-05-03T00:00:00Z"));
    assertThat(PageDates.parse("gestern")).isEmpty();
    assertThat(PageDates.parse("2024-13-45")).isEmpty();
  }
}
