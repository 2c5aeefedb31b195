package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One processed bounce message as the store keeps it.
 *
 * @param receivedAt when it was processed
 * @param source where it was read from (file, mailbox id)
 * @param kind hard, soft, complaint, auto-reply or unknown
 * @param issue the issue it concerns, 0 when unknown
 * @param status the RFC 3463 status, empty when none
 * @param diagnostic the remote server's reply or the report's facts
 * @param reason the classifier's reason
 * @param action what was done ({@link BounceAction#label()})
 * @param actionReason why
 */
public record BounceRecord(
    Instant receivedAt,
    String source,
    String kind,
    int issue,
    String status,
    String diagnostic,
    String reason,
    String action,
    String actionReason) {
  /** Validates the parts. */
  public BounceRecord {
    requireNonNull(receivedAt, "receivedAt");
    requireNonNull(source, "source");
    requireNonNull(kind, "kind");
    requireNonNull(status, "status");
    requireNonNull(diagnostic, "diagnostic");
    requireNonNull(reason, "reason");
    requireNonNull(action, "action");
    requireNonNull(actionReason, "actionReason");
  }

  /** The issue, when known. */
  public OptionalInt issueNumber() {
    return issue > 0 ? OptionalInt.of(issue) : OptionalInt.empty();
  }
}
