package dev.rundbrief.mail.delivery;

/**
 * Paces the messages of a send: {@link #acquire()} is called before every attempt and returns when
 * it may go out. By default an engine paces with the rate limits of its {@link SmtpSettings}, in
 * this process only; a throttle given to {@link DeliveryEngine.Builder#throttle(Throttle)} replaces
 * that, for limits shared by several processes (the store's {@code SharedRateLimit}).
 */
@FunctionalInterface
public interface Throttle {
  /**
   * Waits until one more message may go out.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws DeliveryException if the send must stop (the pacing cannot be kept, or this process may
   *     no longer send); the engine stops the send with it
   */
  void acquire() throws InterruptedException;
}
