package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.WeekFields;
import java.util.Locale;

/**
 * How often a newsletter appears: the calendar unit that one issue covers.
 *
 * <p>Periods are calendar days, weeks or months in a given zone, so they follow the wall clock: a
 * day in {@code Europe/Berlin} lasts 23 hours when clocks go forward and 25 hours when they go
 * back. A period starts at the first instant of its first day (usually midnight) and ends,
 * exclusive, at the first instant of the day after its last day. Weeks start on the first day of
 * the week of the given locale ({@link WeekFields#of(Locale)}): Monday for {@code de_DE}, Sunday
 * for {@code en_US}.
 */
public enum Cadence {
  /** One calendar day. */
  DAILY,
  /** One week, starting on the locale's first day of the week. */
  WEEKLY,
  /** One calendar month. */
  MONTHLY;

  /**
   * The period of this cadence that contains the instant.
   *
   * @param locale decides the first day of the week; ignored for daily and monthly periods
   */
  public DigestPeriod containing(Instant instant, ZoneId zone, Locale locale) {
    requireNonNull(instant, "instant");
    requireNonNull(zone, "zone");
    requireNonNull(locale, "locale");
    LocalDate first = firstDay(instant.atZone(zone).toLocalDate(), locale);
    return between(first, next(first), zone);
  }

  /**
   * The last period of this cadence that ended at or before the instant: the period just before the
   * one that contains it. At the very first instant of a week, this is the week that has just
   * ended.
   *
   * @param locale decides the first day of the week; ignored for daily and monthly periods
   */
  public DigestPeriod lastCompleteBefore(Instant instant, ZoneId zone, Locale locale) {
    requireNonNull(instant, "instant");
    requireNonNull(zone, "zone");
    requireNonNull(locale, "locale");
    LocalDate firstOfCurrent = firstDay(instant.atZone(zone).toLocalDate(), locale);
    return between(previous(firstOfCurrent), firstOfCurrent, zone);
  }

  private LocalDate firstDay(LocalDate day, Locale locale) {
    return switch (this) {
      case DAILY -> day;
      case WEEKLY ->
          day.with(TemporalAdjusters.previousOrSame(WeekFields.of(locale).getFirstDayOfWeek()));
      case MONTHLY -> day.withDayOfMonth(1);
    };
  }

  private LocalDate next(LocalDate first) {
    return switch (this) {
      case DAILY -> first.plusDays(1);
      case WEEKLY -> first.plusWeeks(1);
      case MONTHLY -> first.plusMonths(1);
    };
  }

  private LocalDate previous(LocalDate first) {
    return switch (this) {
      case DAILY -> first.minusDays(1);
      case WEEKLY -> first.minusWeeks(1);
      case MONTHLY -> first.minusMonths(1);
    };
  }

  private static DigestPeriod between(LocalDate first, LocalDate end, ZoneId zone) {
    // atStartOfDay, not atTime(MIDNIGHT): in zones whose clocks jump at midnight the day then
    // starts at 01:00 instead of failing or landing in the previous day.
    return new DigestPeriod(
        first.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), zone);
  }
}
