package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-recipient envelope senders (VERP): {@code bounces+<issue>-<subscriber>-<signature>@domain}.
 *
 * <p>The signature is the first 65 bits of HMAC-SHA256 over the issue and the subscriber id, keyed
 * with the workspace secret, in lower-case base32, so the token survives mail systems that change
 * the case of local parts. A bounce whose token does not verify is forged and changes nothing;
 * guessing a valid token for someone else means guessing 65 bits. Tokens never expire (bounces come
 * back days later).
 *
 * <p>Set up the bounce mailbox so that mail to {@code bounces+anything@domain} lands in the mailbox
 * of {@code bounces@domain} (Postfix: {@code recipient_delimiter = +}).
 */
public final class VerpAddresses {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int SIGNATURE_CHARS = 13;

  private final String local;
  private final String domain;
  private final byte[] secret;
  private final Pattern tokens;
  private final Pattern anyTagged;

  private VerpAddresses(EmailAddress base, byte[] secret) {
    if (base.localPart().contains("+")) {
      throw new IllegalArgumentException(
          "bounce address " + base + " already has a '+': give the plain mailbox address");
    }
    if (secret.length < 16) {
      throw new IllegalArgumentException("the VERP secret has fewer than 16 bytes");
    }
    this.local = base.localPart();
    this.domain = base.domain();
    this.secret = secret.clone();
    String at = "@" + Pattern.quote(domain);
    this.tokens =
        Pattern.compile(
            "(?i)(?<![A-Za-z0-9._%+-])"
                + Pattern.quote(local)
                + "\\+([0-9]{1,9})-([0-9]{1,18})-([a-z2-7]{"
                + SIGNATURE_CHARS
                + "})"
                + at
                + "(?![A-Za-z0-9-])");
    this.anyTagged =
        Pattern.compile(
            "(?i)(?<![A-Za-z0-9._%+-])"
                + Pattern.quote(local)
                + "\\+([A-Za-z0-9=._-]{1,64})"
                + at
                + "(?![A-Za-z0-9-])");
  }

  /**
   * VERP addresses under a bounce mailbox.
   *
   * @param base the bounce mailbox, such as {@code bounces@news.example.org}; its local part must
   *     not contain {@code +}
   * @param secret the workspace secret, at least 16 bytes; copied
   */
  public static VerpAddresses of(EmailAddress base, byte[] secret) {
    return new VerpAddresses(requireNonNull(base, "base"), requireNonNull(secret, "secret"));
  }

  /** The bounce mailbox these addresses belong to. */
  public EmailAddress base() {
    return new EmailAddress(local + "@" + domain);
  }

  /**
   * The envelope sender for one subscriber and one issue.
   *
   * @throws IllegalArgumentException if the id or the issue is not positive
   */
  public EmailAddress address(long subscriberId, int issue) {
    if (subscriberId < 1 || issue < 1) {
      throw new IllegalArgumentException(
          "subscriber id and issue must be positive: " + subscriberId + ", " + issue);
    }
    return new EmailAddress(
        local + "+" + issue + "-" + subscriberId + "-" + sign(issue, subscriberId) + "@" + domain);
  }

  /**
   * Finds this bounce address's token in a text (a header, a whole message): the first valid token,
   * else {@link VerpToken.State#FORGED} when some address {@code local+...@domain} is there but
   * none verifies, else {@link VerpToken#NONE}.
   */
  public VerpToken find(CharSequence text) {
    Matcher m = tokens.matcher(text);
    boolean seen = false;
    while (m.find()) {
      seen = true;
      try {
        int issue = Integer.parseInt(m.group(1));
        long id = Long.parseLong(m.group(2));
        if (issue > 0 && id > 0 && verifies(issue, id, m.group(3))) {
          return new VerpToken(VerpToken.State.VALID, id, issue);
        }
      } catch (NumberFormatException e) {
        // Out of range: not one of ours.
      }
    }
    if (seen || anyTagged.matcher(text).find()) {
      return new VerpToken(VerpToken.State.FORGED, 0, 0);
    }
    return VerpToken.NONE;
  }

  private boolean verifies(int issue, long id, String signature) {
    byte[] expected = sign(issue, id).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private String sign(int issue, long id) {
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac =
          hmac.doFinal(("rundbrief-verp|" + issue + "|" + id).getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
    StringBuilder b = new StringBuilder(SIGNATURE_CHARS);
    long bits = 0;
    int available = 0;
    int index = 0;
    while (b.length() < SIGNATURE_CHARS) {
      if (available < 5) {
        bits = (bits << 8) | (mac[index++] & 0xff);
        available += 8;
      }
      b.append(ALPHABET.charAt((int) (bits >> (available - 5)) & 31));
      available -= 5;
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "VerpAddresses[" + local + "+...@" + domain + "]";
  }
}
