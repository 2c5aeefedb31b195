package dev.rundbrief.cli.serve;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per key (a client address or an e-mail address), in memory and bounded: when more
 * than {@code maxKeys} keys are tracked, the least recently used is forgotten.
 */
final class RateLimiter {
  private final int capacity;
  private final double refillPerMilli;
  private final Clock clock;
  private final Map<String, double[]> buckets;

  RateLimiter(int capacity, Duration window, int maxKeys, Clock clock) {
    this.capacity = capacity;
    this.refillPerMilli = capacity / (double) Math.max(1, window.toMillis());
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /** Takes one token for the key; false when its bucket is empty. */
  synchronized boolean tryAcquire(String key) {
    long now = clock.millis();
    // [tokens, last refill time]
    double[] b = buckets.computeIfAbsent(key, k -> new double[] {capacity, now});
    b[0] = Math.min(capacity, b[0] + (now - b[1]) * refillPerMilli);
    b[1] = now;
    if (b[0] < 1) {
      return false;
    }
    b[0] -= 1;
    return true;
  }

  /** Seconds until the key may try again, at least 1. */
  synchronized long retryAfterSeconds(String key) {
    double[] b = buckets.get(key);
    if (b == null || b[0] >= 1) {
      return 1;
    }
    return Math.max(1, (long) Math.ceil((1 - b[0]) / refillPerMilli / 1000));
  }

  synchronized int trackedKeys() {
    return buckets.size();
  }
}
