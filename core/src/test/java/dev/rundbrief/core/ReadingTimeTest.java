package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingTimeTest {
  private static String words(int n) {
    return "Wort ".repeat(n);
  }

  @Test
  void roundsUpToWholeMinutesAtTwoHundredWordsPerMinute() {
    assertThat(ReadingTime.minutes(words(1))).isEqualTo(1);
    assertThat(ReadingTime.minutes(words(200))).isEqualTo(1);
    assertThat(ReadingTime.minutes(words(201))).isEqualTo(2);
    assertThat(ReadingTime.minutes(words(1000))).isEqualTo(5);
    assertThat(ReadingTime.minutes(words(1001))).isEqualTo(6);
  }

  @Test
  void takesZeroMinutesForTextWithoutWords() {
    assertThat(ReadingTime.minutes(null)).isZero();
    assertThat(ReadingTime.minutes("")).isZero();
    assertThat(ReadingTime.minutes(" \n\t ")).isZero();
    assertThat(ReadingTime.minutes("– … !")).isZero();
  }

  @Test
  void countsWordsBetweenAnyKindOfWhitespaceButNotLonePunctuation() {
    assertThat(ReadingTime.words("Grün\u00A0und\tgelb –\nrot, 2024!")).isEqualTo(5);
  }

  @Test
  void countsTheVisibleTextOfHtml() {
    String html =
        "<h1>Titel hier</h1><p>"
            + words(196)
            + "<a href=\"https://ex.org/a/b/c\">Link</a></p><img alt=\"Bild\">"
            + "<script>var a = 1; var b = 2;</script>";

    // 2 + 196 + 1 + 1 = 200 words; the URL and the script do not count.
    assertThat(ReadingTime.ofHtml(html)).isEqualTo(1);
    assertThat(ReadingTime.ofHtml(html + "<p>eins</p>")).isEqualTo(2);
    assertThat(ReadingTime.ofHtml("<p> </p>")).isZero();
  }
}
