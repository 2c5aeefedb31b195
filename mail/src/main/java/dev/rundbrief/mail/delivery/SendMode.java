package dev.rundbrief.mail.delivery;

/** Whether a send may continue an issue that the journal already knows. */
public enum SendMode {
  /**
   * A first send: refused with a {@link DeliveryException} if the journal already has the issue,
   * finished or not, so that nobody sends an issue twice by mistake.
   */
  NEW,
  /**
   * Continues an interrupted send, or reaches recipients added since: sends only to recipients that
   * the server has not accepted yet (queued, deferred, or new); never to one recorded as sent or
   * failed.
   */
  RESUME
}
