package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguagesTest {
  private static final String GERMAN =
      "Die Bibliothek der Stadt hat sich für eine neue Software entschieden, die Bücher und"
          + " Zeitschriften über eine Suchmaske auffindbar macht. Nach Angaben der Leitung ist das"
          + " System seit Montag im Einsatz und wird von den Besuchern gut angenommen.";
  private static final String ENGLISH =
      "The city library has chosen new software that makes books and magazines searchable"
          + " through a single form. According to the staff, the system has been in use since"
          + " Monday and it is popular with the visitors.";

  @Test
  void recognizesGermanText() {
    assertThat(Languages.detect(GERMAN)).contains(Locale.GERMAN);
  }

  @Test
  void recognizesEnglishText() {
    assertThat(Languages.detect(ENGLISH)).contains(Locale.ENGLISH);
  }

  @Test
  void recognizesAGermanTextWithAShortEnglishQuote() {
    String mixed =
        GERMAN + " Ein Besucher sagte: \"It is the best thing they have done.\" " + GERMAN;

    assertThat(Languages.detect(mixed)).contains(Locale.GERMAN);
  }

  @Test
  void doesNotGuessForHalfGermanHalfEnglishText() {
    assertThat(Languages.detect(GERMAN + " " + ENGLISH)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Büro für Äpfel",
        "KI-Update: OpenAI eröffnet Büro in Paris",
        "Breaking: new model released",
        "in an was will so in an was will so in an was will so",
        "La bibliothèque de la ville a choisi un nouveau logiciel pour ses livres et revues."
      })
  void doesNotGuessForShortAmbiguousOrOtherText(String text) {
    assertThat(Languages.detect(text)).isEmpty();
  }

  @Test
  void readsOnlyTheFirstTwoThousandWords() {
    String german = "der ".repeat(2000);
    String english = "the ".repeat(5000);

    assertThat(Languages.detect(german + english)).contains(Locale.GERMAN);
  }

  @Test
  void countsCapitalizedAndUpperCaseWords() {
    assertThat(Languages.detect("ÜBER DIE STADT UND DAS LAND FÜR DEN MARKT IST MIT DEM"))
        .contains(Locale.GERMAN);
  }

  @ParameterizedTest
  @CsvSource({
    "de, de",
    "de-DE, de-DE",
    "de_DE, de-DE",
    "' en-GB ', en-GB",
    "German, de",
    "Deutsch, de",
    "english, en",
    "pt-BR, pt-BR"
  })
  void parsesLanguageTagsAndNames(String tag, String expected) {
    assertThat(Languages.parseTag(tag)).contains(Locale.forLanguageTag(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "francais", "!!", "und", "12"})
  void refusesWhatIsNotALanguage(String tag) {
    assertThat(Languages.parseTag(tag)).isEmpty();
  }

  @Test
  void resolvesDeclaredThenDetectedThenDefault() {
    ImportOptions options = ImportOptions.defaults(Locale.ITALIAN);

    assertThat(Languages.resolve(Optional.of(Locale.FRENCH), ENGLISH, options))
        .isEqualTo(Locale.FRENCH);
    assertThat(Languages.resolve(Optional.empty(), ENGLISH, options)).isEqualTo(Locale.ENGLISH);
    assertThat(Languages.resolve(Optional.empty(), "Kurz.", options)).isEqualTo(Locale.ITALIAN);
  }
}
