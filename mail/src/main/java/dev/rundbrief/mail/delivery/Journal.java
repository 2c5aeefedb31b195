package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link DeliveryEngine} records what it sent to whom, so that a crashed send resumes
 * without sending anyone the same issue twice. The store module's {@code DeliveryJournal}
 * implements it on the workspace's database; the engine needs nothing else from a database.
 */
public interface Journal {
  /**
   * Starts (or resumes) a send of the issue. An issue that the journal knows but that has no
   * recipient recorded (a send killed before its first claim was committed) counts as not started.
   *
   * @param bounceThreshold permanent recipient failures after which an active subscriber is marked
   *     bounced
   * @throws DeliveryException if the mode is {@link SendMode#NEW} and the issue is known, or the
   *     journal cannot be written
   */
  Run begin(String issueId, SendMode mode, int bounceThreshold);

  /**
   * The journal side of one send. Its methods are called from several sender threads at once and
   * must be thread-safe; {@link #close()} is called once, after the last {@link #record}.
   */
  interface Run extends AutoCloseable {
    /**
     * Adds the recipients to the issue as queued (new ones) and returns those this run must send:
     * new, queued or deferred, and not yet claimed by this run; sent and failed ones are left out.
     * Returns once the claim is durable.
     *
     * @throws DeliveryException if the journal failed
     */
    List<Recipient> claim(List<Recipient> chunk);

    /**
     * Records an outcome; the returned future completes once it is durable (on disk), or fails when
     * the journal could not write it.
     *
     * @param attempts the attempts this outcome took, added to the recipient's count
     * @param code the SMTP reply code, 0 when there was none
     * @param reply the SMTP reply text, empty when there was none
     * @param bounce whether a permanent failure counts towards the subscriber's bounce limit
     */
    CompletableFuture<Void> record(
        EmailAddress address,
        DeliveryState state,
        int attempts,
        int code,
        String reply,
        boolean bounce);

    /**
     * Asks the journal to make what it has durable now instead of gathering more: called by a
     * sender that is about to wait for a record.
     */
    void hurry();

    /** Why the journal stopped working, if it did; the send must stop then. */
    Optional<RuntimeException> failure();

    /**
     * Waits until every recorded outcome is durable, then marks the issue finished if no recipient
     * is left queued or deferred.
     *
     * @throws DeliveryException if the journal cannot be written
     */
    @Override
    void close();
  }
}
