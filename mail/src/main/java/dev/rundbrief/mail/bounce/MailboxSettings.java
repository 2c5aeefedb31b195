package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Where the bounces arrive: a mailbox read over IMAP(S) or POP3(S) with Jakarta Mail's own
 * providers.
 *
 * @param protocol IMAP or POP3, with TLS from the start or without
 * @param host the server
 * @param port the port
 * @param user the login
 * @param password the password (from an environment variable or a file; never printed)
 * @param folder the folder to read ({@code INBOX}; POP3 has only that)
 * @param after what happens to a processed message: moved (IMAP only), deleted, or kept (the store
 *     remembers it was processed)
 * @param moveTo the IMAP folder processed messages move to; created when missing
 * @param trustAllCertificates skip the TLS certificate checks, for test servers with self-signed
 *     certificates only
 */
public record MailboxSettings(
    Protocol protocol,
    String host,
    int port,
    String user,
    String password,
    String folder,
    After after,
    String moveTo,
    boolean trustAllCertificates) {
  /** The protocol a mailbox is read with. */
  public enum Protocol {
    /** IMAP, port 143 by default. */
    IMAP(143),
    /** IMAP over TLS, port 993 by default. */
    IMAPS(993),
    /** POP3, port 110 by default. */
    POP3(110),
    /** POP3 over TLS, port 995 by default. */
    POP3S(995);

    private final int defaultPort;

    Protocol(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /** The protocol's name in Jakarta Mail and in message ids: {@code imaps}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The port the protocol uses unless another is configured. */
    public int defaultPort() {
      return defaultPort;
    }

    /** Whether this is POP3, which has one folder and nothing to move messages to. */
    public boolean pop3() {
      return this == POP3 || this == POP3S;
    }

    /** Whether the connection is TLS from the start. */
    boolean secure() {
      return this == IMAPS || this == POP3S;
    }
  }

  /** What happens to a message once it is processed. */
  public enum After {
    /** Moved into {@code moveTo} (IMAP only). */
    MOVE,
    /** Deleted from the mailbox. */
    DELETE,
    /** Left where it is; the store remembers that it was processed. */
    KEEP
  }

  /** Validates the parts. */
  public MailboxSettings {
    requireNonNull(protocol, "protocol");
    requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(folder, "folder");
    requireNonNull(after, "after");
    if (protocol.pop3() && after == After.MOVE) {
      throw new IllegalArgumentException("POP3 has no folders to move to: use delete or keep");
    }
    requireNonNull(moveTo, "moveTo");
  }

  /**
   * The mailbox as a URL for people (RFC 3986: the user name percent-escaped, so that {@code
   * bounces@example.org} reads {@code bounces%40example.org}; no folder for POP3, which has one);
   * never the password.
   */
  @Override
  public String toString() {
    String url = protocol.id() + "://" + escape(user, "") + "@" + host + ":" + port;
    return protocol.pop3() ? url : url + "/" + escape(folder, "/");
  }

  /** Percent-escapes every byte outside RFC 3986's unreserved and sub-delims, and {@code keep}. */
  private static String escape(String text, String keep) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=".indexOf(c) >= 0
          || keep.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
