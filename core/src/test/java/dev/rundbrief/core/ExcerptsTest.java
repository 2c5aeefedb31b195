package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExcerptsTest {
  private static final String TEXT =
      "Die Stadt testet eine neue Ampelschaltung. Radfahrer sollen an fünf Kreuzungen Grün"
          + " haben. Fußgänger warten etwas länger.";

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  @Test
  void returnsTextThatFitsUnchangedApartFromWhitespace() {
    assertThat(Excerpts.of("  Kurz\n und\tgut.  ", 40)).isEqualTo("Kurz und gut.");
    assertThat(Excerpts.of(TEXT, length(TEXT))).isEqualTo(TEXT);
  }

  @Test
  void cutsAtTheLastSentenceEndInTheLastThirdOfTheLimit() {
    String excerpt = Excerpts.of(TEXT, 100);

    assertThat(excerpt)
        .isEqualTo(
            "Die Stadt testet eine neue Ampelschaltung. Radfahrer sollen an fünf Kreuzungen"
                + " Grün haben. …");
    assertThat(length(excerpt)).isLessThanOrEqualTo(100);
  }

  @Test
  void cutsAtAWordWhenNoSentenceEndsInTheLastThird() {
    // The only sentence end (after 42 characters) lies before the last third of 79.
    String excerpt = Excerpts.of(TEXT, 79);

    assertThat(excerpt)
        .isEqualTo("Die Stadt testet eine neue Ampelschaltung. Radfahrer sollen an fünf …");
    assertThat(length(excerpt)).isLessThanOrEqualTo(79);
  }

  @Test
  void neverExceedsTheLimitWithTheEllipsis() {
    // "cccc" would end exactly at the limit, but " …" needs two more.
    String text = "aaaa bbbb cccc";

    assertThat(Excerpts.of(text, 10)).isEqualTo("aaaa …");
    assertThat(Excerpts.of(text, 11)).isEqualTo("aaaa bbbb …");
    assertThat(Excerpts.of(text, 13)).isEqualTo("aaaa bbbb …");
  }

  @Test
  void dropsACommaOrDashBeforeTheEllipsis() {
    assertThat(Excerpts.of("Sie sagte, dass es regnet", 14)).isEqualTo("Sie sagte …");
    assertThat(Excerpts.of("Grün – und dann Rot", 10)).isEqualTo("Grün …");
  }

  @Test
  void cutsInsideAWordOnlyWhenTheFirstWordIsTooLong() {
    assertThat(Excerpts.of("Donaudampfschifffahrt fährt", 8)).isEqualTo("Donauda…");
    assertThat(Excerpts.of("Straße", 1)).isEqualTo("…");
  }

  @Test
  void doesNotTakeOrdinalsOrAbbreviationsForSentenceEnds() {
    // Were "3." a sentence end (it lies in the last third of 22), the cut would come after it.
    assertThat(Excerpts.of("Wir tagen am 3. Mai im Rathaus.", 22))
        .isEqualTo("Wir tagen am 3. Mai …");
    String text = "Die Sitzung ist am 3. Oktober, z. B. im Rathaus bei Dr. Meyer und so weiter.";
    assertThat(Excerpts.of(text, 41)).isEqualTo("Die Sitzung ist am 3. Oktober, z. B. im …");
    assertThat(Excerpts.of(text, 68))
        .isEqualTo("Die Sitzung ist am 3. Oktober, z. B. im Rathaus bei Dr. Meyer und …");
  }

  @Test
  void treatsQuestionMarksAndClosingQuotesAsSentenceEnds() {
    String text = "Sie fragte: „Wann wird es grün?“ Niemand wusste es genau, auch der Rat nicht.";

    assertThat(Excerpts.of(text, 45)).isEqualTo("Sie fragte: „Wann wird es grün?“ …");
  }

  @Test
  void countsCodePointsNotCharsAndNeverSplitsSurrogatePairs() {
    String text = "😀😀😀😀😀😀😀😀😀😀";

    String excerpt = Excerpts.of(text, 5);

    assertThat(excerpt).isEqualTo("😀😀😀😀…");
  }

  @Test
  void composesDecomposedUmlautsBeforeCutting() {
    String decomposed = "Gru\u0308n und Gru\u0308n";

    assertThat(Excerpts.of(decomposed, 100)).isEqualTo("Grün und Grün");
    assertThat(Excerpts.of(decomposed, 4)).isEqualTo("Grü…");
  }

  @Test
  void takesTheProseOfHtml() {
    String html =
        "<h2>Ampeln</h2><p>Die Stadt testet eine <a href=\"https://ex.org/\">neue Schaltung</a>."
            + "</p><figure><img alt=\"Foto\"><figcaption>Kreuzung</figcaption></figure>"
            + "<p>Radfahrer &amp; Fußgänger profitieren, sagt die Stadt.</p>";

    assertThat(Excerpts.fromHtml(html, 200))
        .isEqualTo(
            "Die Stadt testet eine neue Schaltung. Radfahrer & Fußgänger profitieren, sagt die"
                + " Stadt.");
    assertThat(Excerpts.fromHtml(html, 50)).isEqualTo("Die Stadt testet eine neue Schaltung. …");
  }

  @Test
  void givesAnEmptyStringForEmptyInputAndRejectsLimitsBelowOne() {
    assertThat(Excerpts.of(null, 10)).isEmpty();
    assertThat(Excerpts.of(" \n ", 10)).isEmpty();
    assertThat(Excerpts.fromHtml(null, 10)).isEmpty();
    assertThatThrownBy(() -> Excerpts.of("x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChars must be at least 1, was 0");
  }
}
