package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class TeasersTest {
  private static final String[] BODY = {
    "Die Bibliothek der Stadt öffnet ab März auch sonntags, zunächst für ein Jahr, wie die"
        + " Verwaltung am Donnerstag mitteilte.",
    "Möglich macht das ein neues System, mit dem Leserinnen und Leser Bücher selbst ausleihen und"
        + " zurückgeben können, ohne dass Personal im Haus ist.",
    "Der Personalrat hatte zunächst Bedenken, stimmte dem Versuch aber zu, nachdem die Stadt"
        + " zusagte, keine Stellen zu streichen.",
  };

  @Test
  void anExcerptIsCutOffOrEndsInAReadMoreLink() {
    assertThat(
            Teasers.isExcerpt(p("<p>Die Stadtwerke bauen das Netz aus, und zwar schneller…</p>")))
        .isTrue();
    assertThat(Teasers.isExcerpt(p("<p>Der Rat stimmt zu [...]</p>"))).isTrue();
    assertThat(
            Teasers.isExcerpt(
                p("<p>Der Rat stimmt dem Plan zu. <a href='/rat'>Weiterlesen</a></p>")))
        .isTrue();
    assertThat(
            Teasers.isExcerpt(
                p("<p>When you walk into a store, you see… <a href='/x'>Read" + " more</a></p>")))
        .isTrue();
    assertThat(Teasers.isExcerpt(p("<p>Der Rat stimmt dem Plan am Montag zu.</p>"))).isFalse();
  }

  @Test
  void aRelatedBoxOfExcerptsInsideTheArticleGoes() {
    StringBuilder related =
        new StringBuilder("<aside class='related-posts'><h3>Ähnliche Artikel</h3>");
    for (int i = 1; i <= 3; i++) {
      related
          .append("<div class='item'><h4><a href='/artikel-")
          .append(i)
          .append("'>Ein anderer Artikel Nummer ")
          .append(i)
          .append(
              "</a></h4><p>Die Stadt hat im vergangenen Jahr mehr Geld für Schulen ausgegeben als")
          .append(" je zuvor, und die Opposition fragt, woher das Geld für die kommenden Jahre")
          .append(" kommen soll…</p></div>");
    }
    related.append("</aside>");
    String html =
        "<body><article><h1>Bibliothek öffnet sonntags</h1><div class='entry-content'><p>"
            + String.join("</p><p>", BODY)
            + "</p>"
            + related
            + "</div></article></body>";
    ContentExtractor.Extraction x =
        ContentExtractor.extract(Jsoup.parse(html), List.of("Bibliothek öffnet sonntags"));
    assertThat(x.content()).as(x.diagnosis()).isNotNull();
    assertThat(x.content().text()).contains(BODY).doesNotContain("Opposition", "Nummer");
  }

  private static Element p(String html) {
    return Jsoup.parse(html).selectFirst("p");
  }
}
