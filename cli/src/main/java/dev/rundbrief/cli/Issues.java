package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Cadence;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestBuilder;
import dev.rundbrief.core.DigestOutcome;
import java.time.Clock;
import java.time.Instant;
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

  /** The result of planning the next issue. */
  record Plan(DigestOutcome outcome, Optional<Digest> alreadyBuilt) {
    boolean isNew() {
      return alreadyBuilt.isEmpty() && outcome.hasIssue();
    }
  }

  /**
   * Plans the next issue.
   *
   * @param current for calendar periods: the period that contains now, not the last complete one
   */
  static Plan plan(
      Config config, Stores store, Config.Period period, boolean current, Clock clock) {
    Config.Publication pub = config.publication();
    Locale locale = weekLocale(pub.language());
    List<Digest> issues = store.issues();
    Optional<Digest> latest =
        issues.isEmpty() ? Optional.empty() : Optional.of(issues.get(issues.size() - 1));
    DigestBuilder builder;
    Optional<Cadence> cadence = period.cadence();
    if (cadence.isEmpty()) {
      Instant since = latest.map(d -> d.period().end()).orElse(Instant.EPOCH);
      builder = DigestBuilder.sinceLastIssue(since, pub.timeZone(), locale);
    } else {
      builder = DigestBuilder.of(cadence.get(), pub.timeZone(), locale);
      if (current) {
        builder = builder.containing(clock.instant());
      }
    }
    Config.DigestSettings d = config.digest();
    builder =
        builder
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
    if (cadence.isPresent()) {
      var window = builder.period(clock);
      Optional<Digest> same =
          issues.stream().filter(i -> i.period().start().equals(window.start())).findFirst();
      if (same.isPresent()) {
        return new Plan(
            builder.build(List.of(), latest.map(Digest::number).orElse(0) + 1, clock), same);
      }
    }
    // An article goes out once: whatever an earlier issue carried is not offered again.
    Set<ArticleId> published = new HashSet<>();
    issues.forEach(i -> i.articles().forEach(a -> published.add(a.id())));
    List<Article> candidates =
        store.articles().stream().filter(a -> !published.contains(a.id())).toList();
    int number = latest.map(Digest::number).orElse(0) + 1;
    return new Plan(builder.build(candidates, number, clock), Optional.empty());
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
