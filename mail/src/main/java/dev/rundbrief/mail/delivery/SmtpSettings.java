package dev.rundbrief.mail.delivery;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.EmailAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach the SMTP server: host, port, TLS, login, pool size and limits.
 *
 * <p>The password is never held in a field as text: the settings name an environment variable or a
 * file, read when a connection logs in, and {@link #toString()} shows only that name.
 */
public final class SmtpSettings {
  /** How the connection is protected. */
  public enum Security {
    /** Plain text; only for a relay on the same machine. */
    NONE,
    /** STARTTLS when the server offers it, plain text otherwise. */
    STARTTLS_OPPORTUNISTIC,
    /** STARTTLS, and the connection is refused if the server does not offer it. */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (usually port 465). */
    IMPLICIT_TLS
  }

  private final String host;
  private final int port;
  private final Security security;
  private final String username;
  private final String passwordEnvironment;
  private final Path passwordFile;
  private final String heloName;
  private final String messageIdDomain;
  private final EmailAddress envelopeFrom;
  private final int connections;
  private final int maxMessagesPerConnection;
  private final double messagesPerSecond;
  private final long messagesPerHour;
  private final Duration timeout;
  private final Duration messageTimeout;
  private final String trustedHosts;

  private SmtpSettings(Builder b) {
    host = b.host;
    port = b.port;
    security = b.security;
    username = b.username;
    passwordEnvironment = b.passwordEnvironment;
    passwordFile = b.passwordFile;
    heloName = b.heloName;
    messageIdDomain = b.messageIdDomain;
    envelopeFrom = b.envelopeFrom;
    connections = b.connections;
    maxMessagesPerConnection = b.maxMessagesPerConnection;
    messagesPerSecond = b.messagesPerSecond;
    messagesPerHour = b.messagesPerHour;
    timeout = b.timeout;
    messageTimeout = b.messageTimeout;
    trustedHosts = b.trustedHosts;
  }

  /** Starts settings for a server; everything else has a default. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /** The server's host name. */
  public String host() {
    return host;
  }

  /** The server's port. */
  public int port() {
    return port;
  }

  /** How the connection is protected. */
  public Security security() {
    return security;
  }

  /** The login name, if the server needs AUTH. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The name sent with EHLO/HELO, and the domain of generated Message-IDs. */
  public String heloName() {
    return heloName;
  }

  /** The domain used for Message-IDs of messages the transport itself would generate. */
  public String messageIdDomain() {
    return messageIdDomain;
  }

  /** The envelope sender (MAIL FROM, where bounces go); the message's From when empty. */
  public Optional<EmailAddress> envelopeFrom() {
    return Optional.ofNullable(envelopeFrom);
  }

  /** Connections in the pool; each has its own sender thread. */
  public int connections() {
    return connections;
  }

  /** Messages sent on one connection before it is closed and opened again. */
  public int maxMessagesPerConnection() {
    return maxMessagesPerConnection;
  }

  /** The most messages per second over all connections; 0 means no limit. */
  public double messagesPerSecond() {
    return messagesPerSecond;
  }

  /** The most messages per hour over all connections; 0 means no limit. */
  public long messagesPerHour() {
    return messagesPerHour;
  }

  /** The timeout of the connect and of every reply. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The longest one message may take on its connection, from the first byte (or the connect) to the
   * server's last reply; then the connection is closed and the attempt counts as a dropped
   * connection.
   */
  public Duration messageTimeout() {
    return messageTimeout;
  }

  /**
   * Space-separated hosts whose TLS certificates are trusted without a chain check, or {@code *};
   * empty (the default) checks certificates normally. Meant for test servers with self-signed
   * certificates.
   */
  public String trustedHosts() {
    return trustedHosts;
  }

  /**
   * Reads the password from the environment or file the settings name.
   *
   * @throws DeliveryException if the variable is unset or the file cannot be read; the message
   *     names the variable or file, never the password
   */
  String password(Function<String, String> environment) {
    if (passwordEnvironment != null) {
      String value = environment.apply(passwordEnvironment);
      if (value == null || value.isEmpty()) {
        throw new DeliveryException(
            "SMTP password: environment variable " + passwordEnvironment + " is not set");
      }
      return value;
    }
    if (passwordFile != null) {
      try {
        return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new DeliveryException(
            "SMTP password file '" + passwordFile + "' cannot be read: " + e.getMessage(),
            null,
            0,
            e);
      }
    }
    return null;
  }

  /** Describes the settings without the password. */
  @Override
  public String toString() {
    return "smtp://"
        + (username == null ? "" : username + "@")
        + host
        + ":"
        + port
        + " "
        + security
        + (passwordEnvironment != null ? " password from $" + passwordEnvironment : "")
        + (passwordFile != null ? " password from file " + passwordFile : "")
        + " connections="
        + connections;
  }

  /** Builds {@link SmtpSettings}. */
  public static final class Builder {
    private final String host;
    private final int port;
    private Security security = Security.STARTTLS_OPPORTUNISTIC;
    private String username;
    private String passwordEnvironment;
    private Path passwordFile;
    private String heloName = "localhost";
    private String messageIdDomain = "localhost";
    private EmailAddress envelopeFrom;
    private int connections = 4;
    private int maxMessagesPerConnection = 1000;
    private double messagesPerSecond;
    private long messagesPerHour;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration messageTimeout = Duration.ofMinutes(5);
    private String trustedHosts = "";

    private Builder(String host, int port) {
      this.host = SingleLine.check(requireNonNull(host, "host").strip(), "host", 255);
      if (this.host.isEmpty()) {
        throw new IllegalArgumentException("host is empty");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + port);
      }
      this.port = port;
    }

    /** How the connection is protected; default {@link Security#STARTTLS_OPPORTUNISTIC}. */
    public Builder security(Security security) {
      this.security = requireNonNull(security, "security");
      return this;
    }

    /** Logs in with AUTH as this user, with the password from an environment variable. */
    public Builder loginWithPasswordFromEnvironment(String username, String variable) {
      this.username = SingleLine.check(requireNonNull(username, "username"), "username", 255);
      this.passwordEnvironment = requireNonNull(variable, "variable");
      this.passwordFile = null;
      return this;
    }

    /** Logs in with AUTH as this user, with the password from the first line of a file. */
    public Builder loginWithPasswordFromFile(String username, Path file) {
      this.username = SingleLine.check(requireNonNull(username, "username"), "username", 255);
      this.passwordFile = requireNonNull(file, "file");
      this.passwordEnvironment = null;
      return this;
    }

    /** The name sent with EHLO; default {@code localhost}. Use the sending host's public name. */
    public Builder heloName(String heloName) {
      this.heloName =
          SingleLine.check(requireNonNull(heloName, "heloName").strip(), "heloName", 255);
      return this;
    }

    /** The domain for Message-IDs; default {@code localhost}. */
    public Builder messageIdDomain(String domain) {
      this.messageIdDomain =
          SingleLine.check(requireNonNull(domain, "domain").strip(), "messageIdDomain", 255);
      return this;
    }

    /** The envelope sender (MAIL FROM); by default the message's From address. */
    public Builder envelopeFrom(EmailAddress address) {
      this.envelopeFrom = requireNonNull(address, "address");
      return this;
    }

    /** Connections in the pool (1..64); default 4. */
    public Builder connections(int connections) {
      if (connections < 1 || connections > 64) {
        throw new IllegalArgumentException("connections must be 1..64: " + connections);
      }
      this.connections = connections;
      return this;
    }

    /** Messages per connection before reconnecting (at least 1); default 1000. */
    public Builder maxMessagesPerConnection(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxMessagesPerConnection must be at least 1: " + max);
      }
      this.maxMessagesPerConnection = max;
      return this;
    }

    /** Rate limits over all connections; 0 means no limit (the default). */
    public Builder rateLimit(double perSecond, long perHour) {
      if (perSecond < 0 || perHour < 0) {
        throw new IllegalArgumentException("rate limits must not be negative");
      }
      this.messagesPerSecond = perSecond;
      this.messagesPerHour = perHour;
      return this;
    }

    /**
     * The longest one message may take, connect and login included; default 5 minutes. A server
     * that sends every reply in time but trickles them, or stops reading what it is sent, is given
     * up after this.
     */
    public Builder messageTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("messageTimeout must be positive: " + timeout);
      }
      this.messageTimeout = timeout;
      return this;
    }

    /** The timeout of the connect and of every reply; default 60 seconds. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Hosts trusted without any certificate check, neither chain nor name (for test servers with
     * self-signed certificates only); see {@link #trustedHosts}.
     */
    public Builder trustedHosts(String hosts) {
      this.trustedHosts = SingleLine.check(requireNonNull(hosts, "hosts"), "trustedHosts", 1000);
      return this;
    }

    /** The settings. */
    public SmtpSettings build() {
      return new SmtpSettings(this);
    }
  }
}
