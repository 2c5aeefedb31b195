package dev.rundbrief.mail;

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

  /** Sends one message; never throws for a problem with the server or the recipient. */
  Outcome send(ComposedMessage message);

  @Override
  void close();
}
