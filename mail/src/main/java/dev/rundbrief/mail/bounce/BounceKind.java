package dev.rundbrief.mail.bounce;

import java.util.Locale;

/** What a message that came back to the bounce address means for its recipient. */
public enum BounceKind {
  /** The address itself is dead: unknown user or domain, moved, does not accept mail. */
  HARD,
  /**
   * Delivery failed for a reason that says nothing certain about the address: a full mailbox, a
   * message too large, a temporary failure, a policy, spam or reputation block.
   */
  SOFT,
  /** The reader reported the mail as spam (an RFC 5965 abuse report from a feedback loop). */
  COMPLAINT,
  /** A vacation or out-of-office reply, or a challenge-response request: never a bounce. */
  AUTO_REPLY,
  /** Not understood, a delay warning, or a success notice: nothing is done. */
  UNKNOWN;

  /** The label used in JSON and in the store: {@code hard}, {@code auto-reply} and so on. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The kind with this label.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static BounceKind parse(String label) {
    for (BounceKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a bounce kind: '" + label + "'");
  }
}
