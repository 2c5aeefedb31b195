package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How bounce decisions act on subscribers.
 *
 * @param softLimit soft bounces on distinct issues after which an active subscriber becomes bounced
 *     (default 3)
 * @param softWindow the period in which those soft bounces must fall (default 30 days)
 * @param requireVerp when true (a bounce address is configured), only messages with a valid VERP
 *     token change a subscriber; others are recorded and reported, never acted on, so that a forged
 *     bounce naming someone's address changes nothing
 * @param issueIdPrefix how the delivery journal names issue N ({@code prefix + N}), to find the
 *     issues that reached the subscriber (a delivered issue resets the soft count)
 */
public record BouncePolicy(
    int softLimit, Duration softWindow, boolean requireVerp, String issueIdPrefix) {
  /** Validates the parts. */
  public BouncePolicy {
    if (softLimit < 1 || softLimit > 1000) {
      throw new IllegalArgumentException("softLimit must be 1..1000: " + softLimit);
    }
    requireNonNull(softWindow, "softWindow");
    if (softWindow.isNegative() || softWindow.isZero()) {
      throw new IllegalArgumentException("softWindow must be positive: " + softWindow);
    }
    requireNonNull(issueIdPrefix, "issueIdPrefix");
  }
}
