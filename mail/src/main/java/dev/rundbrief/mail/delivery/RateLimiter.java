package dev.rundbrief.mail.delivery;

/**
 * Spaces messages to a rate per second and per hour, over all threads (two token buckets: the
 * per-second one allows a burst of one second's worth, the per-hour one of one hour's worth).
 */
final class RateLimiter implements Throttle {
  private final Bucket perSecond;
  private final Bucket perHour;

  RateLimiter(double messagesPerSecond, long messagesPerHour) {
    perSecond =
        messagesPerSecond > 0
            ? new Bucket(Math.max(1, messagesPerSecond), 1e9 / messagesPerSecond)
            : null;
    perHour = messagesPerHour > 0 ? new Bucket(messagesPerHour, 3600e9 / messagesPerHour) : null;
  }

  /** Waits until one more message may go out. */
  @Override
  public void acquire() throws InterruptedException {
    long wait = 0;
    synchronized (this) {
      long now = System.nanoTime();
      if (perSecond != null) {
        wait = Math.max(wait, perSecond.take(now));
      }
      if (perHour != null) {
        wait = Math.max(wait, perHour.take(now));
      }
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** A bucket whose tokens may go negative: the debt is the caller's wait. */
  private static final class Bucket {
    private final double capacity;
    private final double nanosPerToken;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double capacity, double nanosPerToken) {
      this.capacity = capacity;
      this.nanosPerToken = nanosPerToken;
      this.tokens = capacity;
    }

    long take(long now) {
      tokens = Math.min(capacity, tokens + (now - last) / nanosPerToken);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : (long) (-tokens * nanosPerToken);
    }
  }
}
