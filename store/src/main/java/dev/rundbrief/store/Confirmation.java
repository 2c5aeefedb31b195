package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

/**
 * What a confirmation token does, from {@link SubscriberStore#confirm(String, String)} or {@link
 * SubscriberStore#checkConfirmation}.
 *
 * @param outcome what the token did or would do
 * @param subscriberId the subscriber the token belongs to, for logs; 0 for {@link Outcome#INVALID}
 */
public record Confirmation(Outcome outcome, long subscriberId) {
  /** What a confirmation token does. */
  public enum Outcome {
    /** A pending sign-up's current link: confirming would activate it (check only). */
    VALID,
    /** The sign-up was activated just now. */
    CONFIRMED,
    /** The link was used before; nothing changed. */
    ALREADY_CONFIRMED,
    /** The link is the current one of a pending sign-up but too old; nothing changed. */
    EXPIRED,
    /**
     * Not a current confirmation link: forged, of an earlier sign-up, of an address that left, or
     * an unsubscribe token. Nothing changed.
     */
    INVALID;
  }

  /** Validates the parts. */
  public Confirmation {
    requireNonNull(outcome, "outcome");
  }
}
