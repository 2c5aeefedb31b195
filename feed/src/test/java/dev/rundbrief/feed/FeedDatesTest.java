package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedDatesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Mon, 02 Jun 2025 08:15:00 GMT | 2025-06-02T08:15:00Z",
        "Mon, 02 Jun 2025 08:15:00 +0200 | 2025-06-02T06:15:00Z",
        "Mon, 02 Jun 2025 08:15:00 -05:00 | 2025-06-02T13:15:00Z",
        "02 Jun 2025 08:15:00 UT | 2025-06-02T08:15:00Z",
        "Mon, 2 Jun 2025 08:15 EST | 2025-06-02T13:15:00Z",
        "Mon, 02 Jun 2025 08:15:00 EDT | 2025-06-02T12:15:00Z",
        "Mon, 02 Jun 2025 08:15:00 CEST | 2025-06-02T06:15:00Z",
        "Mo, 02 Jun 2025 08:15:00 MESZ | 2025-06-02T06:15:00Z",
        "Di., 03 Dez 2024 10:00:00 MEZ | 2024-12-03T09:00:00Z",
        "Montag, 2. Juni 2025 08:15 MESZ | 2025-06-02T06:15:00Z",
        "Mi, 12 Mär 2025 18:00:00 +0100 | 2025-03-12T17:00:00Z",
        "Tue, 3 Jun 25 9:05 PST | 2025-06-03T17:05:00Z",
        "Tue, 03 Jun 2025 09:05:00 IST | 2025-06-03T03:35:00Z",
        "Sat, 1 Jan 99 00:00:00 GMT | 1999-01-01T00:00:00Z",
        "Mon, 02 Jun 2025 08:15:00 +0200 (CEST) | 2025-06-02T06:15:00Z",
        "Mon, 02 Jun 2025 08:15:00 | 2025-06-02T08:15:00Z",
        "02 June 2025 | 2025-06-02T00:00:00Z",
        "2025-06-02T08:15:00Z | 2025-06-02T08:15:00Z",
        "2025-06-02T08:15:00.123+02:00 | 2025-06-02T06:15:00.123Z",
        "2025-06-02T08:15+0200 | 2025-06-02T06:15:00Z",
        "2025-06-02 08:15:00 | 2025-06-02T08:15:00Z",
        "2025-06-02T08:15:00 | 2025-06-02T08:15:00Z",
        "2025-06-02 | 2025-06-02T00:00:00Z",
        "Mon, 13 Feb 2012 10:00:00 MET | 2012-02-13T09:00:00Z",
        "Mon, 04 Jun 2012 10:00:00 MEST | 2012-06-04T08:00:00Z",
        "Mon Feb 13 2012 10:00:00 GMT+0100 (Central European Standard Time) | 2012-02-13T09:00:00Z",
        "Mon Feb 13 2012 10:00:00 GMT-0500 (EST) | 2012-02-13T15:00:00Z",
        "13 Feb, 2012 | 2012-02-13T00:00:00Z",
        "2012-02 | 2012-02-01T00:00:00Z",
        "2012 | 2012-01-01T00:00:00Z",
        "Mon, 13 Feb 2012 10:00:00 AST | 2012-02-13T14:00:00Z",
        "Mon, 13 Feb 2012 10:00:00 PT | 2012-02-13T18:00:00Z",
        "Mon, 13 Feb 2012 10:00:00 CDT | 2012-02-13T15:00:00Z",
      })
  void parsesTheDateFormsThatRealFeedsUse(String raw, String expected) {
    assertThat(FeedDates.parse(raw)).contains(Instant.parse(expected));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "Mo., 2 Juni",
        "gestern",
        "2025-13-02",
        "Mon, 31 Feb 2025 10:00:00 GMT",
        "Mon, 02 Foo 2025 10:00:00 GMT",
        "Mon, 02 Jun 2025 10:00:00 XYZ",
        ""
      })
  void rejectsWhatIsNotADate(String raw) {
    assertThat(FeedDates.parse(raw)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void namesTheFormADateWasProbablyMeantToHave() {
    assertThat(FeedDates.expectedForm("2025-6-2")).isEqualTo("an ISO 8601 date");
    assertThat(FeedDates.expectedForm("Mo., 2 Juni")).isEqualTo("an RFC 822 date");
  }
}
