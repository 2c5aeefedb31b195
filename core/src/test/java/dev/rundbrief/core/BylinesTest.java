package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class BylinesTest {
  @Test
  void readsAnEnglishAgencyBylineInCapitalsAsTheName() {
    assertThat(Bylines.names("By TOM KRISHER, AP Auto Writer")).containsExactly("Tom Krisher");
  }

  @Test
  void readsAGermanAgencyBylineAsTheName() {
    assertThat(Bylines.names("Von Anna Müller, dpa")).containsExactly("Anna Müller");
  }

  @Test
  void keepsSeveralAuthorsAndDropsTheirSharedRole() {
    assertThat(Bylines.names("By TOM KRISHER and DEE-ANN DURBIN, AP Business Writers"))
        .containsExactly("Tom Krisher", "Dee-Ann Durbin");
    assertThat(Bylines.names("Von Anna Müller, Jan Berg und Eva Roth"))
        .containsExactly("Anna Müller", "Jan Berg", "Eva Roth");
  }

  @Test
  void anAgencyAloneStaysTheAuthor() {
    assertThat(Bylines.names("Von dpa")).containsExactly("dpa");
  }

  @Test
  void writesParticlesInNamesInCapitalsLowerCase() {
    assertThat(Bylines.names("VON URSULA VON DER LEYEN")).containsExactly("Ursula von der Leyen");
  }

  @Test
  void tellsBylineLinesFromSentences() {
    assertThat(Bylines.isBylineLine("By TOM KRISHER, AP Auto Writer")).isTrue();
    assertThat(Bylines.isBylineLine("Von Anna Müller, dpa")).isTrue();
    assertThat(Bylines.isBylineLine("Von Berlin nach Hamburg fährt der Zug")).isFalse();
    assertThat(Bylines.isBylineLine("By the end of the year, prices rose.")).isFalse();
  }

  @Test
  void anImportedPageTakesTheAuthorFromAPlainBylineAndLeavesItOutOfTheBody() {
    String html =
        "<html><head><title>Autowerke melden Rekord</title></head><body><article>"
            + "<h1>Autowerke melden Rekord</h1><p>Von Anna Müller, dpa</p>"
            + "<p>Die Werke im Süden haben im dritten Quartal so viele Autos gebaut wie nie zuvor,"
            + " obwohl Teile knapp waren und die Preise für Strom gestiegen sind.</p>"
            + "<p>Die Gewerkschaft fordert nun eine Prämie für alle Beschäftigten, die in den"
            + " Sonderschichten gearbeitet haben, und droht mit Warnstreiks.</p></article></body></html>";
    Article article =
        new HtmlImporter()
            .importArticle(
                ImportSource.of("werk.html", html.getBytes(StandardCharsets.UTF_8), null),
                ImportOptions.defaults(Locale.GERMAN))
            .article();
    assertThat(article.authors()).extracting(Author::name).containsExactly("Anna Müller");
    assertThat(article.contentHtml()).doesNotContain("Anna Müller").contains("Die Werke");
  }
}
