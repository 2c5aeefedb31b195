package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CadenceTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  private static String local(Instant instant) {
    return instant.atZone(BERLIN).toLocalDateTime().toString();
  }

  @Test
  void germanWeeksStartOnMonday() {
    DigestPeriod week =
        Cadence.WEEKLY.containing(berlin("2026-11-26T12:00"), BERLIN, Locale.GERMANY);
    assertThat(local(week.start())).isEqualTo("2026-11-23T00:00");
    assertThat(local(week.end())).isEqualTo("2026-11-30T00:00");
    assertThat(week.zone()).isEqualTo(BERLIN);
  }

  @Test
  void americanWeeksStartOnSunday() {
    DigestPeriod week = Cadence.WEEKLY.containing(berlin("2026-11-26T12:00"), BERLIN, Locale.US);
    assertThat(local(week.start())).isEqualTo("2026-11-22T00:00");
    assertThat(local(week.end())).isEqualTo("2026-11-29T00:00");
  }

  @Test
  void theLastCompleteWeekAtTheFirstInstantOfAWeekIsTheOneJustEnded() {
    DigestPeriod atMidnight =
        Cadence.WEEKLY.lastCompleteBefore(berlin("2026-11-30T00:00"), BERLIN, Locale.GERMANY);
    DigestPeriod atBreakfast =
        Cadence.WEEKLY.lastCompleteBefore(berlin("2026-11-30T07:00"), BERLIN, Locale.GERMANY);
    DigestPeriod lateSunday =
        Cadence.WEEKLY.lastCompleteBefore(berlin("2026-11-29T23:59:59"), BERLIN, Locale.GERMANY);
    assertThat(local(atMidnight.start())).isEqualTo("2026-11-23T00:00");
    assertThat(atBreakfast).isEqualTo(atMidnight);
    assertThat(local(lateSunday.start())).isEqualTo("2026-11-16T00:00");
    assertThat(lateSunday.end()).isEqualTo(atMidnight.start());
  }

  @Test
  void daysFollowTheWallClockAcrossDaylightSavingChanges() {
    DigestPeriod springForward =
        Cadence.DAILY.containing(berlin("2026-03-29T12:00"), BERLIN, Locale.GERMANY);
    DigestPeriod fallBack =
        Cadence.DAILY.containing(berlin("2026-10-25T12:00"), BERLIN, Locale.GERMANY);
    DigestPeriod weekWithFallBack =
        Cadence.WEEKLY.containing(berlin("2026-10-25T12:00"), BERLIN, Locale.GERMANY);
    assertThat(Duration.between(springForward.start(), springForward.end())).hasHours(23);
    assertThat(Duration.between(fallBack.start(), fallBack.end())).hasHours(25);
    assertThat(Duration.between(weekWithFallBack.start(), weekWithFallBack.end()))
        .isEqualTo(Duration.ofHours(7 * 24 + 1));
    assertThat(fallBack.start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
    assertThat(fallBack.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
  }

  @Test
  void aDayWithoutMidnightStartsAtItsFirstValidInstant() {
    ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
    Instant noon = ZonedDateTime.of(2018, 11, 4, 12, 0, 0, 0, saoPaulo).toInstant();
    DigestPeriod day = Cadence.DAILY.containing(noon, saoPaulo, Locale.ROOT);
    assertThat(day.zonedStart().toLocalDateTime()).hasToString("2018-11-04T01:00");
    assertThat(Duration.between(day.start(), day.end())).hasHours(23);
  }

  @Test
  void monthsUseTheZoneToDecideWhichMonthAnInstantIsIn() {
    // 23:30 UTC on 30 November is already 1 December in Berlin.
    DigestPeriod month =
        Cadence.MONTHLY.containing(Instant.parse("2026-11-30T23:30:00Z"), BERLIN, Locale.GERMANY);
    assertThat(local(month.start())).isEqualTo("2026-12-01T00:00");
    assertThat(local(month.end())).isEqualTo("2027-01-01T00:00");
    DigestPeriod leapFebruary =
        Cadence.MONTHLY.lastCompleteBefore(berlin("2028-03-15T08:00"), BERLIN, Locale.GERMANY);
    assertThat(Duration.between(leapFebruary.start(), leapFebruary.end())).hasDays(29);
  }

  @Test
  void theLastCompleteDayIsYesterday() {
    DigestPeriod day =
        Cadence.DAILY.lastCompleteBefore(berlin("2026-11-30T07:00"), BERLIN, Locale.GERMANY);
    assertThat(local(day.start())).isEqualTo("2026-11-29T00:00");
    assertThat(local(day.end())).isEqualTo("2026-11-30T00:00");
  }
}
