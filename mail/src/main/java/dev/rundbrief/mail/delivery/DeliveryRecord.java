package dev.rundbrief.mail.delivery;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.EmailAddress;
import java.time.Instant;

/**
 * What the journal knows about one recipient of one issue.
 *
 * @param issueId the issue
 * @param address the recipient
 * @param state where the delivery stands
 * @param attempts how many times a message was handed to the server
 * @param replyCode the last SMTP reply code, 0 when there was none (success without a failure, or
 *     the outbox)
 * @param reply the last failure's reply text (or error), empty when there was none
 * @param updatedAt when the record last changed
 */
public record DeliveryRecord(
    String issueId,
    EmailAddress address,
    DeliveryState state,
    int attempts,
    int replyCode,
    String reply,
    Instant updatedAt) {
  /** Validates the parts. */
  public DeliveryRecord {
    requireNonNull(issueId, "issueId");
    requireNonNull(address, "address");
    requireNonNull(state, "state");
    reply = reply == null ? "" : reply;
    requireNonNull(updatedAt, "updatedAt");
  }
}
