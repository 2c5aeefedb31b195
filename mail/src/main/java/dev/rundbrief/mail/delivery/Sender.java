package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.ComposedMessage;
import java.io.IOException;

/** One connection of the pool (or one outbox writer), used by one thread only. */
interface Sender extends AutoCloseable {
  /** What became of one attempt. */
  enum Kind {
    /** The server accepted the message (250 after DATA), or the file is in the outbox. */
    ACCEPTED,
    /** A 4xx reply, a dropped connection or a failed connect: worth another attempt. */
    TEMPORARY,
    /** A 5xx reply to RCPT TO: the mailbox does not exist; counts towards bouncing. */
    PERMANENT_RECIPIENT,
    /** A 5xx reply to MAIL FROM or to the message: this message will never be accepted. */
    PERMANENT_MESSAGE,
    /** The login was refused: no message can go out, the send stops. */
    FATAL
  }

  /** The outcome of one attempt, with the reply code (0 if none) and text. */
  record Outcome(Kind kind, int code, String reply) {
    static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, 0, "");
  }

  /**
   * Where a message becomes accepted: the sender calls {@link #await()} after the message's bytes
   * and right before the step that lets the receiver accept it (the final dot of SMTP DATA, the
   * rename into the outbox). The delivery engine waits there until earlier outcomes on this
   * connection are on disk, which bounds the duplicates after a crash.
   */
  @FunctionalInterface
  interface Gate {
    /** A gate that never waits. */
    Gate OPEN =
        new Gate() {
          @Override
          public void await() {}

          @Override
          public boolean open() {
            return true;
          }
        };

    /**
     * Returns when the message may be accepted.
     *
     * @throws IOException if it must not be (the journal failed, or the thread was interrupted);
     *     the sender then abandons the message without letting it be accepted
     */
    void await() throws IOException;

    /**
     * Whether {@link #await()} would return at once, without waiting; a sender that gets {@code
     * true} may skip it. The default says no, which is always safe.
     */
    default boolean open() {
      return false;
    }
  }

  /**
   * Sends one message, passing the gate right before the message can be accepted; never throws for
   * a problem with the server or the recipient.
   */
  Outcome send(ComposedMessage message, Gate gate);

  @Override
  void close();
}
