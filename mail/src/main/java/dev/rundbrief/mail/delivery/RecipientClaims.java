package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.Recipient;
import java.util.List;
import java.util.Optional;

/**
 * Where a send shared by several processes gets its recipients: each call hands out recipients that
 * this process now holds (claimed for it, so no other process sends to them while it holds them).
 * The journal already knows them as queued. See {@link DeliveryEngine#send(String, RecipientClaims,
 * java.util.function.Function)}.
 */
@FunctionalInterface
public interface RecipientClaims {
  /**
   * The next recipients to send to. An empty list means that none can be claimed now but others
   * still hold some (their holder may die and release them): ask again after a pause. An empty
   * {@code Optional} means that nothing is left: the send is done as far as this process goes.
   *
   * @throws DeliveryException if the claim failed; the send stops
   */
  Optional<List<Recipient>> next();
}
