package dev.rundbrief.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signs composed messages with DKIM (RFC 6376, RFC 8301): {@code a=rsa-sha256}, {@code
 * c=relaxed/relaxed}, no {@code l=} tag, {@code t=} from the clock, and no DNS lookup.
 *
 * <p>{@code h=} lists From, To, Reply-To, Subject, Date, Message-ID, MIME-Version, Content-Type,
 * List-Id, List-Unsubscribe, List-Unsubscribe-Post, List-Archive and Feedback-ID, each once more
 * than it occurs in the message (an absent one once): the extra entry selects no header and hashes
 * as nothing, so a second copy of any of them, added anywhere later, breaks the signature
 * (over-signing, RFC 6376 section 8.15). These are the headers a message carries at most once (RFC
 * 5322 section 3.6; RFC 2369, 2919 and 8058 for the list headers). The DKIM-Signature header is put
 * in front of the unchanged message, folded so that no line exceeds 78 characters.
 *
 * <p>The input must use CRLF line ends, as {@link MessageComposer} writes them. A signer is
 * thread-safe; each message's body is canonicalized and hashed once.
 */
final class DkimSigner {
  static final int MIN_KEY_BITS = 1024;

  /** Signed in this order, each once more than it occurs, so that none can be added later. */
  private static final List<String> SIGNED =
      List.of(
          "from",
          "to",
          "reply-to",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "list-id",
          "list-unsubscribe",
          "list-unsubscribe-post",
          "list-archive",
          "feedback-id");

  private static final int MAX_LINE = 78;
  private static final String FOLD = "\r\n ";

  private final RSAPrivateKey key;
  private final Clock clock;
  private final String domain;
  private final String selector;

  DkimSigner(String domain, String selector, RSAPrivateKey key, Clock clock) {
    this.domain = domain;
    this.selector = selector;
    this.key = key;
    this.clock = clock;
  }

  /**
   * A signer for the settings' domain, selector and key; the key file is read here, once.
   *
   * @throws MailSettingsException if the key file cannot be read, is not a PKCS#8 RSA key, or has
   *     fewer than 1024 bits
   */
  static DkimSigner of(DkimSettings settings, Clock clock) {
    return new DkimSigner(settings.domain(), settings.selector(), readKey(settings), clock);
  }

  /**
   * A warning when the signing domain does not align with the From address's domain (DMARC relaxed
   * alignment): neither is the other nor a subdomain of the other. Without the public suffix list
   * two sibling subdomains ({@code news.example.org} and {@code mail.example.org}) are reported
   * too, although DMARC would count them as aligned.
   */
  Optional<String> alignmentWarning(EmailAddress from) {
    String f = from.domain().toLowerCase(Locale.ROOT);
    if (f.equals(domain) || f.endsWith("." + domain) || domain.endsWith("." + f)) {
      return Optional.empty();
    }
    return Optional.of(
        "DKIM signing domain '"
            + domain
            + "' is not the From domain '"
            + f
            + "': receivers will not count the signature for DMARC (it does not align);"
            + " sign with d="
            + f
            + " or send from an address at "
            + domain);
  }

  /** The message with a DKIM-Signature header in front; the rest is unchanged. */
  byte[] sign(byte[] message) {
    int bodyStart = bodyStart(message);
    List<String> fields = fields(message, bodyStart);

    MessageDigest sha256 = sha256();
    relaxedBody(message, bodyStart, sha256::update);
    String bodyHash = Base64.getEncoder().encodeToString(sha256.digest());

    Map<String, List<String>> byName = new HashMap<>();
    for (String field : fields) {
      byName.computeIfAbsent(name(field), n -> new ArrayList<>(1)).add(field);
    }
    List<String> signed = new ArrayList<>(24);
    for (String name : SIGNED) {
      // Once more than it occurs: over-signing.
      signed.addAll(Collections.nCopies(count(byName, name) + 1, name));
    }

    String unsigned = signatureWithoutB(clock.instant().getEpochSecond(), signed, bodyHash);
    // RFC 6376 section 5.4.2: repeated names take instances from the bottom up; an entry with
    // no instance left contributes nothing.
    StringBuilder hashed = new StringBuilder(1024);
    Map<String, Integer> used = new HashMap<>();
    for (String name : signed) {
      List<String> instances = byName.getOrDefault(name, List.of());
      int next = used.merge(name, 1, Integer::sum);
      if (next <= instances.size()) {
        hashed.append(relaxedHeader(instances.get(instances.size() - next)));
      }
    }
    String canonicalSignature = relaxedHeader(unsigned);
    // The signature header itself is hashed without its trailing CRLF (section 3.7).
    hashed.append(canonicalSignature, 0, canonicalSignature.length() - 2);

    byte[] b;
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(hashed.toString().getBytes(StandardCharsets.ISO_8859_1));
      b = rsa.sign();
    } catch (GeneralSecurityException e) {
      throw new MailSettingsException("DKIM signing failed: " + e.getMessage(), e);
    }

    String header = unsigned + foldB(Base64.getEncoder().encodeToString(b)) + "\r\n";
    byte[] head = header.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + message.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(message, 0, out, head.length, message.length);
    return out;
  }

  /** The DKIM-Signature header up to and including the empty {@code b=}, folded. */
  private String signatureWithoutB(long time, List<String> signed, String bodyHash) {
    StringBuilder out = new StringBuilder(512).append("DKIM-Signature:");
    int[] column = {out.length()};
    append(out, column, " ", "v=1;");
    append(out, column, " ", "a=rsa-sha256;");
    append(out, column, " ", "c=relaxed/relaxed;");
    append(out, column, " ", "d=" + domain + ";");
    append(out, column, " ", "s=" + selector + ";");
    append(out, column, " ", "t=" + time + ";");
    for (int i = 0; i < signed.size(); i++) {
      String atom = (i == 0 ? "h=" : "") + signed.get(i) + (i == signed.size() - 1 ? ";" : ":");
      append(out, column, i == 0 ? " " : "", atom);
    }
    append(out, column, " ", "bh=" + bodyHash + ";");
    // b= starts its own line, so the folded signature value follows without a gap.
    out.append(FOLD).append("b=");
    return out.toString();
  }

  /** Appends {@code atom}, after {@code gap} on the same line when it fits, else on a new one. */
  private static void append(StringBuilder out, int[] column, String gap, String atom) {
    if (column[0] + gap.length() + atom.length() <= MAX_LINE) {
      out.append(gap).append(atom);
      column[0] += gap.length() + atom.length();
    } else {
      out.append(FOLD).append(atom);
      column[0] = 1 + atom.length();
    }
  }

  /** The b= value for a line that already holds {@code " b="}, folded at 78 columns. */
  static String foldB(String base64) {
    StringBuilder out = new StringBuilder(base64.length() + 16);
    int room = MAX_LINE - " b=".length();
    int at = 0;
    while (at < base64.length()) {
      int end = Math.min(base64.length(), at + room);
      if (at > 0) {
        out.append(FOLD);
      }
      out.append(base64, at, end);
      at = end;
      room = MAX_LINE - 1;
    }
    return out.toString();
  }

  /** The index where the body starts: after the first empty line, or the end if there is none. */
  static int bodyStart(byte[] message) {
    if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
      return 2;
    }
    for (int i = 0; i + 3 < message.length; i++) {
      if (message[i] == '\r'
          && message[i + 1] == '\n'
          && message[i + 2] == '\r'
          && message[i + 3] == '\n') {
        return i + 4;
      }
    }
    return message.length;
  }

  /**
   * The header fields before {@code bodyStart}, in order, each as its raw text (bytes as ISO 8859-1
   * characters, folding kept, without the CRLF that ends it).
   */
  static List<String> fields(byte[] message, int bodyStart) {
    String head = new String(message, 0, bodyStart, StandardCharsets.ISO_8859_1);
    List<String> fields = new ArrayList<>(16);
    int start = 0;
    while (start < head.length() && !head.startsWith("\r\n", start)) {
      int end = lineEnd(head, start);
      while (end + 2 < head.length() && isWsp(head.charAt(end + 2))) {
        end = lineEnd(head, end + 2);
      }
      String field = head.substring(start, end);
      if (field.indexOf(':') <= 0 || isWsp(field.charAt(0))) {
        throw new IllegalArgumentException(
            "message header line '" + field + "' is not a header field");
      }
      fields.add(field);
      start = end + 2;
    }
    return fields;
  }

  private static int lineEnd(String head, int from) {
    int end = head.indexOf("\r\n", from);
    return end < 0 ? head.length() : end;
  }

  /** The lower-cased name of a raw header field, without white space before the colon. */
  private static String name(String field) {
    return field.substring(0, field.indexOf(':')).stripTrailing().toLowerCase(Locale.ROOT);
  }

  /**
   * A raw header field in relaxed canonical form (RFC 6376 section 3.4.2), ending in CRLF: name
   * lower-cased, value unfolded, runs of space and tab made one space, white space around the colon
   * and at the end removed.
   */
  static String relaxedHeader(String field) {
    int colon = field.indexOf(':');
    StringBuilder out = new StringBuilder(field.length() + 2).append(name(field)).append(':');
    boolean space = false;
    boolean started = false;
    for (int i = colon + 1; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\r' && i + 1 < field.length() && field.charAt(i + 1) == '\n') {
        i++;
      } else if (isWsp(c)) {
        space = true;
      } else {
        if (space && started) {
          out.append(' ');
        }
        space = false;
        started = true;
        out.append(c);
      }
    }
    return out.append("\r\n").toString();
  }

  /** Where canonical bytes go: a digest's {@code update}, or a byte stream's {@code write}. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] bytes, int offset, int length);
  }

  /**
   * Writes the body from {@code start} in relaxed canonical form (RFC 6376 section 3.4.4) to {@code
   * sink}, in chunks: white space at line ends removed, other runs of space and tab made one space,
   * empty lines at the end removed, a CRLF added to a last line without one. An empty body stays
   * empty.
   */
  static void relaxedBody(byte[] message, int start, Sink sink) {
    byte[] buffer = new byte[8192];
    int n = 0;
    int emptyLines = 0;
    int i = start;
    int end = message.length;
    while (i < end) {
      boolean space = false;
      boolean content = false;
      while (i < end && !(message[i] == '\r' && i + 1 < end && message[i + 1] == '\n')) {
        byte c = message[i++];
        if (c == ' ' || c == '\t') {
          space = true;
          continue;
        }
        if (!content) {
          // Empty lines count only when a line with content follows them.
          for (; emptyLines > 0; emptyLines--) {
            n = room(buffer, n, sink);
            buffer[n++] = '\r';
            buffer[n++] = '\n';
          }
          content = true;
        }
        n = room(buffer, n, sink);
        if (space) {
          buffer[n++] = ' ';
          space = false;
        }
        buffer[n++] = c;
      }
      i += 2;
      if (content) {
        n = room(buffer, n, sink);
        buffer[n++] = '\r';
        buffer[n++] = '\n';
      } else {
        emptyLines++;
      }
    }
    sink.write(buffer, 0, n);
  }

  /** Flushes the buffer to the sink unless two more bytes fit; returns the new fill. */
  private static int room(byte[] buffer, int n, Sink sink) {
    if (n + 2 <= buffer.length) {
      return n;
    }
    sink.write(buffer, 0, n);
    return 0;
  }

  private static int count(Map<String, List<String>> byName, String name) {
    List<String> instances = byName.get(name);
    return instances == null ? 0 : instances.size();
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * Whether DER bytes hold a PKCS#1 {@code RSAPrivateKey}: a SEQUENCE whose version INTEGER 0 is
   * followed by another INTEGER (the modulus), where PKCS#8 has the algorithm's SEQUENCE.
   */
  static boolean isPkcs1(byte[] der) {
    if (der.length < 8 || der[0] != 0x30) {
      return false;
    }
    int at = 1;
    int first = der[at++] & 0xff;
    if (first > 0x80) {
      at += first - 0x80;
    }
    return at + 3 < der.length
        && der[at] == 0x02
        && der[at + 1] == 0x01
        && der[at + 2] == 0x00
        && der[at + 3] == 0x02;
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
    if (isPkcs1(der)) {
      throw new MailSettingsException(
          "DKIM key file '"
              + settings.privateKeyFile()
              + "' is a PKCS#1 RSA key (as 'openssl rsa -outform DER' writes), not PKCS#8;"
              + " convert it with 'openssl pkcs8 -topk8 -nocrypt -inform DER -in "
              + settings.privateKeyFile().getFileName()
              + " -out dkim.pem'");
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
