package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of month names and zone abbreviations that pages and feeds read. */
class DateWordsTest {
  @ParameterizedTest(name = "[{0}]")
  @CsvSource({
    "Januar, 1",
    "Jänner, 1",
    "JAN, 1",
    "März, 3",
    "maerz, 3",
    "Mrz, 3",
    "Mär, 3",
    "May, 5",
    "Mai, 5",
    "Sept, 9",
    "Oktober, 10",
    "okt, 10",
    "Dezember, 12",
    "dec, 12"
  })
  void readsGermanAndEnglishMonthsInAnyCase(String word, int month) {
    assertThat(DateWords.month(word)).hasValue(month);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({"Mo", "Montag", "Brumaire", "''"})
  void namesNoMonthForOtherWords(String word) {
    assertThat(DateWords.month(word)).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({
    "Z, +00:00",
    "utc, +00:00",
    "MEZ, +01:00",
    "mesz, +02:00",
    "CEST, +02:00",
    "MET, +01:00",
    "EST, -05:00",
    "pdt, -07:00",
    "IST, +05:30",
    "JST, +09:00",
    "+0100, +01:00",
    "+01:00, +01:00",
    "-0530, -05:30",
    "-5, -05:00",
    "GMT+1, +01:00",
    "utc-05:30, -05:30",
    "UT +2, +02:00"
  })
  void readsZoneAbbreviationsAndOffsetsInAnyCase(String abbreviation, String offset) {
    assertThat(DateWords.zone(abbreviation)).contains(ZoneOffset.of(offset));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({"XYZ", "Europe/Berlin", "''", "+25", "+0199", "GMT+", "+", "1:00"})
  void knowsNoOtherZones(String abbreviation) {
    assertThat(DateWords.zone(abbreviation)).isEmpty();
  }
}
