package dev.rundbrief.mail.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How temporary failures (4xx replies, dropped or refused connections) are retried: exponential
 * backoff with jitter, up to a number of attempts per recipient; then the recipient is deferred.
 *
 * @param maxAttempts attempts per recipient, at least 1
 * @param initialBackoff the wait before the second attempt; each further wait doubles
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** Five attempts, waiting about 2, 4, 8 and 16 seconds. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(1));

  /** Validates the parts. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
    }
  }

  /**
   * The wait before attempt {@code attempt + 1}: the exponential value, of which a random half is
   * taken off ("equal jitter"), so that several connections that failed together do not retry in
   * step.
   */
  Duration backoff(int attempt, double random) {
    long base = initialBackoff.toMillis();
    long exp = base << Math.min(attempt - 1, 20);
    long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, maxBackoff.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
  }

  /**
   * The longest time the waits between the attempts of one recipient can add up to (without
   * jitter): about 30 seconds for {@link #DEFAULT}. A server that gave no reply for this long and
   * for {@link #maxAttempts()} attempts in a row is taken to be gone, and the send stops.
   */
  public Duration schedule() {
    long total = 0;
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      total += backoff(attempt, 1.0).toMillis();
    }
    return Duration.ofMillis(total);
  }
}
