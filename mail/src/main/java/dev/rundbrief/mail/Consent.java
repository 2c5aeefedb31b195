package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.SingleLine;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of a person's consent to receive the newsletter, as double opt-in law requires: when
 * and where they signed up, which consent text they saw, from which IP address (when known), and
 * when and from which IP address they confirmed.
 *
 * @param subscribedAt when the sign-up arrived
 * @param source where it came from, such as {@code web-form} or {@code import:list.csv}
 * @param consentTextVersion the version of the consent text the person agreed to
 * @param ip the sign-up request's IP address, empty when unknown
 * @param confirmedAt when the person confirmed, {@code null} while unconfirmed
 * @param confirmedIp the IP address of the request that confirmed, empty when unknown (an
 *     operator's confirmation, an import) or unconfirmed
 */
public record Consent(
    Instant subscribedAt,
    String source,
    String consentTextVersion,
    String ip,
    Instant confirmedAt,
    String confirmedIp) {
  /** Validates the parts; {@code ip} and {@code confirmedIp} may be null or empty (unknown). */
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
    confirmedIp =
        confirmedIp == null ? "" : SingleLine.check(confirmedIp.strip(), "confirmedIp", 64);
  }

  /** A consent record whose confirming address is unknown. */
  public Consent(
      Instant subscribedAt,
      String source,
      String consentTextVersion,
      String ip,
      Instant confirmedAt) {
    this(subscribedAt, source, consentTextVersion, ip, confirmedAt, "");
  }

  /** An unconfirmed sign-up. */
  public static Consent of(Instant subscribedAt, String source, String consentTextVersion) {
    return new Consent(subscribedAt, source, consentTextVersion, "", null, "");
  }

  /** A copy with the sign-up request's IP address. */
  public Consent withIp(String ip) {
    return new Consent(subscribedAt, source, consentTextVersion, ip, confirmedAt, confirmedIp);
  }

  /** A copy confirmed at the given instant, from an unknown address. */
  public Consent confirmed(Instant at) {
    return confirmed(at, "");
  }

  /** A copy confirmed at the given instant by a request from {@code fromIp} (empty: unknown). */
  public Consent confirmed(Instant at, String fromIp) {
    return new Consent(
        subscribedAt, source, consentTextVersion, ip, requireNonNull(at, "at"), fromIp);
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
