package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.Omission.Reason;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestBuilderTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** Monday of KW 49, 07:00 in Berlin: the last complete week is KW 48 (23 to 29 November). */
  private static final Instant NOW = berlin("2026-11-30T07:00");

  private static final Clock CLOCK = Clock.fixed(NOW, BERLIN);

  private static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  private static Article.Builder article(String title, String published) {
    Article.Builder b = Article.builder().title(title);
    return published == null ? b : b.published(berlin(published));
  }

  private static DigestBuilder weekly() {
    return DigestBuilder.weekly(BERLIN, Locale.GERMANY);
  }

  private static List<String> titles(DigestOutcome outcome) {
    return outcome.digest().orElseThrow().articles().stream().map(Article::title).toList();
  }

  private static List<String> omitted(DigestOutcome outcome, Reason reason) {
    return outcome.omissions(reason).stream().map(o -> o.article().title()).toList();
  }

  @Test
  void buildsTheLastCompleteWeekBeforeTheClockByDefault() {
    List<Article> articles =
        List.of(
            article("Montag der KW 48", "2026-11-23T00:00").build(),
            article("Sonntagabend der KW 48", "2026-11-29T23:59").build(),
            article("Sonntag der KW 47", "2026-11-22T23:59").build(),
            article("Montagfrüh der KW 49", "2026-11-30T06:00").build());

    DigestOutcome outcome = weekly().build(articles, 48, CLOCK);

    Digest digest = outcome.digest().orElseThrow();
    assertThat(outcome.hasIssue()).isTrue();
    assertThat(titles(outcome)).containsExactly("Sonntagabend der KW 48", "Montag der KW 48");
    assertThat(omitted(outcome, Reason.OUTSIDE_WINDOW))
        .containsExactly("Sonntag der KW 47", "Montagfrüh der KW 49");
    assertThat(digest.number()).isEqualTo(48);
    assertThat(digest.title()).isEqualTo("Rundbrief KW 48/2026");
    assertThat(digest.period().start()).isEqualTo(berlin("2026-11-23T00:00"));
    assertThat(digest.period().end()).isEqualTo(berlin("2026-11-30T00:00"));
    assertThat(digest.period()).isEqualTo(outcome.period());
    assertThat(digest.created()).isEqualTo(NOW);
    assertThat(digest.language()).isEqualTo(Locale.GERMANY);
    assertThat(digest.sections()).hasSize(1);
    assertThat(digest.sections().get(0).title()).isEmpty();
  }

  @Test
  void aPeriodWithNothingNewGivesNoIssueAndReportsWhy() {
    List<Article> articles = List.of(article("Alt", "2026-11-01T10:00").build());

    DigestOutcome outcome = weekly().build(articles, 12, CLOCK);

    assertThat(outcome.hasIssue()).isFalse();
    assertThat(outcome.digest()).isEmpty();
    assertThat(outcome.period().start()).isEqualTo(berlin("2026-11-23T00:00"));
    assertThat(omitted(outcome, Reason.OUTSIDE_WINDOW)).containsExactly("Alt");
    assertThat(weekly().build(List.of(), 12, CLOCK).omissions()).isEmpty();
    assertThat(weekly().build(List.of(), 12, CLOCK).hasIssue()).isFalse();
  }

  @Test
  void titlesFollowCadenceAndLanguage() {
    List<Article> articles =
        List.of(
            article("Ende November", "2026-11-29T10:00").build(),
            article("Silvester", "2026-12-31T10:00").build());
    Clock newYear = Clock.fixed(berlin("2027-01-01T09:00"), BERLIN);

    assertThat(title(weekly(), articles, CLOCK)).isEqualTo("Rundbrief KW 48/2026");
    assertThat(title(DigestBuilder.weekly(BERLIN, Locale.UK), articles, CLOCK))
        .isEqualTo("Rundbrief week 48, 2026");
    assertThat(title(weekly().containing(NOW.plusSeconds(86400 * 31)), articles, newYear))
        .isEqualTo("Rundbrief KW 53/2026");
    assertThat(title(DigestBuilder.daily(BERLIN, Locale.GERMANY), articles, CLOCK))
        .isEqualTo("Rundbrief 29. November 2026");
    assertThat(title(DigestBuilder.monthly(BERLIN, Locale.UK), articles, newYear))
        .isEqualTo("Rundbrief December 2026");
    assertThat(title(weekly().name("KI-Woche"), articles, CLOCK)).isEqualTo("KI-Woche KW 48/2026");
    assertThat(title(weekly().title(" Sonderausgabe "), articles, CLOCK))
        .isEqualTo("Sonderausgabe");
    DigestPeriod november =
        new DigestPeriod(berlin("2026-11-01T00:00"), berlin("2026-12-01T00:00"), BERLIN);
    assertThat(title(DigestBuilder.custom(november, Locale.GERMANY), articles, CLOCK))
        .isEqualTo("Rundbrief Nr. 7");
    assertThat(title(DigestBuilder.custom(november, Locale.ENGLISH), articles, CLOCK))
        .isEqualTo("Rundbrief no. 7");
  }

  private static String title(DigestBuilder builder, List<Article> articles, Clock clock) {
    return builder.build(articles, 7, clock).digest().orElseThrow().title();
  }

  @Test
  void aDayOfTwentyFiveHoursKeepsItsLastHour() {
    // 25 October 2026: clocks go back in Berlin; 23:30 local is 22:30 UTC, 24 hours after midnight.
    Article lateEvening = article("Spätausgabe", "2026-10-25T23:30").build();
    Article nextMorning = article("Frühausgabe", "2026-10-26T00:30").build();

    DigestOutcome outcome =
        DigestBuilder.daily(BERLIN, Locale.GERMANY)
            .containing(berlin("2026-10-25T12:00"))
            .build(List.of(lateEvening, nextMorning), 1, CLOCK);

    assertThat(titles(outcome)).containsExactly("Spätausgabe");
    assertThat(omitted(outcome, Reason.OUTSIDE_WINDOW)).containsExactly("Frühausgabe");
  }

  @Test
  void collectsEverythingSinceThePreviousIssueUpToNow() {
    Instant previousEnd = berlin("2026-11-26T07:00");
    List<Article> articles =
        List.of(
            article("Genau am Ende der letzten Ausgabe", "2026-11-26T07:00").build(),
            article("Kurz davor", "2026-11-26T06:59").build(),
            article("Heute früh", "2026-11-30T06:59").build(),
            article("Genau jetzt", "2026-11-30T07:00").build());

    DigestBuilder builder = DigestBuilder.sinceLastIssue(previousEnd, BERLIN, Locale.GERMANY);
    DigestOutcome outcome = builder.build(articles, 5, CLOCK);

    assertThat(titles(outcome)).containsExactly("Heute früh", "Genau am Ende der letzten Ausgabe");
    assertThat(omitted(outcome, Reason.OUTSIDE_WINDOW))
        .containsExactly("Kurz davor", "Genau jetzt");
    assertThat(outcome.period().start()).isEqualTo(previousEnd);
    assertThat(outcome.period().end()).isEqualTo(NOW);
    assertThat(builder.period(CLOCK)).isEqualTo(outcome.period());
    assertThat(outcome.digest().orElseThrow().title()).isEqualTo("Rundbrief Nr. 5");
    assertThatThrownBy(
            () ->
                DigestBuilder.sinceLastIssue(NOW, BERLIN, Locale.GERMANY).build(articles, 6, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("previous issue ended at " + NOW);
  }

  @Test
  void withoutThePeriodFilterEveryArticleGivenIsInTheIssueOrderedByDate() {
    List<Article> articles =
        List.of(
            article("Nachgereicht aus KW 40", "2026-10-01T09:00").build(),
            article("Aus der KW 48", "2026-11-25T09:00").build(),
            article("Angekündigt für Dezember", "2026-12-10T09:00").build());

    DigestOutcome outcome = weekly().filterByPeriod(false).build(articles, 3, CLOCK);

    assertThat(titles(outcome))
        .containsExactly("Angekündigt für Dezember", "Aus der KW 48", "Nachgereicht aus KW 40");
    assertThat(outcome.omissions()).isEmpty();
    assertThat(outcome.digest().orElseThrow().title()).isEqualTo("Rundbrief KW 48/2026");
    assertThat(omitted(weekly().build(articles, 3, CLOCK), Reason.OUTSIDE_WINDOW))
        .containsExactly("Nachgereicht aus KW 40", "Angekündigt für Dezember");
  }

  @Test
  void aCoveredPeriodKeepsTheCadencesNameAndAnyOtherBuilderCountsIssues() {
    // The rest of KW 48 after an issue built early on Wednesday at 10:00.
    DigestPeriod rest =
        new DigestPeriod(berlin("2026-11-25T10:00"), berlin("2026-11-30T00:00"), BERLIN);
    List<Article> articles = List.of(article("Donnerstag", "2026-11-26T09:00").build());

    DigestOutcome weekly = weekly().covering(rest).build(articles, 7, CLOCK);
    DigestOutcome custom =
        DigestBuilder.sinceLastIssue(berlin("2026-11-01T00:00"), BERLIN, Locale.GERMANY)
            .covering(rest)
            .build(articles, 7, CLOCK);

    assertThat(weekly.period()).isEqualTo(rest);
    assertThat(weekly.digest().orElseThrow().title()).isEqualTo("Rundbrief KW 48/2026");
    assertThat(weekly().covering(rest).period(CLOCK)).isEqualTo(rest);
    assertThat(custom.period()).isEqualTo(rest);
    assertThat(custom.digest().orElseThrow().title()).isEqualTo("Rundbrief Nr. 7");
  }

  @Test
  void filtersByTagsCaseInsensitivelyAndExclusionWins() {
    List<Article> articles =
        List.of(
            article("KI-Artikel", "2026-11-24T10:00").tag("ki").build(),
            article("Gesponserter KI-Artikel", "2026-11-24T11:00")
                .tags(List.of("KI", "werbung"))
                .build(),
            article("Sportartikel", "2026-11-24T12:00").tag("Sport").build(),
            article("Ohne Tags", "2026-11-24T13:00").build());

    DigestOutcome outcome =
        weekly()
            .includeTags(List.of("KI", "Forschung"))
            .excludeTags(List.of("Werbung"))
            .build(articles, 1, CLOCK);

    assertThat(titles(outcome)).containsExactly("KI-Artikel");
    assertThat(outcome.omissions(Reason.EXCLUDED_TAG))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.article().title()).isEqualTo("Gesponserter KI-Artikel");
              assertThat(o.detail()).isEqualTo("werbung");
            });
    assertThat(omitted(outcome, Reason.NOT_INCLUDED_TAG))
        .containsExactly("Sportartikel", "Ohne Tags");
  }

  @Test
  void undatedArticlesComeLastOrAreLeftOutWhenAsked() {
    List<Article> articles =
        List.of(
            article("Ohne Datum", null).build(),
            article("Dienstag", "2026-11-24T10:00").build(),
            article("Freitag", "2026-11-27T10:00").build());

    assertThat(titles(weekly().build(articles, 1, CLOCK)))
        .containsExactly("Freitag", "Dienstag", "Ohne Datum");
    DigestOutcome strict = weekly().includeUndated(false).build(articles, 1, CLOCK);
    assertThat(titles(strict)).containsExactly("Freitag", "Dienstag");
    assertThat(omitted(strict, Reason.UNDATED)).containsExactly("Ohne Datum");
  }

  @Test
  void dropsDuplicatesByIdAndKeepsTheEarliest() {
    URI link = URI.create("https://example.org/ki/paris");
    Article later = article("OpenAI in Paris", "2026-11-25T10:00").link(link).build();
    Article earlier =
        article("OpenAI in Paris (Update)", "2026-11-24T10:00")
            .link(URI.create("http://www.example.org/ki/paris/?utm_source=rss"))
            .build();

    DigestOutcome outcome = weekly().build(List.of(later, earlier), 1, CLOCK);

    assertThat(titles(outcome)).containsExactly("OpenAI in Paris (Update)");
    assertThat(outcome.omissions(Reason.DUPLICATE_ID))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.article()).isSameAs(later);
              assertThat(o.duplicateOf()).containsSame(earlier);
            });
  }

  @Test
  void dropsDuplicatesByCanonicalUrlEvenWithDifferentGuids() {
    Article fromFeed =
        article("Rechenzentrum in Hessen", "2026-11-24T10:00")
            .id(ArticleId.of("tag:feed.example,2026:991"))
            .link(URI.create("https://example.org/rz-hessen?utm_medium=feed&utm_source=rss"))
            .build();
    Article fromPage =
        article("Neues Rechenzentrum für KI in Hessen geplant", "2026-11-24T10:00")
            .link(URI.create("https://www.example.org/rz-hessen/#start"))
            .author(Author.of("Erika Mustermann"))
            .content("<p>Der ganze Text.</p>", null)
            .build();

    DigestOutcome outcome = weekly().build(List.of(fromFeed, fromPage), 1, CLOCK);

    // Equally early, so the more complete one (author and content) wins although given second.
    assertThat(titles(outcome)).containsExactly("Neues Rechenzentrum für KI in Hessen geplant");
    assertThat(outcome.omissions(Reason.DUPLICATE_URL))
        .singleElement()
        .satisfies(o -> assertThat(o.duplicateOf()).containsSame(fromPage));
  }

  @Test
  void dropsNearIdenticalTitlesButKeepsOtherStoriesOnTheSameTopic() {
    List<Article> articles =
        List.of(
            article("OpenAI eröffnet Büro in Paris!", "2026-11-24T12:00")
                .source("Zweitblatt")
                .link(URI.create("https://zweitblatt.example/openai-paris"))
                .build(),
            article("OpenAI eröffnet Büro in Paris", "2026-11-24T09:00")
                .source("Erstblatt")
                .link(URI.create("https://erstblatt.example/2026/11/openai-buero"))
                .build(),
            article("OpenAI eröffnet Büro in München", "2026-11-25T09:00").build(),
            article("OpenAI stellt in Paris ein neues Sprachmodell vor", "2026-11-26T09:00")
                .build());

    DigestOutcome outcome = weekly().build(articles, 1, CLOCK);

    assertThat(titles(outcome))
        .containsExactly(
            "OpenAI stellt in Paris ein neues Sprachmodell vor",
            "OpenAI eröffnet Büro in München",
            "OpenAI eröffnet Büro in Paris");
    Omission duplicate = outcome.omissions(Reason.DUPLICATE_TITLE).get(0);
    assertThat(duplicate.article().source()).isEqualTo("Zweitblatt");
    assertThat(duplicate.duplicateOf().orElseThrow().source()).isEqualTo("Erstblatt");
    assertThat(duplicate.toString())
        .contains(
            "'OpenAI eröffnet Büro in Paris!'",
            "DUPLICATE_TITLE",
            "of 'OpenAI eröffnet Büro in Paris'");
  }

  @ParameterizedTest(name = "\"{0}\" ~ \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "Paris: OpenAI eröffnet Büro|OpenAI eröffnet Büro in Paris",
        "Bundesregierung legt Strategie für künstliche Intelligenz vor"
            + "|Aktuell: Bundesregierung legt Strategie für künstliche Intelligenz vor",
        "Zwanzig neue Rechenzentren für Europa bis 2030 geplant"
            + "|Bis 2030: Zwanzig neue Rechenzentren für Europa geplant",
      })
  void findsNearIdenticalTitlesAmongManyOthers(String original, String copy) {
    List<Article> articles = new ArrayList<>();
    articles.add(
        article(original, "2026-11-24T09:00").link(URI.create("https://a.example/1")).build());
    for (int i = 0; i < 30; i++) {
      articles.add(
          article(
                  "Meldung " + i + " über Bundesregierung, Paris und Rechenzentren",
                  "2026-11-25T09:00")
              .build());
    }
    articles.add(article(copy, "2026-11-24T10:00").link(URI.create("https://b.example/2")).build());

    DigestOutcome outcome = weekly().build(articles, 1, CLOCK);

    assertThat(outcome.omissions())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.reason()).isEqualTo(Reason.DUPLICATE_TITLE);
              assertThat(o.article().title()).isEqualTo(copy);
              assertThat(o.duplicateOf().orElseThrow().title()).isEqualTo(original);
            });
  }

  @Test
  void groupsByTagInTheConfiguredOrderThenAlphabeticallyThenTheRest() {
    List<Article> articles =
        List.of(
            article("Wahlkampf", "2026-11-24T10:00").tags(List.of("wirtschaft", "politik")).build(),
            article("Neues Modell", "2026-11-25T10:00").tag("Forschung").build(),
            article("Börse", "2026-11-26T10:00").tag("Wirtschaft").build(),
            article("Kliniken", "2026-11-26T11:00").tag("Ärzteschaft").build(),
            article("Schulen", "2026-11-26T12:00").tag("Bildung").build(),
            article("Ohne Thema", "2026-11-27T10:00").build(),
            article("Konjunktur", "2026-11-27T11:00").tag("WIRTSCHAFT").build());

    Digest digest =
        weekly()
            .sectionsByTag(List.of("Politik", "Forschung", "Recht"))
            .build(articles, 1, CLOCK)
            .digest()
            .orElseThrow();

    assertThat(digest.sections())
        .extracting(Section::title)
        .containsExactly(
            "Politik", "Forschung", "Ärzteschaft", "Bildung", "Wirtschaft", "Weitere Meldungen");
    assertThat(digest.sections().get(4).articles())
        .extracting(Article::title)
        .containsExactly("Konjunktur", "Börse");
  }

  @Test
  void groupsBySourceAndCanPlaceTheCatchAllSection() {
    List<Article> articles =
        List.of(
            article("A", "2026-11-24T10:00").source("heise online").build(),
            article("B", "2026-11-25T10:00").source("Heise Online").build(),
            article("C", "2026-11-25T11:00").build(),
            article("D", "2026-11-26T10:00").source("netzpolitik.org").build());

    Digest digest =
        DigestBuilder.weekly(BERLIN, Locale.UK)
            .sectionsBySource(List.of("More news", "netzpolitik.org"))
            .build(articles, 1, CLOCK)
            .digest()
            .orElseThrow();

    assertThat(digest.sections())
        .extracting(Section::title)
        .containsExactly("More news", "netzpolitik.org", "heise online");
    // Unlisted sections are spelled as in the first article given.
    assertThat(digest.sections().get(2).articles())
        .extracting(Article::title)
        .containsExactly("B", "A");
  }

  @Test
  void reportsWhatTheLimitsCut() {
    List<Article> articles =
        List.of(
            article("Politik 1", "2026-11-23T10:00").tag("Politik").build(),
            article("Politik 2", "2026-11-24T10:00").tag("Politik").build(),
            article("Politik 3", "2026-11-25T10:00").tag("Politik").build(),
            article("Forschung 1", "2026-11-23T10:00").tag("Forschung").build(),
            article("Forschung 2", "2026-11-24T10:00").tag("Forschung").build(),
            article("Sport 1", "2026-11-24T10:00").tag("Sport").build());

    DigestOutcome outcome =
        weekly()
            .sectionsByTag(List.of("Politik", "Forschung", "Sport"))
            .maxPerSection(2)
            .maxTotal(3)
            .build(articles, 1, CLOCK);

    assertThat(titles(outcome)).containsExactly("Politik 3", "Politik 2", "Forschung 2");
    assertThat(outcome.digest().orElseThrow().sections())
        .extracting(Section::title)
        .containsExactly("Politik", "Forschung");
    assertThat(outcome.omissions(Reason.OVER_SECTION_LIMIT))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.article().title()).isEqualTo("Politik 1");
              assertThat(o.detail()).isEqualTo("section Politik");
            });
    assertThat(omitted(outcome, Reason.OVER_TOTAL_LIMIT)).containsExactly("Forschung 1", "Sport 1");
  }

  @Test
  void accountsForEveryArticleExactlyOnce() {
    List<Article> articles = new ArrayList<>();
    String[] topics = {"KI", "Politik", "Werbung", "Forschung"};
    for (int i = 0; i < 60; i++) {
      Article.Builder b =
          article(
                  "Meldung Nummer " + (i % 45),
                  "2026-11-" + (20 + i % 10) + "T1" + (i % 10) + ":00")
              .tag(topics[i % topics.length]);
      if (i % 7 == 0) {
        b.link(URI.create("https://example.org/meldung/" + (i % 3)));
      }
      articles.add(b.build());
    }

    DigestOutcome outcome =
        weekly()
            .excludeTags(List.of("werbung"))
            .sectionsByTag(List.of("KI"))
            .maxPerSection(4)
            .maxTotal(10)
            .build(articles, 1, CLOCK);

    List<Article> shown = outcome.digest().orElseThrow().articles();
    Set<Integer> seen = new HashSet<>();
    for (Article a : shown) {
      assertThat(seen.add(System.identityHashCode(a))).isTrue();
    }
    for (Omission o : outcome.omissions()) {
      assertThat(seen.add(System.identityHashCode(o.article()))).isTrue();
    }
    assertThat(seen).hasSize(articles.size());
    assertThat(shown).hasSize(10);
    assertThat(outcome.omissions()).extracting(Omission::reason).isSorted();
  }

  @Test
  void configurationMethodsReturnNewBuildersAndLeaveTheOriginalAlone() {
    List<Article> articles =
        List.of(
            article("Eins", "2026-11-24T10:00").build(),
            article("Zwei", "2026-11-25T10:00").build());
    DigestBuilder base = weekly();
    DigestBuilder limited = base.maxTotal(1).intro("Hallo");

    assertThat(limited).isNotSameAs(base);
    assertThat(titles(base.build(articles, 1, CLOCK))).hasSize(2);
    assertThat(titles(limited.build(articles, 1, CLOCK))).containsExactly("Zwei");
    assertThat(limited.build(articles, 1, CLOCK).digest().orElseThrow().intro()).isEqualTo("Hallo");
  }

  @Test
  void refusesATitleOrNameWithALineBreakWhereItEntersNotAtSend() {
    assertThatThrownBy(() -> weekly().title("KI-Woche\r\nBcc: x@example.net"))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageStartingWith("digest title contains a line break (U+000D");
    assertThatThrownBy(() -> weekly().title("KI-Woche\u2028Nr. 1"))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageStartingWith("digest title contains a line break (U+2028");
    assertThatThrownBy(() -> weekly().name("KI\u0085Woche"))
        .isInstanceOf(InvalidTextException.class)
        .hasMessageStartingWith("newsletter name contains");
  }

  @Test
  void rejectsNonsensicalSettings() {
    assertThatThrownBy(() -> weekly().maxPerSection(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPerSection");
    assertThatThrownBy(() -> weekly().maxTotal(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTotal");
    assertThatThrownBy(() -> weekly().title(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> weekly().build(List.of(), 0, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issue number");
    DigestPeriod period = new DigestPeriod(NOW.minusSeconds(60), NOW, BERLIN);
    assertThatThrownBy(() -> DigestBuilder.custom(period, Locale.GERMANY).containing(NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("containing");
  }
}
