package dev.rundbrief.mail.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a running send, for progress bars.
 *
 * @param queued recipients handed to the senders so far (final once {@code listComplete})
 * @param listComplete whether the whole recipient list has been read
 * @param sent accepted so far in this run
 * @param deferred deferred so far
 * @param failed failed so far
 * @param skipped skipped because the journal shows them done
 * @param elapsed time since the send started
 */
public record DeliveryProgress(
    int queued,
    boolean listComplete,
    int sent,
    int deferred,
    int failed,
    int skipped,
    Duration elapsed) {
  /** Recipients finished in this run (sent, deferred or failed). */
  public int done() {
    return sent + deferred + failed;
  }

  /** Messages finished per second so far. */
  public double rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : done() / seconds;
  }

  /** The estimated time left, once the list is complete and a rate is known. */
  public Optional<Duration> eta() {
    double rate = rate();
    if (!listComplete || rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) ((queued - done()) / rate * 1000)));
  }
}
