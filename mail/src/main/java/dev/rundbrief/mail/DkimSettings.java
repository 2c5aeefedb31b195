package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How messages are DKIM-signed: the signing domain, the selector under which the public key is
 * published ({@code selector._domainkey.domain}), and the RSA private key file.
 *
 * <p>The key file holds an unencrypted PKCS#8 RSA private key, either PEM ({@code -----BEGIN
 * PRIVATE KEY-----}) or DER; keys shorter than 1024 bits are refused (RFC 8301). A PKCS#1 key
 * ({@code BEGIN RSA PRIVATE KEY}) converts with {@code openssl pkcs8 -topk8 -nocrypt}.
 *
 * @param domain the signing domain ({@code d=}), normally the domain of the From address
 * @param selector the selector ({@code s=})
 * @param privateKeyFile the key file
 */
public record DkimSettings(String domain, String selector, Path privateKeyFile) {
  /** Validates the parts; the key file is read when a composer is configured with it. */
  public DkimSettings {
    requireNonNull(domain, "domain");
    requireNonNull(selector, "selector");
    requireNonNull(privateKeyFile, "privateKeyFile");
    domain = HeaderValues.check("DKIM domain", domain.strip().toLowerCase(Locale.ROOT));
    selector = HeaderValues.check("DKIM selector", selector.strip());
    if (!domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("DKIM domain '" + domain + "' is not a domain name");
    }
    if (!selector.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
      throw new IllegalArgumentException(
          "DKIM selector '" + selector + "' is not a valid selector");
    }
  }

  /** The settings for a domain, selector and key file. */
  public static DkimSettings of(String domain, String selector, Path privateKeyFile) {
    return new DkimSettings(domain, selector, privateKeyFile);
  }
}
