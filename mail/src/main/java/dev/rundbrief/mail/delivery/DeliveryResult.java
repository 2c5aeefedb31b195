package dev.rundbrief.mail.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The summary of one send.
 *
 * @param issueId the issue
 * @param sent recipients the server accepted in this run
 * @param deferred recipients given up on after temporary failures (a resumed send tries again)
 * @param failed recipients with a permanent failure
 * @param skipped recipients not sent to because the journal shows them done (sent or failed)
 * @param elapsed the wall-clock time of the send
 */
public record DeliveryResult(
    String issueId, int sent, int deferred, int failed, int skipped, Duration elapsed) {
  /** Validates the parts. */
  public DeliveryResult {
    requireNonNull(issueId, "issueId");
    requireNonNull(elapsed, "elapsed");
  }

  /** Messages accepted per second over the whole send. */
  public double rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : sent / seconds;
  }
}
