package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

/**
 * The result of processing one bounce message.
 *
 * @param action what was done
 * @param subscriberId the subscriber concerned, 0 when none
 * @param address the subscriber's address, empty when none
 * @param detail why, one line
 */
public record BounceOutcome(BounceAction action, long subscriberId, String address, String detail) {
  /** Validates the parts. */
  public BounceOutcome {
    requireNonNull(action, "action");
    address = address == null ? "" : address;
    detail = detail == null ? "" : detail;
  }

  /** Whether a subscriber's state changed (bounced or unsubscribed). */
  public boolean changedSubscriber() {
    return action == BounceAction.BOUNCED || action == BounceAction.UNSUBSCRIBED;
  }
}
