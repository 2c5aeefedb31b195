package dev.rundbrief.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Signs finished messages with utils-mail-dkim: rsa-sha256, relaxed/relaxed, no {@code l=} tag,
 * {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} signed, and no DNS lookup.
 */
final class DkimSigning {
  static final int MIN_KEY_BITS = 1024;

  private final DkimSigner signer;
  private final Session session = Session.getInstance(new Properties());

  private DkimSigning(DkimSigner signer) {
    this.signer = signer;
  }

  static DkimSigning of(DkimSettings settings) {
    RSAPrivateKey key = readKey(settings);
    DkimSigner signer = new DkimSigner(settings.domain(), settings.selector(), key);
    signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
    signer.setHeaderCanonicalization(Canonicalization.RELAXED);
    signer.setBodyCanonicalization(Canonicalization.RELAXED);
    signer.setLengthParam(false);
    signer.setCopyHeaderFields(false);
    // The library would otherwise fetch the selector's TXT record from DNS for every message.
    signer.setCheckDomainKey(false);
    signer.addHeaderToSign("List-Unsubscribe");
    signer.addHeaderToSign("List-Unsubscribe-Post");
    signer.addHeaderToSign("List-Id");
    return new DkimSigning(signer);
  }

  /** The message with a DKIM-Signature header in front; the rest is unchanged. */
  byte[] sign(byte[] message) {
    try {
      MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(message));
      DkimMessage dkim = new DkimMessage(parsed, signer);
      ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 512);
      // The signer holds one java.security.Signature, which is not thread-safe.
      synchronized (signer) {
        dkim.writeTo(out);
      }
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new MailSettingsException("DKIM signing failed: " + e.getMessage(), e);
    }
  }

  private static RSAPrivateKey readKey(DkimSettings settings) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(settings.privateKeyFile());
    } catch (IOException e) {
      throw new MailSettingsException(
          "DKIM key file '" + settings.privateKeyFile() + "' cannot be read: " + e.getMessage(), e);
    }
    String asText = new String(raw, StandardCharsets.US_ASCII);
    byte[] der = raw;
    if (asText.contains("-----BEGIN")) {
      if (asText.contains("BEGIN RSA PRIVATE KEY") || asText.contains("ENCRYPTED")) {
        throw new MailSettingsException(
            "DKIM key file '"
                + settings.privateKeyFile()
                + "' is not an unencrypted PKCS#8 key; convert it with"
                + " 'openssl pkcs8 -topk8 -nocrypt -in old.pem -out dkim.pem'");
      }
      String base64 =
          asText
              .replaceAll("-----BEGIN PRIVATE KEY-----", "")
              .replaceAll("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      try {
        der = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new MailSettingsException(
            "DKIM key file '" + settings.privateKeyFile() + "' is not valid PEM", e);
      }
    }
    RSAPrivateKey key;
    try {
      key =
          (RSAPrivateKey)
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new MailSettingsException(
          "DKIM key file '" + settings.privateKeyFile() + "' holds no PKCS#8 RSA private key", e);
    }
    int bits = key.getModulus().bitLength();
    if (bits < MIN_KEY_BITS) {
      throw new MailSettingsException(
          "DKIM key in '"
              + settings.privateKeyFile()
              + "' has "
              + bits
              + " bits; at least "
              + MIN_KEY_BITS
              + " are required (2048 recommended)");
    }
    return key;
  }
}
