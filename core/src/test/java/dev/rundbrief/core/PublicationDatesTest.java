package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublicationDatesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void refusesPlaceholdersAndTheFarFuture() {
    assertThat(PublicationDates.isPlausible(Instant.parse("0001-01-01T00:00:00Z"), NOW)).isFalse();
    assertThat(PublicationDates.isPlausible(Instant.EPOCH, NOW)).isFalse();
    assertThat(PublicationDates.isPlausible(Instant.parse("2999-12-31T00:00:00Z"), NOW)).isFalse();
    assertThat(PublicationDates.isPlausible(NOW.plusSeconds(3 * 86_400), NOW)).isFalse();
  }

  @Test
  void acceptsRealDatesAndSmallClockSkew() {
    assertThat(PublicationDates.isPlausible(Instant.parse("1991-01-01T00:00:00Z"), NOW)).isTrue();
    assertThat(PublicationDates.isPlausible(Instant.parse("2019-11-19T19:47:00Z"), NOW)).isTrue();
    assertThat(PublicationDates.isPlausible(NOW.plusSeconds(86_400), NOW)).isTrue();
  }
}
