package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The time window an issue covers: from {@code start} (inclusive) to {@code end} (exclusive), in
 * the zone the publication lives in.
 */
public record DigestPeriod(Instant start, Instant end, ZoneId zone) {
  /** Validates that the window is not empty. */
  public DigestPeriod {
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    requireNonNull(zone, "zone");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("period start " + start + " is not before end " + end);
    }
  }

  /** Whether the instant lies inside the window. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /** The start in the period's zone. */
  public ZonedDateTime zonedStart() {
    return start.atZone(zone);
  }

  /** The end in the period's zone. */
  public ZonedDateTime zonedEnd() {
    return end.atZone(zone);
  }
}
