package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * Where the bounces arrive: a mailbox read over IMAP(S) or POP3(S) with Jakarta Mail's own
 * providers.
 *
 * @param protocol {@code imap}, {@code imaps}, {@code pop3} or {@code pop3s}
 * @param host the server
 * @param port the port
 * @param user the login
 * @param password the password (from an environment variable or a file; never printed)
 * @param folder the folder to read ({@code INBOX}; POP3 has only that)
 * @param after what happens to a processed message: {@code move} (IMAP only), {@code delete} or
 *     {@code keep} (it stays; the store remembers it was processed)
 * @param moveTo the IMAP folder processed messages move to; created when missing
 * @param trustAllCertificates skip the TLS certificate checks, for test servers with self-signed
 *     certificates only
 */
public record MailboxSettings(
    String protocol,
    String host,
    int port,
    String user,
    String password,
    String folder,
    String after,
    String moveTo,
    boolean trustAllCertificates) {
  /** Validates the parts. */
  public MailboxSettings {
    requireNonNull(protocol, "protocol");
    protocol = protocol.toLowerCase(Locale.ROOT);
    if (!List.of("imap", "imaps", "pop3", "pop3s").contains(protocol)) {
      throw new IllegalArgumentException(
          "protocol must be imap, imaps, pop3 or pop3s: " + protocol);
    }
    requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(folder, "folder");
    requireNonNull(after, "after");
    if (!List.of("move", "delete", "keep").contains(after)) {
      throw new IllegalArgumentException("after must be move, delete or keep: " + after);
    }
    if (protocol.startsWith("pop3") && after.equals("move")) {
      throw new IllegalArgumentException("POP3 has no folders to move to: use delete or keep");
    }
    requireNonNull(moveTo, "moveTo");
  }

  /** Whether this is POP3. */
  boolean pop3() {
    return protocol.startsWith("pop3");
  }

  @Override
  public String toString() {
    return protocol + "://" + user + "@" + host + ":" + port + "/" + folder;
  }
}
