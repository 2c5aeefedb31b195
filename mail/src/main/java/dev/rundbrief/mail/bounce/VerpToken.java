package dev.rundbrief.mail.bounce;

/**
 * The VERP token found in a message that came back: which subscriber and which issue the original
 * message was for, and whether its signature holds.
 *
 * @param state none (no token), valid, or forged (a token for this bounce address whose signature
 *     does not match: the message changes nothing)
 * @param subscriberId the subscriber's id when valid, else 0
 * @param issue the issue number when valid, else 0
 */
public record VerpToken(State state, long subscriberId, int issue) {
  /** No token in the message. */
  public static final VerpToken NONE = new VerpToken(State.NONE, 0, 0);

  /** Whether a token was found, and whether it is genuine. */
  public enum State {
    /** The message carries no token for the configured bounce address. */
    NONE,
    /** The token's signature holds: it names the subscriber and the issue. */
    VALID,
    /** A token for the configured bounce address whose signature does not hold. */
    FORGED
  }

  /** Validates the parts: ids only for a valid token. */
  public VerpToken {
    java.util.Objects.requireNonNull(state, "state");
    if (state == State.VALID ? subscriberId < 1 || issue < 1 : subscriberId != 0 || issue != 0) {
      throw new IllegalArgumentException(
          "a " + state + " token with subscriber " + subscriberId + " and issue " + issue);
    }
  }

  /** The label for JSON and the store: {@code none}, {@code valid}, {@code forged}. */
  public String label() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
