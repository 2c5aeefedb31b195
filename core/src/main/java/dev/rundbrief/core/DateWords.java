package dev.rundbrief.core;

import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The month names and time-zone abbreviations that dates in German and English text use, for the
 * date readers of web pages and of feeds: one table, so that both read the same words.
 */
public final class DateWords {
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("januar", 1),
          Map.entry("january", 1),
          Map.entry("jän", 1),
          Map.entry("jänner", 1),
          Map.entry("feb", 2),
          Map.entry("februar", 2),
          Map.entry("february", 2),
          Map.entry("maerz", 3),
          Map.entry("mar", 3),
          Map.entry("march", 3),
          Map.entry("mrz", 3),
          Map.entry("mär", 3),
          Map.entry("märz", 3),
          Map.entry("apr", 4),
          Map.entry("april", 4),
          Map.entry("mai", 5),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("june", 6),
          Map.entry("juni", 6),
          Map.entry("jul", 7),
          Map.entry("juli", 7),
          Map.entry("july", 7),
          Map.entry("aug", 8),
          Map.entry("august", 8),
          Map.entry("sep", 9),
          Map.entry("sept", 9),
          Map.entry("september", 9),
          Map.entry("oct", 10),
          Map.entry("october", 10),
          Map.entry("okt", 10),
          Map.entry("oktober", 10),
          Map.entry("nov", 11),
          Map.entry("november", 11),
          Map.entry("dec", 12),
          Map.entry("december", 12),
          Map.entry("dez", 12),
          Map.entry("dezember", 12));

  /**
   * Zone abbreviations. Ambiguous ones take the reading of the feeds and pages that use them:
   * {@code IST} is India's (+05:30), {@code BST} British summer time.
   */
  private static final Map<String, ZoneOffset> ZONES =
      Map.ofEntries(
          Map.entry("adt", ZoneOffset.ofHours(-3)),
          Map.entry("akdt", ZoneOffset.ofHours(-8)),
          Map.entry("akst", ZoneOffset.ofHours(-9)),
          Map.entry("ast", ZoneOffset.ofHours(-4)),
          Map.entry("at", ZoneOffset.ofHours(-4)),
          Map.entry("bst", ZoneOffset.ofHours(1)),
          Map.entry("cdt", ZoneOffset.ofHours(-5)),
          Map.entry("cest", ZoneOffset.ofHours(2)),
          Map.entry("cet", ZoneOffset.ofHours(1)),
          Map.entry("cst", ZoneOffset.ofHours(-6)),
          Map.entry("ct", ZoneOffset.ofHours(-6)),
          Map.entry("edt", ZoneOffset.ofHours(-4)),
          Map.entry("eest", ZoneOffset.ofHours(3)),
          Map.entry("eet", ZoneOffset.ofHours(2)),
          Map.entry("est", ZoneOffset.ofHours(-5)),
          Map.entry("et", ZoneOffset.ofHours(-5)),
          Map.entry("gmt", ZoneOffset.ofHours(0)),
          Map.entry("hst", ZoneOffset.ofHours(-10)),
          Map.entry("ist", ZoneOffset.ofHoursMinutes(5, 30)),
          Map.entry("jst", ZoneOffset.ofHours(9)),
          Map.entry("kst", ZoneOffset.ofHours(9)),
          Map.entry("mdt", ZoneOffset.ofHours(-6)),
          Map.entry("mest", ZoneOffset.ofHours(2)),
          Map.entry("mesz", ZoneOffset.ofHours(2)),
          Map.entry("met", ZoneOffset.ofHours(1)),
          Map.entry("mez", ZoneOffset.ofHours(1)),
          Map.entry("mst", ZoneOffset.ofHours(-7)),
          Map.entry("mt", ZoneOffset.ofHours(-7)),
          Map.entry("oesz", ZoneOffset.ofHours(3)),
          Map.entry("oez", ZoneOffset.ofHours(2)),
          Map.entry("pdt", ZoneOffset.ofHours(-7)),
          Map.entry("pst", ZoneOffset.ofHours(-8)),
          Map.entry("pt", ZoneOffset.ofHours(-8)),
          Map.entry("ut", ZoneOffset.ofHours(0)),
          Map.entry("utc", ZoneOffset.ofHours(0)),
          Map.entry("west", ZoneOffset.ofHours(1)),
          Map.entry("wet", ZoneOffset.ofHours(0)),
          Map.entry("wez", ZoneOffset.ofHours(0)),
          Map.entry("z", ZoneOffset.ofHours(0)));

  /** A numeric offset, with the name of the zone it is counted from, if any. */
  private static final Pattern OFFSET =
      Pattern.compile("(?i)(?:GMT|UTC|UT)?\\s*([+-])(\\d{1,2}):?(\\d{2})?");

  private DateWords() {}

  /**
   * The month (1 to 12) that a German or English month name or abbreviation names, in any case
   * ({@code März}, {@code maerz}, {@code Mrz}, {@code Sept}); empty when it names none.
   */
  public static OptionalInt month(String word) {
    Integer m = MONTHS.get(word.toLowerCase(Locale.ROOT));
    return m == null ? OptionalInt.empty() : OptionalInt.of(m);
  }

  /**
   * The offset that a zone is written as: an abbreviation ({@code MEZ}, {@code CEST}, {@code EST},
   * {@code Z}) or a numeric offset ({@code +0100}, {@code +01:00}, {@code -5}, {@code GMT+1},
   * {@code UTC-05:30}), in any case; empty when it is neither, or out of range.
   */
  public static Optional<ZoneOffset> zone(String written) {
    ZoneOffset named = ZONES.get(written.toLowerCase(Locale.ROOT));
    if (named != null) {
      return Optional.of(named);
    }
    Matcher m = OFFSET.matcher(written);
    if (!m.matches()) {
      return Optional.empty();
    }
    int sign = m.group(1).equals("-") ? -1 : 1;
    int hours = Integer.parseInt(m.group(2));
    int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    try {
      return Optional.of(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
