package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One message read from a bounce mailbox or a file.
 *
 * @param id where it came from, for people: a file path, {@code mbox#3}, {@code imap:INBOX/17}
 * @param bytes the raw RFC 5322 message; not copied, callers must not change it
 */
public record BounceMessage(String id, byte[] bytes) {
  /** Validates the parts. */
  public BounceMessage {
    requireNonNull(id, "id");
    requireNonNull(bytes, "bytes");
  }

  /**
   * The message's identity for "each message once": the SHA-256 of its bytes, in hex. The same
   * bounce read from a file and from the mailbox is one message.
   */
  public String key() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
