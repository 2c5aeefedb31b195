package dev.rundbrief.cli.serve;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SubscriberStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything {@link WebServer} needs, resolved from a workspace by the {@code serve} command.
 *
 * @param address where to listen; port 0 picks a free port
 * @param publicDir the folder with {@code feeds/} and {@code archive/}
 * @param publicUrl the URL {@code publicDir} is published under, ending with {@code /}; confirm
 *     links and WebSub self links are built from it
 * @param language German ({@code de}) pages, or English for anything else
 * @param title the publication's title, shown on the pages
 * @param websubHub the hub announced in {@code Link} headers of feed responses, if any
 * @param behindProxy whether the client address is taken from {@code X-Forwarded-For} when the
 *     connection comes from a loopback address
 * @param store opens the subscriber store; called lazily and again after a failure
 * @param confirmationMail composes the double opt-in mail
 * @param transport builds the engine that sends it (SMTP or outbox)
 * @param confirmationExpiry how long a confirmation link stays valid
 * @param limits the rate limits of sign-ups
 * @param server the HTTP server's own limits: connections, threads, timeouts, sizes
 * @param clock the time of consent records and rate limits
 */
public record ServeSettings(
    InetSocketAddress address,
    Path publicDir,
    URI publicUrl,
    Locale language,
    String title,
    Optional<URI> websubHub,
    boolean behindProxy,
    Supplier<SubscriberStore> store,
    ConfirmationMail confirmationMail,
    Supplier<DeliveryEngine> transport,
    Duration confirmationExpiry,
    RateLimits limits,
    ServerLimits server,
    Clock clock) {

  /** Validates the parts. */
  public ServeSettings {
    requireNonNull(address, "address");
    publicDir = requireNonNull(publicDir, "publicDir").toAbsolutePath().normalize();
    requireNonNull(publicUrl, "publicUrl");
    if (!publicUrl.isAbsolute() || !publicUrl.getPath().endsWith("/")) {
      throw new IllegalArgumentException(
          "publicUrl must be absolute and end with '/': " + publicUrl);
    }
    requireNonNull(language, "language");
    requireNonNull(title, "title");
    requireNonNull(websubHub, "websubHub");
    requireNonNull(store, "store");
    requireNonNull(confirmationMail, "confirmationMail");
    requireNonNull(transport, "transport");
    requireNonNull(confirmationExpiry, "confirmationExpiry");
    if (confirmationExpiry.isNegative() || confirmationExpiry.isZero()) {
      throw new IllegalArgumentException("confirmationExpiry must be positive");
    }
    requireNonNull(limits, "limits");
    requireNonNull(server, "server");
    requireNonNull(clock, "clock");
  }

  /**
   * How many sign-ups are accepted. A client address over its limit gets {@code 429}; an e-mail
   * address over its limit gets the usual answer but no further mail (so the limit reveals nothing
   * about the address).
   *
   * <p>The client limit is a sliding window kept in memory (a restart forgets it); the address
   * limit is counted in the subscriber store per fixed window (a UTC day for 24 hours), so that
   * neither a restart nor sign-ups for other addresses reset it.
   *
   * @param perClient sign-up and confirmation requests per client within any {@code clientWindow}
   * @param clientWindow the client limit's window
   * @param perAddress confirmation mails per e-mail address within one {@code addressWindow}
   * @param addressWindow the address limit's window
   * @param ipv6Prefix how many leading bits of an IPv6 address make one client (IPv4 addresses
   *     count one by one)
   */
  public record RateLimits(
      int perClient,
      Duration clientWindow,
      int perAddress,
      Duration addressWindow,
      int ipv6Prefix) {
    /**
     * 10 requests per client in 10 minutes, an IPv6 client per /64, 3 mails per address per UTC
     * day.
     */
    public static final RateLimits DEFAULT =
        new RateLimits(10, Duration.ofMinutes(10), 3, Duration.ofHours(24), 64);

    /** Validates the parts. */
    public RateLimits {
      if (perClient < 1 || perAddress < 1) {
        throw new IllegalArgumentException("rate limits must be at least 1");
      }
      requireNonNull(clientWindow, "clientWindow");
      requireNonNull(addressWindow, "addressWindow");
      if (clientWindow.toMillis() < 1 || addressWindow.toMillis() < 1) {
        throw new IllegalArgumentException("rate limit windows must be positive");
      }
      if (ipv6Prefix < 1 || ipv6Prefix > 128) {
        throw new IllegalArgumentException("ipv6Prefix must be between 1 and 128: " + ipv6Prefix);
      }
    }

    /** Limits that count an IPv6 client per /64. */
    public RateLimits(
        int perClient, Duration clientWindow, int perAddress, Duration addressWindow) {
      this(perClient, clientWindow, perAddress, addressWindow, 64);
    }
  }

  /**
   * The HTTP server's own limits (Jetty's), so that no client can hold what others need.
   *
   * @param maxConnections open connections at most; beyond it the server stops accepting until one
   *     closes (the operating system queues the rest)
   * @param maxConnectionsPerClient open connections of one client at most (an IPv4 address, an IPv6
   *     prefix of {@link RateLimits#ipv6Prefix()} bits); more are closed as soon as they open, so
   *     that one client can never take the connections others need. Not applied to a trusted local
   *     proxy ({@code behindProxy}), which must limit its clients itself
   * @param maxThreads worker threads at most (a connection holds none while it sends slowly)
   * @param idleTimeout a connection that sends and receives nothing for this long is closed
   * @param requestTimeout a request whose head and body are not complete this long after their
   *     first byte is cut off (slow headers, slow bodies)
   * @param maxHeaderBytes the largest request head (request line and headers); larger gets {@code
   *     431}
   * @param maxFormBytes the largest request body; larger gets {@code 413} before it is read
   */
  public record ServerLimits(
      int maxConnections,
      int maxConnectionsPerClient,
      int maxThreads,
      Duration idleTimeout,
      Duration requestTimeout,
      int maxHeaderBytes,
      int maxFormBytes) {
    /**
     * 2,000 connections, 50 per client, 64 threads, 30 s idle, 10 s per request, 8 KiB head, 16 KiB
     * body.
     */
    public static final ServerLimits DEFAULT =
        new ServerLimits(
            2_000, 50, 64, Duration.ofSeconds(30), Duration.ofSeconds(10), 8 * 1024, 16 * 1024);

    /** Validates the parts. */
    public ServerLimits {
      if (maxConnections < 1 || maxThreads < 8 || maxHeaderBytes < 1024 || maxFormBytes < 1024) {
        throw new IllegalArgumentException(
            "server limits too small: connections >= 1, threads >= 8, header and form bytes >="
                + " 1024");
      }
      if (maxConnectionsPerClient < 1 || maxConnectionsPerClient > maxConnections) {
        throw new IllegalArgumentException(
            "maxConnectionsPerClient must be between 1 and maxConnections ("
                + maxConnections
                + "), is "
                + maxConnectionsPerClient);
      }
      requireNonNull(idleTimeout, "idleTimeout");
      requireNonNull(requestTimeout, "requestTimeout");
      if (idleTimeout.toMillis() < 1 || requestTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("server timeouts must be positive");
      }
    }
  }
}
