package dev.rundbrief.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates that web pages declare in meta tags, JSON-LD, {@code <time>} elements and date
 * lines.
 *
 * <p>Accepted: ISO 8601 / RFC 3339 with {@code Z}, {@code +02:00} or {@code +0200}, with a space
 * instead of {@code T}, with or without seconds and fractions; a bare date ({@code 2024-05-03});
 * RFC 1123 ({@code Fri, 03 May 2024 10:15:00 GMT}); German numeric dates ({@code 19.11.2019, 19:47
 * Uhr}, {@code 19.11.2019 um 19:47}); English and German dates with month names, with an optional
 * weekday, time, AM/PM and zone ({@code November 19, 2019, 07:47 PM EST}, {@code 19 Nov 2019},
 * {@code 3. Mai 2024}, {@code Freitag, 3. Mai 2024, 10:15 Uhr}). Zone abbreviations of the US,
 * Britain and Central Europe are read as their fixed offsets. A date or date-time without a zone is
 * read as UTC, because a page gives no better hint and an id derived from it must not depend on the
 * machine's zone.
 */
final class PageDates {
  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
  private static final String TIME =
      "(?:,?\\s*(?:at|um|-|–|/)?\\s*(\\d{1,2})[:.](\\d{2})(?::(\\d{2}))?\\s*"
          + "(am|pm|a\\.m\\.|p\\.m\\.)?\\s*(?:uhr|h)?\\s*(?:\\(?([a-z]{1,5}|[+-]\\d{2}:?\\d{2}"
          + "|(?:utc|gmt)[+-]\\d{1,2})\\)?)?)?";
  private static final String MONTH = "([a-zäé]{3,9})\\.?";
  private static final String WEEKDAY = "(?:[a-zäö]{2,10}\\.?,?\\s+)?";
  private static final Pattern NUMERIC_GERMAN =
      Pattern.compile("^" + WEEKDAY + "(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})" + TIME + "$");
  private static final Pattern MONTH_FIRST =
      Pattern.compile(
          "^" + WEEKDAY + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})" + TIME + "$");
  private static final Pattern DAY_FIRST =
      Pattern.compile(
          "^"
              + WEEKDAY
              + "(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s+"
              + MONTH
              + ",?\\s+(\\d{4})"
              + TIME
              + "$");
  private static final Pattern LINE_LABEL =
      Pattern.compile(
          "(?iu)^(?:zuletzt aktualisiert|aktualisiert|veröffentlicht|erschienen|stand|datum"
              + "|last updated|updated|published|posted|date)(?:\\s+(?:am|on|at))?\\s*:?\\s*");

  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm[:ss]")
          .optionalStart()
          .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter OFFSET =
      new DateTimeFormatterBuilder().append(LOCAL).appendOffsetId().toFormatter(Locale.ROOT);

  private PageDates() {}

  /**
   * The instant a page's date string stands for; empty when the format is not recognized. A label
   * before the date ("Veröffentlicht am", "Updated:") is skipped, so a date line of the page parses
   * as well as a meta tag.
   */
  static Optional<Instant> parse(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 80 || !hasYear(raw)) {
      return Optional.empty();
    }
    String s = LINE_LABEL.matcher(raw.strip().replaceAll("\\s+", " ")).replaceFirst("");
    for (Parser p : PARSERS) {
      try {
        return Optional.of(p.parse(s));
      } catch (DateTimeException | IllegalArgumentException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }

  /** Every accepted form has a four-digit year; most text has none, and parsing costs. */
  private static boolean hasYear(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = Character.isDigit(s.charAt(i)) ? run + 1 : 0;
      if (run == 4) {
        return true;
      }
    }
    return false;
  }

  private interface Parser {
    Instant parse(String s);
  }

  private static final List<Parser> PARSERS =
      List.of(
          s -> OffsetDateTime.parse(iso(s), OFFSET).toInstant(),
          s -> LocalDateTime.parse(iso(s), LOCAL).toInstant(ZoneOffset.UTC),
          s -> LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant(),
          s -> ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
          s -> written(NUMERIC_GERMAN, s, 1, 2, 3),
          s -> written(MONTH_FIRST, s, 2, 1, 3),
          s -> written(DAY_FIRST, s, 1, 2, 3));

  /** Brings common ISO variants to the strict form: {@code T} separator, offset with a colon. */
  private static String iso(String s) {
    String t =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    t = t.replaceFirst("\\s+(?=[+-]\\d{2}:?\\d{2}$|Z$)", "");
    Matcher m = COMPACT_OFFSET.matcher(t);
    if (t.indexOf('T') > 0 && m.find() && m.start() > t.indexOf('T')) {
      t = t.substring(0, m.start()) + m.group(1) + ":" + m.group(2);
    }
    return t;
  }

  /** A date written out; the groups of day, month and year are given, the time groups follow. */
  private static Instant written(
      Pattern pattern, String s, int dayGroup, int monthGroup, int yearGroup) {
    Matcher m = pattern.matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not this form");
    }
    String monthText = m.group(monthGroup);
    int month =
        Character.isDigit(monthText.charAt(0))
            ? Integer.parseInt(monthText)
            : DateWords.month(monthText)
                .orElseThrow(() -> new IllegalArgumentException("not a month: " + monthText));
    LocalDate day =
        LocalDate.of(
            Integer.parseInt(m.group(yearGroup)), month, Integer.parseInt(m.group(dayGroup)));
    if (m.group(4) == null) {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    int hour = Integer.parseInt(m.group(4));
    String half = m.group(7) == null ? "" : m.group(7).replace(".", "");
    if (!half.isEmpty()) {
      if (hour < 1 || hour > 12) {
        throw new IllegalArgumentException("not a 12-hour time");
      }
      hour = hour % 12 + (half.equals("pm") ? 12 : 0);
    }
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    LocalDateTime local = day.atTime(hour, Integer.parseInt(m.group(5)), second);
    return local.toInstant(zone(m.group(8)));
  }

  private static ZoneOffset zone(String raw) {
    if (raw == null || raw.isEmpty()) {
      return ZoneOffset.UTC;
    }
    return DateWords.zone(raw)
        .orElseThrow(() -> new IllegalArgumentException("unknown zone: " + raw));
  }
}
