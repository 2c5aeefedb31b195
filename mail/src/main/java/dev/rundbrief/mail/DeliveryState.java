package dev.rundbrief.mail;

import java.util.Locale;

/** Where one recipient of one issue stands in the {@link DeliveryJournal}. */
public enum DeliveryState {
  /** On the list for this issue, not yet accepted by the server: a restart sends it. */
  QUEUED,
  /** Accepted by the SMTP server (or written to the outbox): never sent again for this issue. */
  SENT,
  /** Temporary failures until the retry limit: a resumed send tries again. */
  DEFERRED,
  /** A permanent (5xx) failure: not tried again for this issue. */
  FAILED;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DeliveryState parse(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
