package dev.rundbrief.mail.delivery;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.EmailAddress;
import java.util.Optional;

/**
 * A send could not start or had to stop: the issue was already sent, the SMTP server is unreachable
 * or refuses the login, or the journal cannot be written.
 *
 * <p>Recipients that were not accepted stay queued in the journal; a resumed send reaches them.
 */
public class DeliveryException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  private final String recipient;
  private final int replyCode;
  private final transient DeliveryResult result;

  /** A problem that concerns no single recipient and no SMTP reply. */
  public DeliveryException(String message) {
    this(message, null, 0, null);
  }

  /**
   * A problem with a recipient and/or an SMTP reply.
   *
   * @param recipient the recipient concerned, or {@code null}
   * @param replyCode the SMTP reply code, 0 when there was none
   * @param cause the underlying exception, or {@code null}
   */
  public DeliveryException(String message, EmailAddress recipient, int replyCode, Throwable cause) {
    this(message, recipient, replyCode, cause, null);
  }

  /** A send that stopped part-way, with the counts of what it did before. */
  DeliveryException(
      String message,
      EmailAddress recipient,
      int replyCode,
      Throwable cause,
      DeliveryResult result) {
    super(message, cause);
    this.recipient = recipient == null ? null : recipient.value();
    this.replyCode = replyCode;
    this.result = result;
  }

  /** The recipient concerned, if the problem concerns one. */
  public Optional<EmailAddress> recipient() {
    return Optional.ofNullable(recipient).map(EmailAddress::new);
  }

  /**
   * What a send that stopped part-way did before it stopped (sent, failed and deferred in this
   * run); empty when the send never started or the exception concerns no send.
   */
  public Optional<DeliveryResult> result() {
    return Optional.ofNullable(result);
  }

  /** The SMTP reply code, 0 when there was no reply. */
  public int replyCode() {
    return replyCode;
  }
}
