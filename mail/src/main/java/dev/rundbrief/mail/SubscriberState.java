package dev.rundbrief.mail;

import dev.rundbrief.core.SingleLine;
import java.util.Locale;

/** Where a subscriber stands; only {@link #ACTIVE} subscribers receive issues. */
public enum SubscriberState {
  /** Signed up, the double opt-in mail is out, not yet confirmed: receives nothing else. */
  PENDING,
  /** Confirmed: receives every issue. */
  ACTIVE,
  /** Unsubscribed: receives nothing until the person subscribes (and confirms) again. */
  UNSUBSCRIBED,
  /** Too many permanent delivery failures: receives nothing until subscribing again. */
  BOUNCED;

  /** The lower-case name used in the database and in CSV files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a label such as {@code active}, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static SubscriberState parse(String label) {
    for (SubscriberState s : values()) {
      if (s.label().equalsIgnoreCase(label.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "state '"
            + SingleLine.shown(label.strip())
            + "' is not one of pending, active, unsubscribed, bounced");
  }
}
