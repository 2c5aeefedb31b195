package dev.rundbrief.core;

import static dev.rundbrief.core.ImportFixtures.FRENCH_DEFAULT;
import static dev.rundbrief.core.ImportFixtures.GERMAN_DEFAULT;
import static dev.rundbrief.core.ImportFixtures.source;
import static dev.rundbrief.core.ImportFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.RelatedLink.Relation;
import dev.rundbrief.core.testing.GoldenFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextImporterTest {
  private final TextImporter importer = new TextImporter();

  private Article importText(String text) {
    return importer.importArticle(utf8("test.txt", text), FRENCH_DEFAULT).article();
  }

  private static Document body(Article article) {
    return Jsoup.parseBodyFragment(article.contentHtml());
  }

  private static List<String> texts(Article article, String selector) {
    return body(article).select(selector).eachText();
  }

  @Test
  void importsTheGermanFixtureToItsGoldenHtml() {
    Article article =
        importer.importArticle(source("import/stadtwerke-de.txt"), FRENCH_DEFAULT).article();

    GoldenFiles.assertMatches("stadtwerke-de.html", article.contentHtml() + "\n");
  }

  @Test
  void readsTitleSubheadingsQuoteAndNavigationOfTheGermanFixture() {
    ImportResult result =
        importer.importArticle(source("import/stadtwerke-de.txt"), FRENCH_DEFAULT);
    Article article = result.article();

    assertThat(result.warnings()).isEmpty();
    assertThat(article.title())
        .isEqualTo("Stadtwerke Lübeck testen KI-Assistenten für Störungsmeldungen");
    assertThat(texts(article, "h2"))
        .containsExactly(
            "Wie der Assistent arbeitet",
            "Datenschutz: Gespräche bleiben in Deutschland",
            "Kritik vom Betriebsrat");
    assertThat(texts(article, "blockquote"))
        .containsExactly(
            "Niemand muss mehr in der Warteschleife hängen, nur weil im ganzen Viertel der Strom"
                + " ausgefallen ist. Die Kolleginnen und Kollegen haben dadurch mehr Zeit für die"
                + " schwierigen Fälle.");
    assertThat(texts(article, "p"))
        .contains("Die Projektleiterin fasste die ersten Wochen so zusammen:")
        .hasSize(6);
    assertThat(body(article).text())
        .doesNotContain("Zurück", "Weiter", "Kieler Förde", "Übersetzungsbüro");
    assertThat(article.related())
        .containsExactly(
            new RelatedLink(
                Relation.PREVIOUS, "Kieler Förde: Fähren fahren ab Mai elektrisch", null),
            new RelatedLink(
                Relation.NEXT,
                "Übersetzungsbüro für Behörden setzt auf offene Sprachmodelle",
                null));
    assertThat(article.summary())
        .isEqualTo(
            "Die Stadtwerke Lübeck erproben seit März einen Sprachassistenten, der"
                + " Störungsmeldungen am Telefon entgegennimmt. Über den Pilotversuch berichtete"
                + " der Energieversorger am Dienstag.");
    assertThat(article.language()).contains(Locale.GERMAN);
    assertThat(article.link()).isEmpty();
    assertThat(article.published()).isEmpty();
    assertThat(article.id())
        .isEqualTo(
            ArticleId.fromContent(
                "Stadtwerke Lübeck testen KI-Assistenten für Störungsmeldungen", null));
  }

  @Test
  void importsTheEnglishFixtureWithPreviousAndNext() {
    Article article =
        importer.importArticle(source("import/bremerhaven-en.txt"), GERMAN_DEFAULT).article();

    GoldenFiles.assertMatches("bremerhaven-en.html", article.contentHtml() + "\n");
    assertThat(article.title()).isEqualTo("Harbour city pilots an AI assistant for bus timetables");
    assertThat(texts(article, "h2")).containsExactly("How riders use it", "What comes next");
    assertThat(texts(article, "blockquote p"))
        .containsExactly(
            "Most questions are simple, and people should not have to wait on hold to ask them. We"
                + " check every answer the assistant gives against the live timetable.");
    assertThat(body(article).text()).doesNotContain("Previous", "Next", "Ferry operators");
    assertThat(article.related())
        .extracting(RelatedLink::relation, RelatedLink::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Relation.PREVIOUS, "Ferry operators agree on a shared ticket for the Weser"),
            org.assertj.core.groups.Tuple.tuple(
                Relation.NEXT, "City council publishes its open data plan"));
    assertThat(article.language()).contains(Locale.ENGLISH);
  }

  @Test
  void givesTheSameIdWhenTheSameTextIsImportedTwice() {
    Article first =
        importer.importArticle(source("import/stadtwerke-de.txt"), GERMAN_DEFAULT).article();
    Article second =
        importer
            .importArticle(
                ImportSource.of("copy.txt", ImportFixtures.bytes("import/stadtwerke-de.txt"), null),
                GERMAN_DEFAULT)
            .article();
    Article retitled = importText("Stadtwerke Kiel testen KI-Assistenten\n\nText.");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second).isEqualTo(first);
    assertThat(retitled.id()).isNotEqualTo(first.id());
  }

  @Test
  void takesOnlyShortLinesWithoutClosingPunctuationAboveAParagraphForSubheadings() {
    Article article =
        importText(
            String.join(
                "\n",
                "Titel",
                "",
                "Erster Absatz des Textes.",
                "",
                "Ein Zwischentitel",
                "",
                "Absatz unter dem Zwischentitel.",
                "",
                "Eine Frage am Ende?",
                "",
                "Absatz.",
                "",
                "Eine Aufzählung folgt;",
                "",
                "Absatz.",
                "",
                "Überschrift über einer Überschrift",
                "",
                "Zweite Ebene",
                "",
                "Absatz.",
                "",
                "x".repeat(91),
                "",
                "Absatz.",
                "",
                "Kurzer Schluss ohne Punkt"));

    assertThat(texts(article, "h2")).containsExactly("Ein Zwischentitel", "Zweite Ebene");
    assertThat(texts(article, "p"))
        .contains(
            "Eine Frage am Ende?",
            "Eine Aufzählung folgt;",
            "Überschrift über einer Überschrift",
            "x".repeat(91),
            "Kurzer Schluss ohne Punkt");
  }

  @Test
  void takesALineOfNinetyCharactersAsASubheading() {
    Article article = importText("Titel\n\n" + "Ü".repeat(90) + "\n\nAbsatz.");

    assertThat(texts(article, "h2")).containsExactly("Ü".repeat(90));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "„Wir sind bereit.“|Wir sind bereit.",
        "„Wir sind bereit”.|Wir sind bereit.",
        "\"We are ready.\"|We are ready.",
        "»Wir sind bereit.«|Wir sind bereit.",
        "«Nous sommes prêts.»|Nous sommes prêts.",
        "“We are ready.”|We are ready.",
        "„Sie sagte ‚nie wieder‘ und ging.“|Sie sagte ‚nie wieder‘ und ging."
      })
  void turnsAParagraphThatIsOneQuotedStatementIntoABlockquote(String paragraph, String quote) {
    Article article = importText("Titel\n\nEinleitung.\n\n" + paragraph + "\n\nSchluss.");

    assertThat(texts(article, "blockquote > p")).containsExactly(quote);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "„Wir sind bereit“, sagte sie.",
        "„Wir sind bereit“, sagte sie, „und wir freuen uns.“",
        "Sie sagte: „Wir sind bereit.“",
        "\"Yes\" and \"no\" are the answers.",
        "„“"
      })
  void leavesParagraphsWithMoreThanOneQuoteOrAnAttributionAsParagraphs(String paragraph) {
    Article article = importText("Titel\n\nEinleitung.\n\n" + paragraph + "\n\nSchluss.");

    assertThat(texts(article, "blockquote")).isEmpty();
    assertThat(texts(article, "p")).contains(paragraph);
  }

  @Test
  void doesNotTakeAShortQuotedLineForASubheading() {
    Article article = importText("Titel\n\n„Kurz und knapp“\n\nAbsatz danach.");

    assertThat(texts(article, "h2")).isEmpty();
    assertThat(texts(article, "blockquote")).containsExactly("Kurz und knapp");
  }

  @Test
  void joinsHardWrappedLinesAndReadsWindowsLineEnds() {
    Article article =
        importText(
            "Titel\r\n\r\nEine Zeile, die umbrochen\r\nwurde, bleibt ein Absatz.\r\n\r\n"
                + "Kurzer Titel\r\n\r\nUnd noch einer.\r\n");

    assertThat(texts(article, "p"))
        .containsExactly("Eine Zeile, die umbrochen wurde, bleibt ein Absatz.", "Und noch einer.");
    assertThat(texts(article, "h2")).containsExactly("Kurzer Titel");
  }

  @Test
  void turnsBulletedAndNumberedLinesIntoLists() {
    Article article =
        importText(
            "Titel\n\nDie Punkte:\n\n- Erstens\n- Zweitens\n\n1. Eins\n2. Zwei\n\n"
                + "1. FC Köln gewinnt.\n\nEnde.");

    assertThat(texts(article, "ul > li")).containsExactly("Erstens", "Zweitens");
    assertThat(texts(article, "ol > li")).containsExactly("Eins", "Zwei");
    assertThat(texts(article, "p")).contains("1. FC Köln gewinnt.");
  }

  @Test
  void keepsMarkupInTheTextAsText() {
    Article article =
        importText("Title with <b>tags</b>\n\n<script>alert(1)</script> & <img src=x onerror=y>");

    assertThat(article.title()).isEqualTo("Title with <b>tags</b>");
    Element p = body(article).selectFirst("p");
    assertThat(p).isNotNull();
    assertThat(p.text()).isEqualTo("<script>alert(1)</script> & <img src=x onerror=y>");
    assertThat(body(article).select("script, img, b")).isEmpty();
  }

  @Test
  void removesNavigationWordsWithArrowsAndWithoutTitles() {
    Article article = importText("Title\n\nThe only paragraph.\n\n« Previous\n\nNext »");

    assertThat(body(article).text()).isEqualTo("The only paragraph.");
    assertThat(article.related()).isEmpty();
  }

  @Test
  void takesATitleBelowASingleNavigationWord() {
    Article article = importText("Titel\n\nText.\n\n← Zurück\nDer Artikel davor");

    assertThat(body(article).text()).isEqualTo("Text.");
    assertThat(article.related())
        .containsExactly(new RelatedLink(Relation.PREVIOUS, "Der Artikel davor", null));
  }

  @Test
  void keepsNavigationWordsThatAreNotAtTheEnd() {
    Article article =
        importText("Titel\n\nWeiter\n\nEs geht weiter mit dem Text.\n\nZurück zum Thema: Ende.");

    assertThat(body(article).text())
        .isEqualTo("Weiter Es geht weiter mit dem Text. Zurück zum Thema: Ende.");
    assertThat(article.related()).isEmpty();
  }

  @Test
  void keepsALastParagraphThatMerelyFollowsANavigationWordWhenItIsLong() {
    String longLine = "Ein sehr langer Schlussabsatz. ".repeat(10).strip();
    Article article = importText("Titel\n\nText.\n\nWeiter\n\n" + longLine);

    assertThat(texts(article, "p")).containsExactly("Text.", longLine);
    assertThat(texts(article, "h2")).containsExactly("Weiter");
    assertThat(article.related()).isEmpty();
  }

  @Test
  void takesTheFirstParagraphAsTheSummaryAndTheSourceNameFromTheOptions() {
    ImportResult result =
        importer.importArticle(
            utf8("a.txt", "Titel\n\nKurz\n\nErster echter Absatz.\n\nZweiter."),
            GERMAN_DEFAULT.withSourceName("KI-Nachrichten"));

    assertThat(result.article().summary()).isEqualTo("Erster echter Absatz.");
    assertThat(result.article().source()).isEqualTo("KI-Nachrichten");
  }

  @Test
  void fallsBackToTheDefaultLanguageForShortText() {
    Article article = importText("Titel\n\nKurzer Text.");

    assertThat(article.language()).contains(Locale.FRENCH);
  }

  @Test
  void warnsWhenThereIsNoTextBelowTheTitle() {
    ImportResult result =
        importer.importArticle(utf8("nur-titel.txt", "\n\n  Nur ein Titel  \n"), GERMAN_DEFAULT);

    assertThat(result.article().title()).isEqualTo("Nur ein Titel");
    assertThat(result.article().contentHtml()).isEmpty();
    assertThat(result.warnings())
        .containsExactly("'nur-titel.txt': has a title but no text below it");
  }

  @Test
  void refusesAFirstLineThatIsAParagraphRatherThanATitle() {
    String paragraph = "Dies ist ein Absatz ohne Titel davor. ".repeat(6).strip();

    assertThatThrownBy(() -> importText(paragraph + "\n\nZweiter Absatz."))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'test.txt': has no title: the first line is a paragraph of "
                + paragraph.length()
                + " characters; put the title on a line of its own at the top");
  }

  @Test
  void refusesTextOfUnicodeSpacesOnly() {
    assertThatThrownBy(() -> importText("\u00A0\n\u000B\u2003\u2028"))
        .isInstanceOf(ImportException.class)
        .hasMessage("'test.txt': is empty (only spaces)");
  }

  @Test
  void refusesWhitespaceOnlyText() {
    assertThatThrownBy(
            () ->
                importer.importArticle(
                    ImportSource.of("leer.txt", " \n\t\r\n".getBytes(StandardCharsets.UTF_8), null),
                    GERMAN_DEFAULT))
        .isInstanceOf(ImportException.class)
        .hasMessage("'leer.txt': is empty (only spaces)");
  }

  @Test
  void aTextFileMayNameItsSourceUrlInFrontMatter() {
    ImportResult result =
        importer.importArticle(
            utf8(
                "link.txt",
                "---\nlink: https://ki-post.example.org/artikel/abwaerme\nautor: X\n---\n"
                    + "Rechenzentren: Wohin mit der Abwärme?\n\nDrei Städte heizen schon mit"
                    + " Serverwärme.\n"),
            FRENCH_DEFAULT);
    Article article = result.article();
    assertThat(article.title()).isEqualTo("Rechenzentren: Wohin mit der Abwärme?");
    assertThat(article.link()).contains(URI.create("https://ki-post.example.org/artikel/abwaerme"));
    assertThat(article.summary()).isEqualTo("Drei Städte heizen schon mit Serverwärme.");
    assertThat(result.warnings())
        .containsExactly(
            "'link.txt': front matter key 'autor' is not read in a text file (only 'link' is) and"
                + " was ignored");
    assertThatThrownBy(() -> importText("---\nlink: ftp://example.org/x\n---\nTitel\n\nText.\n"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("link");
    // Without front matter nothing changes: no link.
    assertThat(importText("Titel\n\nText.\n").link()).isEmpty();
  }
}
