package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The one rule for whether a publication date read from outside (a feed item, a page's metadata,
 * front matter) is a real date or a placeholder.
 *
 * <p>Feeds and pages in the wild carry placeholders such as {@code 0001-01-01}, the Unix epoch or
 * {@code 2999-12-31}, and dates in the far future from broken clocks. An article stored with such a
 * date never appears in a digest (or always does) and can break writers whose formats cannot
 * express the year. Importers treat an implausible date as missing and warn.
 */
public final class PublicationDates {
  /** The earliest plausible publication date: 1991-01-01, the year the web began. */
  public static final Instant EARLIEST = Instant.parse("1991-01-01T00:00:00Z");

  /**
   * How far after "now" a date may lie and still count: time-zone mistakes and embargoed items put
   * dates up to a day or two ahead.
   */
  public static final Duration FUTURE_TOLERANCE = Duration.ofDays(2);

  private PublicationDates() {}

  /**
   * Whether {@code date} can be a real publication date seen at {@code now}: not before {@link
   * #EARLIEST} and not more than {@link #FUTURE_TOLERANCE} after {@code now}.
   */
  public static boolean isPlausible(Instant date, Instant now) {
    requireNonNull(date, "date");
    requireNonNull(now, "now");
    return !date.isBefore(EARLIEST) && !date.isAfter(now.plus(FUTURE_TOLERANCE));
  }
}
