package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.SingleLine;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of a person's consent to receive the newsletter, as double opt-in law requires: when
 * and where they signed up, which consent text they saw, from which IP address (when known), and
 * when they confirmed.
 *
 * @param subscribedAt when the sign-up arrived
 * @param source where it came from, such as {@code web-form} or {@code import:list.csv}
 * @param consentTextVersion the version of the consent text the person agreed to
 * @param ip the sign-up request's IP address, empty when unknown
 * @param confirmedAt when the person confirmed, {@code null} while unconfirmed
 */
public record Consent(
    Instant subscribedAt,
    String source,
    String consentTextVersion,
    String ip,
    Instant confirmedAt) {
  /** Validates the parts; {@code ip} may be null or empty (unknown). */
  public Consent {
    requireNonNull(subscribedAt, "subscribedAt");
    source = SingleLine.check(requireNonNull(source, "source").strip(), "source", 200);
    consentTextVersion =
        SingleLine.check(
            requireNonNull(consentTextVersion, "consentTextVersion").strip(),
            "consentTextVersion",
            100);
    if (source.isEmpty() || consentTextVersion.isEmpty()) {
      throw new IllegalArgumentException("consent needs a source and a consent text version");
    }
    ip = ip == null ? "" : SingleLine.check(ip.strip(), "ip", 64);
  }

  /** An unconfirmed sign-up. */
  public static Consent of(Instant subscribedAt, String source, String consentTextVersion) {
    return new Consent(subscribedAt, source, consentTextVersion, "", null);
  }

  /** A copy with the sign-up request's IP address. */
  public Consent withIp(String ip) {
    return new Consent(subscribedAt, source, consentTextVersion, ip, confirmedAt);
  }

  /** A copy confirmed at the given instant. */
  public Consent confirmed(Instant at) {
    return new Consent(subscribedAt, source, consentTextVersion, ip, requireNonNull(at, "at"));
  }

  /** When the person confirmed, if they did. */
  public Optional<Instant> confirmation() {
    return Optional.ofNullable(confirmedAt);
  }

  /** The IP address, if known. */
  public Optional<String> ipAddress() {
    return ip.isEmpty() ? Optional.empty() : Optional.of(ip);
  }
}
