package dev.rundbrief.store;

import java.util.Locale;

/** What processing one bounce message did (or, in a dry run, would do). */
public enum BounceAction {
  /** The message was processed before: nothing done again. */
  ALREADY_SEEN,
  /** An auto-reply or a message not understood: recorded, nothing else. */
  NONE,
  /** Its VERP token is forged: recorded and reported, no subscriber changed. */
  FORGED,
  /** A bounce without a VERP token while signed bounces are required: reported only. */
  NO_TOKEN,
  /** The subscriber it names is not on the list. */
  NO_SUBSCRIBER,
  /** The subscriber became bounced. */
  BOUNCED,
  /** A soft bounce was counted; the subscriber stays active. */
  SOFT_COUNTED,
  /** The subscriber was unsubscribed after a complaint. */
  UNSUBSCRIBED,
  /** The subscriber was already unsubscribed or bounced: recorded only. */
  ALREADY_INACTIVE;

  /** The label for output and the store: {@code already-seen}, {@code soft-counted} and so on. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
