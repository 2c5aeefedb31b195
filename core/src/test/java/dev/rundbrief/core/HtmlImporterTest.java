package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

  @Test
  void parsesWrittenEnglishAndGermanDates() {
    assertThat(PageDates.parse("November 19, 2019, 07:47 PM EST"))
        .contains(Instant.parse("2019-11-20T00:47:00Z"));
    assertThat(PageDates.parse("Nov. 19, 2019 7:47 am"))
        .contains(Instant.parse("2019-11-19T07:47:00Z"));
    assertThat(PageDates.parse("Tuesday, 19 November 2019, 12:05 PM"))
        .contains(Instant.parse("2019-11-19T12:05:00Z"));
    assertThat(PageDates.parse("3. Mai 2024")).contains(Instant.parse("2024-05-03T00:00:00Z"));
    assertThat(PageDates.parse("Freitag, 3. Mai 2024, 10:15 Uhr MESZ"))
        .contains(Instant.parse("2024-05-03T08:15:00Z"));
    assertThat(PageDates.parse("19.11.2019, 19:47 Uhr"))
        .contains(Instant.parse("2019-11-19T19:47:00Z"));
    assertThat(PageDates.parse("19.11.2019 um 19:47"))
        .contains(Instant.parse("2019-11-19T19:47:00Z"));
    assertThat(PageDates.parse("Veröffentlicht am 03. März 2024"))
        .contains(Instant.parse("2024-03-03T00:00:00Z"));
    assertThat(PageDates.parse("Updated: April 16, 2024, 6:20 PM EDT"))
        .contains(Instant.parse("2024-04-16T22:20:00Z"));
    // Zones and month names from the table shared with the feed reader (DateWords).
    assertThat(PageDates.parse("15. Jänner 2024, 10:15 Uhr EET"))
        .contains(Instant.parse("2024-01-15T08:15:00Z"));
    assertThat(PageDates.parse("May 3, 2024, 10:15 AM IST"))
        .contains(Instant.parse("2024-05-03T04:45:00Z"));
    assertThat(PageDates.parse("31. Februar 2024")).isEmpty();
    assertThat(PageDates.parse("13:47 PM")).isEmpty();
    assertThat(PageDates.parse("Foo 19, 2019")).isEmpty();
  }

  @Test
  void placeholderAndFutureDatesAreMissingWithAWarning() {
    String html =
        "<html><head><title>Roboter</title>"
            + "<meta property='article:published_time' content='0001-01-01T00:00:00Z'>"
            + "<meta property='article:modified_time' content='2999-12-31'>"
            + "</head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    HtmlImporter atNoon =
        new HtmlImporter(Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC));
    ImportResult result =
        atNoon.importArticle(
            ImportSource.of("seite.html", html.getBytes(StandardCharsets.UTF_8), null), options);
    assertThat(result.article().published()).isEmpty();
    assertThat(result.article().updated()).isEmpty();
    assertThat(result.warnings())
        .contains(
            "'seite.html': ignored published date '0001-01-01T00:00:00Z': not a plausible date"
                + " (placeholder, before 1991 or in the future)",
            "'seite.html': ignored updated date '2999-12-31': not a plausible date"
                + " (placeholder, before 1991 or in the future)");
  }

  @Test
  void theHttpHeaderCharsetWinsOverTheMetaTag() {
    String html =
        "<html><head><meta charset='utf-8'><title>Büro</title></head><body><article>"
            + PARAGRAPH.replace("können", "können äöü")
            + "</article></body></html>";
    byte[] latin1 = html.getBytes(StandardCharsets.ISO_8859_1);
    ImportResult result =
        importer.importArticle(
            ImportSource.of("seite.html", latin1, null)
                .withContentType("text/html; charset=ISO-8859-1"),
            options);
    assertThat(result.article().title()).isEqualTo("Büro");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void aLegacyDeclarationOverUtf8BytesIsOverruledWithAWarning() {
    String html =
        "<html><head><meta charset='gb2312'><title>Grüße aus Köln</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html.getBytes(StandardCharsets.UTF_8));
    assertThat(result.article().title()).isEqualTo("Grüße aus Köln");
    assertThat(result.warnings())
        .containsExactly(
            "'seite.html': its meta tag declares gb2312 but the page is written in UTF-8; read as"
                + " UTF-8");
  }

  @Test
  void aUtf8DeclarationOverInvalidBytesFallsBackWithAWarning() {
    String html =
        "<html><head><meta charset='utf-8'><title>Grüße aus Köln</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html.getBytes(Charset.forName("windows-1252")));
    assertThat(result.article().title()).isEqualTo("Grüße aus Köln");
    assertThat(result.warnings())
        .containsExactly(
            "'seite.html': its meta tag declares utf-8 but the page is not valid UTF-8; read as"
                + " windows-1252");
  }

  @Test
  void anUnknownCharsetIsAWarningAndTheBytesDecide() {
    String html =
        "<html><head><meta charset='klingon-8'><title>Grüße</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    ImportResult result = run(html.getBytes(StandardCharsets.UTF_8));
    assertThat(result.article().title()).isEqualTo("Grüße");
    assertThat(result.warnings())
        .containsExactly(
            "'seite.html': its meta tag declares the unknown character set 'klingon-8'");
  }

  @Test
  void aByteOrderMarkWinsOverEveryDeclaration() {
    String html =
        "<html><head><meta charset='iso-8859-1'><title>Grüße</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    byte[] utf16 = ("\uFEFF" + html).getBytes(StandardCharsets.UTF_16BE);
    ImportResult result =
        importer.importArticle(
            ImportSource.of("seite.html", utf16, null).withContentType("text/html; charset=gbk"),
            options);
    assertThat(result.article().title()).isEqualTo("Grüße");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void aRefusalNamesWhatCleaningRemoved() {
    String comments =
        "<html><head><title>Kommentare</title></head><body><main>"
            + "<p>Ein kurzer Text, mit Kommas, damit er zählt, und noch einem.</p>"
            + "<p>Noch ein Satz, auch mit Komma, der nicht lang ist.</p>"
            + "<div class='share-tools'><p>Teilen Sie diesen Beitrag mit Ihren Freunden, Kolleginnen"
            + " und Kollegen, damit möglichst viele davon erfahren.</p></div></main></body></html>";
    assertThatThrownBy(() -> run(comments))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'seite.html': no article content found: the best text block, <main>, has 111"
                + " characters of text, fewer than 200; cleaning removed <div class=\"share-tools\">"
                + " with 109 characters as page chrome by its tag, role or class; the largest"
                + " paragraph has 109 characters");
  }

  @Test
  void pagesWithTheSameTitleFromDifferentAddressesAreDifferentArticles() {
    String html =
        "<html><head><title>Pressemitteilung</title></head><body><article>"
            + PARAGRAPH
            + "</article></body></html>";
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    Article first =
        importer
            .importArticle(
                ImportSource.of("a", bytes, URI.create("https://example.org/presse/1")), options)
            .article();
    Article second =
        importer
            .importArticle(
                ImportSource.of("b", bytes, URI.create("https://example.org/presse/2")), options)
            .article();
    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(first.id().value()).isEqualTo("https://example.org/presse/1");
  }

  @Test
  void decodesEntityEscapedHtmlInJsonLdArticleBodyAndSanitizesIt() {
    assertThat(
            HtmlImporter.articleBodyHtml(
                "&lt;div align=\"left\"&gt;&lt;p&gt;Eins&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"))
        .isEqualTo("<div align=\"left\"><p>Eins</p><script>x()</script>");
    String ld =
        "{\"@type\":\"NewsArticle\",\"headline\":\"Roboter\",\"articleBody\":\"&lt;p&gt;"
            + "Die Stadtbibliothek verleiht Lernroboter, die Kinder programmieren können, und bietet"
            + " dazu jeden Samstag einen Kurs an, der kostenlos ist.&lt;/p&gt;&lt;script&gt;alert(1)"
            + "&lt;/script&gt;&lt;p&gt;Eine Anmeldung ist nötig, weil nur zwölf Plätze frei sind und"
            + " die Nachfrage in den ersten Tagen sehr groß war, sagt die Leiterin.&lt;/p&gt;\"}";
    String html =
        "<html><head><title>Roboter</title><script type='application/ld+json'>"
            + ld
            + "</script></head><body><div id='app'>Lädt …</div></body></html>";
    Article article = run(html).article();
    assertThat(article.contentHtml())
        .startsWith("<p>Die Stadtbibliothek")
        .doesNotContain("&lt;")
        .doesNotContain("script")
        .doesNotContain("alert");
  }

  @Test
  void importsBareTextThatStandsDirectlyInTheBody() {
    String html =
        "<html><head><title>Roboter</title></head><body>Die Stadtbibliothek verleiht seit"
            + " dieser Woche auch Lernroboter, die Kinder im Grundschulalter programmieren können,"
            + " und bietet dazu jeden Samstag einen Kurs an.<br><br>Der Kurs ist kostenlos, eine"
            + " Anmeldung ist aber nötig, weil nur zwölf Plätze frei sind.</body></html>";
    assertThat(run(html).article().contentHtml())
        .contains("<p>Die Stadtbibliothek verleiht")
        .contains("<p>Der Kurs ist kostenlos");
  }
}
