package dev.rundbrief.feed;

import dev.rundbrief.core.DateWords;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates that real feeds contain: RFC 822 (with any weekday or none, English or German
 * month names, 2- or 4-digit years, missing seconds, named zones including {@code MET}/{@code MEST}
 * and the US abbreviations, a comma after the month as in {@code 13 Feb, 2012}), ISO 8601 / RFC
 * 3339 (with or without zone, date only), the W3C-DTF forms {@code YYYY-MM} and {@code YYYY}, and
 * JavaScript's {@code Date.toString()}. A date without a zone is taken as UTC.
 */
final class FeedDates {
  private static final Pattern RFC_822 =
      Pattern.compile(
          "(?:[\\p{L}]+\\.?\\s*,?\\s*)?"
              + "(\\d{1,2})\\.?[\\s-]+([\\p{L}]+)\\.?,?[\\s-]+(\\d{4}|\\d{2})(?!\\d)"
              + "(?:[\\s,T]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:[.,]\\d+)?)?"
              + "\\s*(.*)");
  private static final Pattern ISO_8601 =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");

  /** JavaScript's {@code Date.toString()}: {@code Mon Feb 13 2012 10:00:00 GMT+0100 (CET)}. */
  private static final Pattern JAVASCRIPT =
      Pattern.compile(
          "[\\p{L}]+\\s+([\\p{L}]+)\\s+(\\d{1,2})\\s+(\\d{4})"
              + "\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(.*)");

  /** W3C-DTF reduced forms: {@code YYYY-MM} and {@code YYYY}. */
  private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})(?:-(\\d{2}))?");

  private FeedDates() {}

  /** The instant that {@code raw} names, or empty when it is not a date this class understands. */
  static Optional<Instant> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String text = raw.strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Matcher iso = ISO_8601.matcher(text);
      if (iso.matches()) {
        return Optional.of(fromIso(iso));
      }
      Matcher rfc = RFC_822.matcher(text);
      if (rfc.matches()) {
        return fromRfc822(rfc);
      }
      Matcher js = JAVASCRIPT.matcher(text);
      if (js.matches()) {
        return fromJavaScript(js);
      }
      Matcher reduced = YEAR_MONTH.matcher(text);
      if (reduced.matches()) {
        int month = reduced.group(2) == null ? 1 : Integer.parseInt(reduced.group(2));
        return Optional.of(
            LocalDate.of(Integer.parseInt(reduced.group(1)), month, 1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC));
      }
    } catch (DateTimeException e) {
      // An impossible date such as 31 Feb is as unreadable as a malformed one.
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The name of the form {@code raw} was probably meant to have, for warnings. */
  static String expectedForm(String raw) {
    return raw != null && raw.strip().matches("\\d{4}-.*") ? "an ISO 8601 date" : "an RFC 822 date";
  }

  private static Instant fromIso(Matcher m) {
    LocalDate date =
        LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
    LocalTime time = LocalTime.MIDNIGHT;
    if (m.group(4) != null) {
      int nanos = 0;
      if (m.group(7) != null) {
        nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
      }
      time =
          LocalTime.of(
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              nanos);
    }
    ZoneOffset offset = ZoneOffset.UTC;
    String zone = m.group(8);
    if (zone != null && !zone.equalsIgnoreCase("Z")) {
      offset = DateWords.zone(zone).orElseThrow(() -> new DateTimeException("bad offset " + zone));
    }
    return LocalDateTime.of(date, time).toInstant(offset);
  }

  private static Optional<Instant> fromRfc822(Matcher m) {
    OptionalInt month = DateWords.month(m.group(2));
    if (month.isEmpty()) {
      return Optional.empty();
    }
    int year = Integer.parseInt(m.group(3));
    if (m.group(3).length() == 2) {
      // RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999.
      year += year < 50 ? 2000 : 1900;
    }
    LocalDate date = LocalDate.of(year, month.getAsInt(), Integer.parseInt(m.group(1)));
    LocalTime time =
        m.group(4) == null
            ? LocalTime.MIDNIGHT
            : LocalTime.of(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
    String zone = m.group(7).replaceAll("\\(.*\\)", "").strip();
    Optional<ZoneOffset> offset =
        zone.isEmpty() ? Optional.of(ZoneOffset.UTC) : DateWords.zone(zone);
    return offset.map(o -> LocalDateTime.of(date, time).toInstant(o));
  }

  private static Optional<Instant> fromJavaScript(Matcher m) {
    OptionalInt month = DateWords.month(m.group(1));
    if (month.isEmpty()) {
      return Optional.empty();
    }
    LocalDate date =
        LocalDate.of(Integer.parseInt(m.group(3)), month.getAsInt(), Integer.parseInt(m.group(2)));
    LocalTime time =
        LocalTime.of(
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
    String zone = m.group(7).replaceAll("\\(.*\\)", "").strip();
    Optional<ZoneOffset> offset =
        zone.isEmpty() ? Optional.of(ZoneOffset.UTC) : DateWords.zone(zone);
    return offset.map(o -> LocalDateTime.of(date, time).toInstant(o));
  }
}
