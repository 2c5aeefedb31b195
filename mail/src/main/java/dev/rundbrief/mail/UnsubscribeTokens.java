package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the tokens in unsubscribe and preference links.
 *
 * <p>A token is URL-safe text that carries a subscriber id and the time it was issued, sealed with
 * HMAC-SHA256 under the workspace secret: nobody without the secret can make or alter one, so no
 * token store is needed. {@link #verify} compares in constant time and accepts a token for the
 * configured validity (at least 60 days, 90 by default), so that links in old issues keep working.
 * Tokens are not encrypted: treat subscriber ids as visible to their owner.
 */
public final class UnsubscribeTokens {
  /** The shortest validity allowed: links in an issue must work for at least this long. */
  public static final Duration MIN_VALIDITY = Duration.ofDays(60);

  /** The validity of {@link #of(byte[], Clock)}. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);

  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 32;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration validity;

  private UnsubscribeTokens(byte[] secret, Clock clock, Duration validity) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.validity = validity;
  }

  /** Tokens valid for {@link #DEFAULT_VALIDITY}. */
  public static UnsubscribeTokens of(byte[] secret, Clock clock) {
    return of(secret, clock, DEFAULT_VALIDITY);
  }

  /**
   * Tokens with the given validity.
   *
   * @param secret the workspace secret, at least 32 bytes (copied)
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes or the validity is
   *     shorter than {@link #MIN_VALIDITY}
   */
  public static UnsubscribeTokens of(byte[] secret, Clock clock, Duration validity) {
    requireNonNull(secret, "secret");
    requireNonNull(clock, "clock");
    requireNonNull(validity, "validity");
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "token secret has " + secret.length + " bytes; at least 32 are required");
    }
    if (validity.compareTo(MIN_VALIDITY) < 0) {
      throw new IllegalArgumentException(
          "token validity " + validity + " is shorter than the minimum " + MIN_VALIDITY);
    }
    return new UnsubscribeTokens(secret.clone(), clock, validity);
  }

  /**
   * A new token for the subscriber, issued now.
   *
   * @param subscriberId the id the store knows the subscriber by; not blank
   */
  public String issue(String subscriberId) {
    requireNonNull(subscriberId, "subscriberId");
    if (subscriberId.isBlank()) {
      throw new IllegalArgumentException("subscriberId is blank");
    }
    byte[] id = subscriberId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(1 + Long.BYTES + id.length);
    payload.put(VERSION).putLong(clock.instant().getEpochSecond()).put(id);
    byte[] body = payload.array();
    return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(body));
  }

  /**
   * The subscriber id sealed in the token, when the token is genuine and still valid; empty for a
   * forged, altered, malformed or expired token.
   */
  public Optional<String> verify(String token) {
    if (token == null || token.length() > 2048) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    byte[] body;
    byte[] mac;
    try {
      body = DECODER.decode(token.substring(0, dot));
      mac = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (mac.length != MAC_BYTES || !MessageDigest.isEqual(mac, mac(body))) {
      return Optional.empty();
    }
    if (body.length < 1 + Long.BYTES + 1 || body[0] != VERSION) {
      return Optional.empty();
    }
    Instant issued = Instant.ofEpochSecond(ByteBuffer.wrap(body, 1, Long.BYTES).getLong());
    Instant now = clock.instant();
    if (issued.isAfter(now.plus(CLOCK_SKEW)) || now.isAfter(issued.plus(validity))) {
      return Optional.empty();
    }
    byte[] id = Arrays.copyOfRange(body, 1 + Long.BYTES, body.length);
    return Optional.of(new String(id, StandardCharsets.UTF_8));
  }

  private byte[] mac(byte[] body) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      return hmac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
