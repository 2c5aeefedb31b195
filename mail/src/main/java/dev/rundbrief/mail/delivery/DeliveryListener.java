package dev.rundbrief.mail.delivery;

/**
 * Receives progress of a send, for example to draw a progress bar.
 *
 * <p>Calls come from the engine's threads, one at a time, at most about four times a second, and
 * once more when the send ends. A listener must return quickly; an exception it throws is ignored.
 */
@FunctionalInterface
public interface DeliveryListener {
  /** Called with the latest counts. */
  void progress(DeliveryProgress progress);
}
