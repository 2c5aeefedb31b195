package dev.rundbrief.mail.delivery;

import java.util.Locale;

/** Where one recipient of one issue stands in the {@link Journal}. */
public enum DeliveryState {
  /** On the list for this issue, not yet accepted by the server: a restart sends it. */
  QUEUED,
  /** Accepted by the SMTP server (or written to the outbox): never sent again for this issue. */
  SENT,
  /** Temporary failures until the retry limit: a resumed send tries again. */
  DEFERRED,
  /** A permanent (5xx) failure: not tried again for this issue. */
  FAILED;

  /** The lower-case name used in the journal's database and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a label such as {@code sent}, ignoring case.
   *
   * @throws IllegalArgumentException if it names no state
   */
  public static DeliveryState parse(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
