package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class SplitBodiesTest {
  private static final String FIRST =
      "Die Stadtwerke haben am Montag angekündigt, das Netz für Fernwärme bis 2030 zu verdoppeln,"
          + " und dafür einen Kredit von 80 Millionen Euro aufgenommen.";
  private static final String SECOND =
      "Der Rat muss dem Plan noch zustimmen, doch die Fraktionen haben ihre Unterstützung schon"
          + " signalisiert, wie eine Sprecherin am Dienstag sagte.";
  private static final String THIRD =
      "Für die Anwohner bedeutet der Ausbau zwei Jahre Baustellen, dafür sinken die Preise nach"
          + " den Berechnungen der Stadtwerke um ein Zehntel.";

  @Test
  void sectionsWithTheSameClassUpToTheirNumbersAreOneBody() {
    Element a = Jsoup.parse("<div class='story-body story-body-1'></div>").selectFirst("div");
    Element b = Jsoup.parse("<div class='story-body story-body-2'></div>").selectFirst("div");
    Element c = Jsoup.parse("<div class='story-teaser'></div>").selectFirst("div");
    Element p = Jsoup.parse("<p class='story-body story-body-1'></p>").selectFirst("p");
    Element lead = Jsoup.parse("<div class='content lead'></div>").selectFirst("div");
    Element step = Jsoup.parse("<div class='content'></div>").selectFirst("div");
    assertThat(SplitBodies.sameKind(lead, step)).isTrue();
    assertThat(SplitBodies.sameKind(a, b)).isTrue();
    assertThat(SplitBodies.sameKind(a, c)).isFalse();
    assertThat(SplitBodies.sameKind(a, p)).isFalse();
    Element bare = Jsoup.parse("<div></div>").selectFirst("div");
    assertThat(SplitBodies.sameKind(bare, bare.clone())).isFalse();
  }

  @Test
  void joinsNumberedSectionsOfOneBodySplitByAnAdSlot() {
    String html =
        "<body><div class='story'><div class='story-body story-body-1'><p>"
            + FIRST
            + "</p></div><div class='ad-slot'></div><div class='supplemental'>"
            + "<div class='story-body story-body-2'><p>"
            + SECOND
            + "</p><p>"
            + THIRD
            + "</p><p>"
            + THIRD.replace("Zehntel", "Fünftel")
            + "</p><p>"
            + THIRD.replace("Zehntel", "Achtel")
            + "</p><p>"
            + SECOND.replace("Dienstag", "Mittwoch")
            + "</p><p>"
            + SECOND.replace("Dienstag", "Freitag")
            + "</p></div></div></div></body>";
    assertThat(bodyText(html)).contains(FIRST, SECOND, THIRD);
  }

  @Test
  void joinsSectionsThatSitSeveralWrappersApart() {
    String deep = "<div class='a'><div class='b'><div class='c'><div class='text'><p>";
    String end = "</p></div></div></div></div>";
    String html =
        "<body><main><div class='intro'>"
            + deep
            + FIRST
            + end
            + "</div><figure><img src='x.jpg'></figure><div class='rest'><div class='inner'>"
            + deep
            + SECOND
            + "</p><p>"
            + THIRD
            + end
            + "</div></div></main><footer><p>"
            + "Impressum, Datenschutz und Kontakt: alle Angaben ohne Gewähr, Stand heute."
            + "</p></footer></body>";
    String text = bodyText(html);
    assertThat(text).contains(FIRST, SECOND, THIRD).doesNotContain("Impressum");
  }

  @Test
  void aWrapperWithCommentsBesideTheSectionsHoldsTooMuchElse() {
    String comment =
        "Ich finde den Plan gut, aber wer zahlt am Ende die Baustellen, fragt sich ein Anwohner"
            + " aus der Nordstadt, der seit Jahren auf die Fernwärme wartet und nun zweifelt.";
    Element withFigure =
        Jsoup.parse(
                "<div id='w'><div class='text'><p>"
                    + FIRST
                    + "</p></div><figure><figcaption>Das Heizwerk</figcaption></figure>"
                    + "<div class='text'><p>"
                    + SECOND
                    + THIRD
                    + "</p></div></div>")
            .getElementById("w");
    Element withComments = withFigure.clone();
    withComments.appendElement("section").addClass("comments").text(comment + " " + comment);
    assertThat(SplitBodies.holdLittleElse(withFigure, withFigure.select(".text"), e -> false))
        .isTrue();
    assertThat(
            SplitBodies.holdLittleElse(
                withComments, withComments.select(".text"), e -> e.hasClass("comments")))
        .isFalse();
    withFigure.appendElement("p").text(FIRST + SECOND + THIRD + FIRST + SECOND + THIRD);
    assertThat(SplitBodies.holdLittleElse(withFigure, withFigure.select(".text"), e -> false))
        .as("twice the sections' text")
        .isFalse();
  }

  private static String bodyText(String html) {
    ContentExtractor.Extraction x = ContentExtractor.extract(Jsoup.parse(html), List.of());
    assertThat(x.content()).as(x.diagnosis()).isNotNull();
    return x.content().text();
  }
}
