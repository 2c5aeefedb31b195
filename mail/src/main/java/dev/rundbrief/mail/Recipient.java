package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The person one message is rendered and composed for.
 *
 * @param address where the message goes
 * @param name the display name, empty when unknown (the greeting then falls back to a neutral form)
 * @param token the opaque token that identifies the subscription in unsubscribe and preference
 *     links
 */
public record Recipient(EmailAddress address, String name, String token) {
  /** Validates the parts. */
  public Recipient {
    requireNonNull(address, "address");
    name = name == null ? "" : name.strip();
    requireNonNull(token, "token");
  }

  /** The display name, when known. */
  public Optional<String> displayName() {
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
