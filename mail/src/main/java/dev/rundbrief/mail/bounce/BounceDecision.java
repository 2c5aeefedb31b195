package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

/**
 * What the classifier decided about one message that came back, with a reason a person can read.
 *
 * @param kind hard, soft, complaint, auto-reply or unknown
 * @param recipient the address the message was about, lower-case as found; empty when none was
 *     found. With a valid VERP token this is still the address the report names; the subscriber is
 *     {@link #verp()}'s
 * @param status the RFC 3463 status code such as {@code 5.1.1}, empty when the message has none
 * @param diagnostic the remote server's reply or the report's key facts, one line, at most 500
 *     characters; empty when there is none
 * @param reason why the classifier decided so, one line
 * @param senderWarning true when the failure concerns the sender rather than the reader (a policy,
 *     spam or reputation block): the publisher should look at the sending setup
 * @param verp the VERP token found in the message, or {@link VerpToken#NONE}
 * @param skipped true when the message was not read to the end: refused for its structure (a MIME
 *     boundary longer than RFC 2046 allows, too many parts) or over the classifier's time budget.
 *     The kind is then unknown and the reason says why; such a message is recorded like any other,
 *     so it is never read again
 */
public record BounceDecision(
    BounceKind kind,
    String recipient,
    String status,
    String diagnostic,
    String reason,
    boolean senderWarning,
    VerpToken verp,
    boolean skipped) {
  /** Validates the parts and keeps text to one line. */
  public BounceDecision {
    requireNonNull(kind, "kind");
    recipient = oneLine(recipient, 254);
    status = oneLine(status, 16);
    diagnostic = oneLine(diagnostic, 500);
    reason = oneLine(reason, 500);
    requireNonNull(verp, "verp");
    if (skipped && kind != BounceKind.UNKNOWN) {
      throw new IllegalArgumentException("a skipped message is unknown, not " + kind.label());
    }
  }

  /** A decision about a message that was read to the end ({@code skipped} false). */
  public BounceDecision(
      BounceKind kind,
      String recipient,
      String status,
      String diagnostic,
      String reason,
      boolean senderWarning,
      VerpToken verp) {
    this(kind, recipient, status, diagnostic, reason, senderWarning, verp, false);
  }

  /** Whether the decision changes a subscriber when acted on: hard, soft or complaint. */
  public boolean isBounceOrComplaint() {
    return kind == BounceKind.HARD || kind == BounceKind.SOFT || kind == BounceKind.COMPLAINT;
  }

  static String oneLine(String s, int max) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    boolean space = false;
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.append(c);
    }
    return b.toString();
  }
}
