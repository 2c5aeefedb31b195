package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class ListItemsTest {
  @Test
  void aListItemWithASentenceIsProseAndAMenuEntryIsNot() {
    Element sentence =
        Jsoup.parse(
                "<li>Die Suche im Archiv findet jetzt auch Artikel, deren Titel Umlaute enthalten,"
                    + " und zeigt die Treffer nach Datum.</li>")
            .selectFirst("li");
    Element menu =
        Jsoup.parse(
                "<li><a href='/a'>Politik</a> <a href='/b'>Wirtschaft</a> <a href='/c'>Kultur</a>"
                    + " <a href='/d'>Sport und alles, was dazu gehört, in der Übersicht</a></li>")
            .selectFirst("li");
    Element shortItem = Jsoup.parse("<li>Neue Schrift im Kopf</li>").selectFirst("li");
    assertThat(ListItems.isProse(sentence)).isTrue();
    assertThat(ListItems.isProse(menu)).isFalse();
    assertThat(ListItems.isProse(shortItem)).isFalse();
  }

  @Test
  void releaseNotesWrittenAsListsWinOverALongComment() {
    StringBuilder notes = new StringBuilder();
    String[] points = {
      "Die Suche im Archiv findet jetzt auch Artikel, deren Titel Umlaute enthalten, und zeigt"
          + " die Treffer nach Datum.",
      "Beim Versand bricht eine Verbindung, die der Server schließt, nicht mehr die ganze Ausgabe"
          + " ab, sondern wird neu aufgebaut.",
      "Der Import von Feeds liest jetzt auch Datumsangaben ohne Zeitzone, wie sie manche"
          + " Redaktionssysteme schreiben.",
      "Die Vorschau zeigt die Ausgabe so, wie sie im dunklen Modus der gängigen Mailprogramme"
          + " erscheint, mit Bildern.",
    };
    for (String point : points) {
      notes.append("<li>").append(point).append("</li>");
    }
    String comment =
        "Danke für die neue Version! Ich habe sie gestern eingespielt, und seitdem läuft der"
            + " Versand bei uns deutlich ruhiger, auch wenn der Server nachts neu startet, was bei"
            + " unserem Anbieter leider häufiger vorkommt, als uns lieb ist. Eine Frage hätte ich"
            + " noch: Kann man die Vorschau auch als Datei speichern, um sie der Redaktion zu"
            + " schicken, bevor die Ausgabe rausgeht?";
    String html =
        "<body><article class='post'><h1>Neu in Version 2.4</h1><div class='post-text'>"
            + "<p>Das ist neu:</p><ul>"
            + notes
            + "</ul></div></article><section id='comments'><div class='entry-content'><p>"
            + comment
            + "</p></div></section></body>";
    ContentExtractor.Extraction x = ContentExtractor.extract(Jsoup.parse(html), List.of());
    assertThat(x.content()).as(x.diagnosis()).isNotNull();
    assertThat(x.content().text()).contains(points[0], points[3]).doesNotContain("Danke");
  }
}
