package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final DigestPeriod WEEK =
      new DigestPeriod(
          Instant.parse("2026-11-22T23:00:00Z"), Instant.parse("2026-11-29T23:00:00Z"), BERLIN);
  private static final Instant CREATED = Instant.parse("2026-11-30T06:00:00Z");

  private static Article article(String title) {
    return Article.builder().title(title).build();
  }

  private static Digest digest(int number, String title, List<Section> sections) {
    return new Digest(number, title, WEEK, null, Locale.GERMANY, sections, CREATED);
  }

  @Test
  void listsTheArticlesOfAllSectionsInReadingOrder() {
    Article a = article("Erster Artikel");
    Article b = article("Zweiter Artikel");
    Article c = article("Dritter Artikel");
    Digest digest =
        digest(
            48,
            "Rundbrief KW 48/2026",
            List.of(new Section("Forschung", List.of(a, b)), new Section("Politik", List.of(c))));
    assertThat(digest.articles()).containsExactly(a, b, c);
    assertThat(digest.intro()).isEmpty();
  }

  @Test
  void copiesTheSectionsItIsGiven() {
    List<Section> sections = new ArrayList<>(List.of(new Section("", List.of(article("A")))));
    Digest digest = digest(1, "Rundbrief", sections);
    sections.add(new Section("Später", List.of(article("B"))));
    assertThat(digest.sections()).hasSize(1);
    assertThatThrownBy(() -> digest.sections().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsANumberBelowOneABlankTitleAndNoSections() {
    List<Section> one = List.of(new Section("", List.of(article("A"))));
    assertThatThrownBy(() -> digest(0, "Rundbrief", one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> digest(1, "  ", one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title");
    assertThatThrownBy(() -> digest(1, "Rundbrief", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no sections");
    assertThatThrownBy(() -> new Section("Leer", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Leer");
  }

  @Test
  void aCopyWithAnotherIntroKeepsEverythingElse() {
    Digest digest =
        digest(3, " Rundbrief Nr. 3 ", List.of(new Section(null, List.of(article("A")))));
    Digest withIntro = digest.withIntro("  Liebe Leserinnen und Leser,  ");
    assertThat(withIntro.intro()).isEqualTo("Liebe Leserinnen und Leser,");
    assertThat(withIntro.title()).isEqualTo("Rundbrief Nr. 3");
    assertThat(withIntro.sections()).isEqualTo(digest.sections());
    assertThat(withIntro.sections().get(0).title()).isEmpty();
    assertThat(withIntro.created()).isEqualTo(CREATED);
  }

  @Test
  void periodsIncludeTheirStartAndExcludeTheirEnd() {
    assertThat(WEEK.contains(WEEK.start())).isTrue();
    assertThat(WEEK.contains(WEEK.end().minusNanos(1))).isTrue();
    assertThat(WEEK.contains(WEEK.end())).isFalse();
    assertThat(WEEK.contains(WEEK.start().minusNanos(1))).isFalse();
    assertThat(WEEK.zonedStart().toLocalDateTime()).hasToString("2026-11-23T00:00");
    assertThatThrownBy(() -> new DigestPeriod(WEEK.end(), WEEK.start(), BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not before");
    assertThatThrownBy(() -> new DigestPeriod(WEEK.start(), WEEK.start(), BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
