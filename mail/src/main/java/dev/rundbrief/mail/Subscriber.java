package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One subscriber as stored: a stable id, the address, the state and the consent record.
 *
 * @param id the stable id; never reused and never changed, also across re-subscriptions
 * @param address the normalized address
 * @param name the display name, empty when unknown
 * @param state where the subscriber stands
 * @param token the unsubscribe token: a random secret (192 bits, URL-safe) for the unsubscribe
 *     links of sent mail; it stays the same for the subscriber's lifetime so that links in old mail
 *     keep working, and it can only unsubscribe (confirmation links carry a separate, single-use
 *     token, see the store module's {@code SubscriberStore.signUp})
 * @param consent the consent record of the latest sign-up
 * @param unsubscribedAt when the subscriber last unsubscribed or bounced, {@code null} if never
 * @param bounces permanent delivery failures since the last confirmation
 */
public record Subscriber(
    long id,
    EmailAddress address,
    String name,
    SubscriberState state,
    String token,
    Consent consent,
    Instant unsubscribedAt,
    int bounces) {
  /** Validates the parts. */
  public Subscriber {
    requireNonNull(address, "address");
    name = name == null ? "" : name.strip();
    requireNonNull(state, "state");
    requireNonNull(token, "token");
    requireNonNull(consent, "consent");
  }

  /** When the subscriber last left the list, if they did. */
  public Optional<Instant> unsubscription() {
    return Optional.ofNullable(unsubscribedAt);
  }

  /** The recipient a message for this subscriber is composed for. */
  public Recipient toRecipient() {
    return new Recipient(address, name, token);
  }
}
