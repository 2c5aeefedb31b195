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
 * Parses the dates that web pages declare in meta tags, JSON-LD and {@code <time>} elements.
 *
 * <p>Accepted: ISO 8601 / RFC 3339 with {@code Z}, {@code +02:00} or {@code +0200}, with a space
 * instead of {@code T}, with or without seconds and fractions; a bare date ({@code 2024-05-03},
 * {@code 03.05.2024}); RFC 1123 ({@code Fri, 03 May 2024 10:15:00 GMT}). A date or date-time
 * without a zone is read as UTC, because a page gives no better hint and an id derived from it must
 * not depend on the machine's zone.
 */
final class PageDates {
  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
  private static final Pattern GERMAN_DATE =
      Pattern.compile(
          "(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:,?\\s+(\\d{1,2}):(\\d{2})(?:\\s*Uhr)?)?");
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

  /** The instant a page's date string stands for; empty when the format is not recognized. */
  static Optional<Instant> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String s = raw.strip();
    for (Parser p : PARSERS) {
      try {
        return Optional.of(p.parse(s));
      } catch (DateTimeException | IllegalArgumentException e) {
        // try the next format
      }
    }
    return Optional.empty();
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
          PageDates::german);

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

  private static Instant german(String s) {
    Matcher m = GERMAN_DATE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a German date");
    }
    LocalDate day =
        LocalDate.of(
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(1)));
    if (m.group(4) == null) {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)))
        .toInstant(ZoneOffset.UTC);
  }
}
