package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.Subscriber;
import java.util.Optional;

/**
 * What {@link SubscriberStore#signUp} did with one sign-up.
 *
 * @param outcome what happened
 * @param subscriber the subscriber after the sign-up; empty only when the mail limit stopped the
 *     sign-up of an address that is not on the list
 * @param confirmationToken the new single-use confirmation token for the confirmation link, empty
 *     unless the outcome is {@link Outcome#CONFIRMATION_ISSUED}; it is not stored anywhere, only
 *     its hash
 */
public record SignUp(Outcome outcome, Optional<Subscriber> subscriber, String confirmationToken) {
  /** What a sign-up did. */
  public enum Outcome {
    /** The address is pending with a new consent record and a new confirmation link. */
    CONFIRMATION_ISSUED,
    /** The address was already an active subscriber; nothing changed and no mail is due. */
    ALREADY_ACTIVE,
    /** The address had its confirmation mails for the window; nothing changed. */
    MAIL_LIMIT_REACHED;
  }

  /** Validates the parts. */
  public SignUp {
    requireNonNull(outcome, "outcome");
    requireNonNull(subscriber, "subscriber");
    requireNonNull(confirmationToken, "confirmationToken");
    if ((outcome == Outcome.CONFIRMATION_ISSUED) == confirmationToken.isEmpty()) {
      throw new IllegalArgumentException("a token goes with CONFIRMATION_ISSUED, and only with it");
    }
  }
}
