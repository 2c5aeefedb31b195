package dev.rundbrief.cli.serve;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sliding-window limit per key (a client's network): at most {@code limit} requests in any {@code
 * window}, exactly as documented. In memory and bounded: when more than {@code maxKeys} keys are
 * tracked, the least recently used is forgotten (which only ever helps the forgotten key, never one
 * that is being limited right now).
 */
final class RateLimiter {
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, long[]> times;

  RateLimiter(int limit, Duration window, int maxKeys, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.limit = limit;
    this.windowMillis = Math.max(1, window.toMillis());
    this.clock = clock;
    this.times =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /**
   * The key a client is counted under: an IPv4 address on its own, an IPv6 address by its first
   * {@code ipv6Prefix} bits (one /64 is one subscriber line; its owner has all of it).
   */
  static String clientKey(InetAddress address, int ipv6Prefix) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    int bits = Math.max(0, Math.min(128, ipv6Prefix));
    byte[] masked = new byte[16];
    for (int i = 0; i < 16; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      masked[i] = (byte) (bytes[i] & (0xff00 >> keep));
    }
    return HexFormat.of().formatHex(masked) + "/" + bits;
  }

  /** Counts one request for the key; false (and not counted) when the window is full. */
  synchronized boolean tryAcquire(String key) {
    long now = clock.millis();
    // A ring of the last `limit` accepted times; slot 0 holds the next index.
    long[] ring = times.computeIfAbsent(key, k -> newRing());
    int next = (int) ring[0];
    long oldest = ring[1 + next];
    if (oldest != Long.MIN_VALUE && now - oldest < windowMillis) {
      return false;
    }
    ring[1 + next] = now;
    ring[0] = (next + 1) % limit;
    return true;
  }

  /** Seconds until the key may try again, at least 1. */
  synchronized long retryAfterSeconds(String key) {
    long[] ring = times.get(key);
    if (ring == null) {
      return 1;
    }
    long oldest = ring[1 + (int) ring[0]];
    if (oldest == Long.MIN_VALUE) {
      return 1;
    }
    long wait = oldest + windowMillis - clock.millis();
    return Math.max(1, (wait + 999) / 1000);
  }

  synchronized int trackedKeys() {
    return times.size();
  }

  private long[] newRing() {
    long[] ring = new long[limit + 1];
    java.util.Arrays.fill(ring, 1, ring.length, Long.MIN_VALUE);
    ring[0] = 0;
    return ring;
  }
}
