package dev.rundbrief.cli.serve;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.DeliveryEngine;
import dev.rundbrief.mail.SubscriberStore;
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
    requireNonNull(clock, "clock");
  }

  /**
   * How many sign-ups are accepted. A client address over its limit gets {@code 429}; an e-mail
   * address over its limit gets the usual answer but no further mail (so the limit reveals nothing
   * about the address).
   *
   * @param perClient sign-up requests per client address within {@code clientWindow}
   * @param perAddress confirmation mails per e-mail address within {@code addressWindow}
   */
  public record RateLimits(
      int perClient, Duration clientWindow, int perAddress, Duration addressWindow) {
    /** 10 sign-ups per client address in 10 minutes, 3 mails per address in 24 hours. */
    public static final RateLimits DEFAULT =
        new RateLimits(10, Duration.ofMinutes(10), 3, Duration.ofHours(24));

    /** Validates the parts. */
    public RateLimits {
      if (perClient < 1 || perAddress < 1) {
        throw new IllegalArgumentException("rate limits must be at least 1");
      }
      requireNonNull(clientWindow, "clientWindow");
      requireNonNull(addressWindow, "addressWindow");
    }
  }
}
