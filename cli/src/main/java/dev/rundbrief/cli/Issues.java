package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Cadence;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestBuilder;
import dev.rundbrief.core.DigestOutcome;
import dev.rundbrief.core.DigestPeriod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides and builds the next issue from the stored articles and the configuration: shared by
 * {@code digest build}, {@code run} and {@code demo}.
 */
final class Issues {
  private Issues() {}

  /** What planning found. */
  enum Status {
    /** An issue with articles: stored unless it was a dry run. */
    NEW,
    /** Nothing is waiting for an issue: every stored article is in one or left out by a rule. */
    NOTHING_NEW,
    /** The period asked for ended before the latest issue did: that issue covers it. */
    ALREADY_BUILT,
    /**
     * The clock is at or before the end of the latest issue (set back, or that issue's end stored
     * wrong): nothing is built until it has passed; nothing waiting is lost.
     */
    CLOCK_BEHIND
  }

  /**
   * The result of planning the next issue.
   *
   * @param outcome the builder's outcome for {@link Status#NEW} and {@link Status#NOTHING_NEW}
   *     (then it says what was left out and why); empty otherwise
   * @param latest the newest issue stored before this plan
   * @param latestEnd where the latest issue's articles end: its period's end, or the moment it was
   *     built when that came first (an issue built early ends there)
   * @param carried how many stored articles earlier issues carried
   * @param waiting how many stored articles no issue carries yet
   */
  record Plan(
      Status status,
      Optional<DigestOutcome> outcome,
      Optional<Digest> latest,
      Optional<Instant> latestEnd,
      int carried,
      int waiting,
      Instant now) {
    boolean isNew() {
      return status == Status.NEW;
    }

    /** The issue the plan built or would build. */
    Optional<Digest> digest() {
      return outcome.flatMap(DigestOutcome::digest);
    }
  }

  /**
   * Plans the next issue. Every stored article that no earlier issue carries is a candidate,
   * whatever its date: an article goes into the first issue built after it was imported, and its
   * date only orders it (docs/digests.md). The period names the issue: it starts where the latest
   * issue ended (or at the start of the calendar period, if that is later) and ends at the end of
   * the calendar period, or now for {@code --current} and since-last. No stored state and no clock
   * position makes this throw.
   *
   * @param current for calendar periods: the period that contains now, ending now, not the last
   *     complete one
   */
  static Plan plan(
      Config config, Stores store, Config.Period period, boolean current, Clock clock) {
    Config.Publication pub = config.publication();
    ZoneId zone = pub.timeZone();
    Locale locale = weekLocale(pub.language());
    Instant now = clock.instant();
    List<Digest> issues = store.issues();
    Optional<Digest> latest =
        issues.isEmpty() ? Optional.empty() : Optional.of(issues.get(issues.size() - 1));
    Optional<Instant> latestEnd = latest.map(Issues::end);

    // An article goes out once: whatever an earlier issue carried is not offered again.
    Set<ArticleId> published = new HashSet<>();
    issues.forEach(i -> i.articles().forEach(a -> published.add(a.id())));
    List<Article> stored = store.articles();
    List<Article> candidates = stored.stream().filter(a -> !published.contains(a.id())).toList();
    int carried = stored.size() - candidates.size();

    Optional<Cadence> cadence = period.cadence();
    Instant start;
    Instant end;
    if (cadence.isEmpty()) {
      start = latestEnd.orElse(Instant.EPOCH);
      end = now;
    } else {
      DigestPeriod window =
          current
              ? cadence.get().containing(now, zone, locale)
              : cadence.get().lastCompleteBefore(now, zone, locale);
      start = latestEnd.filter(e -> e.isAfter(window.start())).orElse(window.start());
      end = current ? now : window.end();
    }
    if (!end.isAfter(start)) {
      Status blocked;
      if (latestEnd.isEmpty()) {
        blocked = Status.NOTHING_NEW;
      } else if (cadence.isPresent() && !current) {
        blocked = Status.ALREADY_BUILT;
      } else if (now.isBefore(latestEnd.get())) {
        blocked = Status.CLOCK_BEHIND;
      } else {
        blocked = Status.NOTHING_NEW;
      }
      return new Plan(
          blocked, Optional.empty(), latest, latestEnd, carried, candidates.size(), now);
    }
    Config.DigestSettings d = config.digest();
    DigestPeriod covered = new DigestPeriod(start, end, zone);
    DigestBuilder builder =
        cadence
            .map(c -> DigestBuilder.of(c, zone, locale).covering(covered))
            .orElseGet(() -> DigestBuilder.custom(covered, locale))
            .filterByPeriod(false)
            .name(pub.title())
            .includeTags(d.includeTags())
            .excludeTags(d.excludeTags())
            .maxPerSection(d.maxPerSection())
            .maxTotal(d.maxTotal());
    builder =
        switch (d.sections()) {
          case BY_TAG -> builder.sectionsByTag(d.sectionOrder());
          case BY_SOURCE -> builder.sectionsBySource(d.sectionOrder());
          case SINGLE -> builder.singleSection();
        };
    if (d.title().isPresent()) {
      builder = builder.title(d.title().get());
    }
    int number = latest.map(Digest::number).orElse(0) + 1;
    DigestOutcome outcome = builder.build(candidates, number, clock);
    return new Plan(
        outcome.hasIssue() ? Status.NEW : Status.NOTHING_NEW,
        Optional.of(outcome),
        latest,
        latestEnd,
        carried,
        candidates.size(),
        now);
  }

  /**
   * Where an issue's articles end: its period's end, or the moment it was built if that came first.
   * An issue built early ({@code --current}, or by a release that stored the calendar period's end
   * for it) holds nothing imported after it was built, so the next issue starts there.
   */
  static Instant end(Digest issue) {
    Instant end = issue.period().end();
    return issue.created().isBefore(end) ? issue.created() : end;
  }

  /**
   * The locale that defines weeks: a language without a region gets a European region (Monday
   * first), since Rundbrief's publishers are European; {@code en-US} in the configuration keeps
   * Sunday.
   */
  static Locale weekLocale(Locale language) {
    if (!language.getCountry().isEmpty()) {
      return language;
    }
    return switch (language.getLanguage()) {
      case "de" -> Locale.GERMANY;
      case "en" -> Locale.UK;
      default ->
          new Locale(language.getLanguage(), language.getLanguage().toUpperCase(Locale.ROOT));
    };
  }
}
