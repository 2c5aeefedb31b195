package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticleIdTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @Test
  void sameTitleAndDateGiveTheSameId() {
    assertThat(ArticleId.fromContent("OpenAI eröffnet Büro in Paris", DAY))
        .isEqualTo(
            ArticleId.fromContent("OpenAI eröffnet Büro in Paris", LocalDate.of(2026, 11, 24)));
  }

  @Test
  void anotherDateGivesAnotherId() {
    assertThat(ArticleId.fromContent("OpenAI eröffnet Büro in Paris", DAY))
        .isNotEqualTo(ArticleId.fromContent("OpenAI eröffnet Büro in Paris", DAY.plusDays(1)))
        .isNotEqualTo(ArticleId.fromContent("OpenAI eröffnet Büro in Paris", null));
  }

  @Test
  void foldsCaseUmlautsPunctuationAndSpacing() {
    ArticleId id = ArticleId.fromContent("OpenAI eröffnet Büro in Paris", DAY);
    assertThat(ArticleId.fromContent("  OPENAI eröffnet   büro in Paris!  ", DAY)).isEqualTo(id);
    assertThat(ArticleId.fromContent("OpenAI eröffnet Buro in Paris", DAY)).isEqualTo(id);
    assertThat(ArticleId.fromContent("OpenAI – eröffnet „Büro“ in Paris …", DAY)).isEqualTo(id);
  }

  @Test
  void aChangedWordGivesANewId() {
    assertThat(ArticleId.fromContent("OpenAI eröffnet Büro in Paris", DAY))
        .isNotEqualTo(ArticleId.fromContent("OpenAI eröffnet Büro in Berlin", DAY));
  }

  @Test
  void contentIdsAreUrnsWithAFixedLengthHash() {
    assertThat(ArticleId.fromContent("Ein Titel", DAY).value())
        .matches("urn:rundbrief:article:[0-9a-f]{32}");
  }

  @ParameterizedTest(name = "\"{0}\" folds to \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "Künstliche Intelligenz: Was kommt 2026?|kunstliche intelligenz was kommt 2026",
        "  Ärger   über   Übersetzungen  |arger uber ubersetzungen",
        "KI-Gesetz der EU tritt in Kraft|ki gesetz der eu tritt in kraft",
        "„Wir sind bereit“, sagt die Ministerin.|wir sind bereit sagt die ministerin",
        "Café crème & naïve résumé|cafe creme naive resume",
        "GPT‑5 (Vorschau) – erste Tests|gpt 5 vorschau erste tests",
      })
  void normalizesTitles(String title, String folded) {
    assertThat(ArticleId.normalizeTitle(title)).isEqualTo(folded);
  }

  @Test
  void fromUrlNormalizesTheUrl() {
    ArticleId id = ArticleId.fromUrl(URI.create("https://example.org/ki/paris-buero"));
    assertThat(id.value()).isEqualTo("https://example.org/ki/paris-buero");
    assertThat(
            ArticleId.fromUrl(
                URI.create("http://WWW.example.org/ki/paris-buero/?utm_source=rss#kommentare")))
        .isEqualTo(id);
    assertThat(id.isPermalink()).isTrue();
  }

  @Test
  void guidsAreKeptAsGivenApartFromSurroundingSpace() {
    ArticleId id = ArticleId.of("  tag:example.org,2026:42 ");
    assertThat(id.value()).isEqualTo("tag:example.org,2026:42");
    assertThat(id.isPermalink()).isFalse();
    assertThat(ArticleId.fromContent("Titel", DAY).isPermalink()).isFalse();
  }

  @Test
  void rejectsBlankValuesAndControlCharacters() {
    assertThatThrownBy(() -> ArticleId.of("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> ArticleId.of("abc\ndef"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> ArticleId.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ordersByValue() {
    assertThat(ArticleId.of("a")).isLessThan(ArticleId.of("b"));
    assertThat(ArticleId.of("b").compareTo(ArticleId.of("b"))).isZero();
  }
}
