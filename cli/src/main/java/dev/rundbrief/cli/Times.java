package dev.rundbrief.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the command prints a moment for people: in the workspace's zone, with its offset, to the
 * minute ("2026-11-30 07:00 +01:00"), so that no printed time needs a guess at its zone.
 */
final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx", Locale.ROOT);

  private Times() {}

  static String format(Instant instant, ZoneId zone) {
    return FORMAT.format(instant.atZone(zone));
  }
}
