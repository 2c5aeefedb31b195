package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NearDuplicateTitlesTest {

  @ParameterizedTest(name = "\"{0}\" ~ \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "OpenAI eröffnet Büro in Paris|OpenAI eröffnet Büro in Paris!",
        "OpenAI eröffnet Büro in Paris|OPENAI ERÖFFNET BÜRO IN PARIS",
        "OpenAI eröffnet Büro in Paris|OpenAI eröffnet Buro in Paris",
        "OpenAI eröffnet Büro in Paris|Paris: OpenAI eröffnet Büro",
        "OpenAI eröffnet Büro in Paris|OpenAI eröffnet ein Büro in Paris",
        "Neue Straße für Rechenzentren|Neue Strasse für Rechenzentren",
        "Bundesregierung legt Strategie für künstliche Intelligenz vor"
            + "|Bundesregierung legt neue Strategie für künstliche Intelligenz vor",
        "EU passes the AI Act|The EU passes AI Act",
        "GPT-5: Erste Tests zeigen Fortschritte|„GPT 5“ – erste Tests zeigen Fortschritte",
      })
  void treatsTheseAsTheSameStory(String a, String b) {
    assertThat(NearDuplicateTitles.similar(a, b)).isTrue();
    assertThat(NearDuplicateTitles.similar(b, a)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" !~ \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "OpenAI eröffnet Büro in Paris|OpenAI eröffnet Büro in München",
        "OpenAI eröffnet Büro in Paris|OpenAI schließt Büro in Paris",
        "OpenAI eröffnet Büro in Paris|OpenAI stellt in Paris ein neues Sprachmodell vor",
        "OpenAI eröffnet Büro in Paris|OpenAI eröffnet neues Büro in Paris",
        "Dax steigt um 2 Prozent nach KI-Zahlen|Dax steigt um 3 Prozent nach KI-Zahlen",
        "Bundestag beschließt KI-Gesetz|Bundesrat stoppt KI-Gesetz",
        "GPT-5 erscheint im Sommer|GPT-6 erscheint im Sommer",
        "Der|Die",
      })
  void keepsTheseApart(String a, String b) {
    assertThat(NearDuplicateTitles.similar(a, b)).isFalse();
    assertThat(NearDuplicateTitles.similar(b, a)).isFalse();
  }

  @Test
  void dropsFunctionWordsAndCollectsNumbers() {
    NearDuplicateTitles.Key key =
        NearDuplicateTitles.key("Die EU investiert 20 Mrd. in KI bis 2030");
    assertThat(key.words())
        .containsExactlyInAnyOrder("eu", "investiert", "20", "mrd", "ki", "bis", "2030");
    assertThat(key.numbers()).containsExactlyInAnyOrder("20", "2030");
    assertThat(key.folded()).isEqualTo("die eu investiert 20 mrd in ki bis 2030");
  }

  @Test
  void measuresJaccardSimilarityOfWordSets() {
    assertThat(NearDuplicateTitles.jaccard(Set.of("a", "b", "c"), Set.of("b", "c", "d")))
        .isEqualTo(0.5);
    assertThat(NearDuplicateTitles.jaccard(Set.of("a"), Set.of("a"))).isEqualTo(1.0);
  }
}
