package dev.rundbrief.cli.serve;

import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.store.Confirmation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request, sets the security headers, turns failures into short pages without stack
 * traces, and queues the access log line ({@link AccessLog}: client network, method, path without
 * query, status, time; never an address or a token).
 *
 * <p>Runs on a worker thread with the request body already read, so a slow client never holds a
 * worker while it sends.
 */
final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final ServeSettings settings;
  private final StaticFiles files;
  private final Pages pages;
  private final StoreHolder store;
  private final SignupWorker signups;
  private final RateLimiter perClient;
  private final AccessLog accessLog;

  Router(
      ServeSettings settings,
      StaticFiles files,
      StoreHolder store,
      SignupWorker signups,
      RateLimiter perClient,
      AccessLog accessLog) {
    this.accessLog = accessLog;
    this.settings = settings;
    this.files = files;
    this.pages = new Pages(settings.language(), settings.title());
    this.store = store;
    this.signups = signups;
    this.perClient = perClient;
  }

  /** Answers one request; never throws. */
  void handle(Exchange exchange, long startNanos) {
    String method = exchange.method();
    String rawPath = exchange.rawPath();
    try {
      Responses.securityHeaders(exchange.responseHeaders());
      route(exchange, method, rawPath);
    } catch (Forms.Rejected e) {
      sendError(exchange, e.status);
    } catch (IOException e) {
      LOG.debug("I/O error on {} {}: {}", method, AccessLog.logPath(rawPath), e.toString());
      sendError(exchange, 500);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed: {}", method, AccessLog.logPath(rawPath), e.getClass().getName());
      LOG.debug("failure", e);
      sendError(exchange, 500);
    } finally {
      sendError(exchange, 500);
      accessLog.log(
          clientAddress(exchange),
          method,
          rawPath,
          exchange.status(),
          System.nanoTime() - startNanos);
    }
  }

  /** Sends an error page unless something was sent already. */
  private void sendError(Exchange exchange, int status) {
    if (exchange.status() != -1) {
      return;
    }
    try {
      Responses.html(exchange, status, pages.error(status));
    } catch (RuntimeException e) {
      LOG.debug("cannot send error page: {}", e.toString());
    }
  }

  private void route(Exchange exchange, String method, String path)
      throws IOException, Forms.Rejected {
    switch (path) {
      case "/", "/archive" -> {
        if (allow(exchange, method, "GET", "HEAD")) {
          Responses.redirect(exchange, path.equals("/") ? "archive/" : "archive/");
        }
      }
      case "/health" -> {
        if (allow(exchange, method, "GET", "HEAD")) {
          boolean ok = store.healthy();
          Responses.text(exchange, ok ? 200 : 503, ok ? "ok\n" : "unavailable\n");
        }
      }
      case "/subscribe" -> {
        if (allow(exchange, method, "GET", "HEAD", "POST")) {
          if (method.equals("POST")) {
            subscribe(exchange);
          } else {
            Responses.html(exchange, 200, pages.signupForm("", "", ""));
          }
        }
      }
      case "/confirm" -> {
        if (allow(exchange, method, "GET", "HEAD", "POST")) {
          confirm(exchange, method.equals("POST"));
        }
      }
      case "/unsubscribe" -> {
        if (allow(exchange, method, "GET", "HEAD", "POST")) {
          unsubscribe(exchange, method.equals("POST"));
        }
      }
      default -> {
        if (allow(exchange, method, "GET", "HEAD")) {
          staticFile(exchange, path);
        }
      }
    }
  }

  /** Whether requests for this path read or write the subscriber store (so may block). */
  static boolean usesStore(String rawPath) {
    return rawPath.equals("/health")
        || rawPath.equals("/confirm")
        || rawPath.equals("/unsubscribe")
        || rawPath.equals("/subscribe");
  }

  private boolean allow(Exchange exchange, String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return true;
      }
    }
    exchange.responseHeaders().put("Allow", String.join(", ", allowed));
    Responses.html(exchange, 405, pages.error(405));
    return false;
  }

  private void staticFile(Exchange exchange, String rawPath) throws IOException {
    StaticFiles.Resolved target = files.resolve(rawPath);
    if (target.relative() == null) {
      Responses.html(exchange, 400, pages.error(400));
      return;
    }
    Optional<Path> file = target.file();
    if (file.isEmpty() || !files.serve(exchange, target.relative(), file.get())) {
      Responses.html(exchange, 404, pages.error(404));
    }
  }

  private void subscribe(Exchange exchange) throws Forms.Rejected {
    if (crossSite(exchange)) {
      Responses.html(exchange, 403, pages.crossSite());
      return;
    }
    InetAddress client = clientAddress(exchange);
    String key = RateLimiter.clientKey(client, settings.limits().ipv6Prefix());
    if (!perClient.tryAcquire(key)) {
      exchange
          .responseHeaders()
          .put("Retry-After", Long.toString(perClient.retryAfterSeconds(key)));
      Responses.html(exchange, 429, pages.tooManyRequests());
      return;
    }
    Map<String, String> form = Forms.body(exchange);
    String email = form.getOrDefault("email", "").strip();
    String name = form.getOrDefault("name", "").strip();
    if (!form.getOrDefault("website", "").isEmpty()) {
      // A bot filled the hidden field: the same answer, nothing stored, nothing sent.
      LOG.info("sign-up with filled honeypot ignored");
      Responses.html(exchange, 200, pages.signupAccepted());
      return;
    }
    boolean german = settings.language().getLanguage().equals("de");
    EmailAddress address;
    try {
      address = EmailAddress.parse(email);
    } catch (IllegalArgumentException e) {
      String error =
          german
              ? "Bitte geben Sie eine gültige E-Mail-Adresse ein."
              : "Please enter a valid e-mail address.";
      Responses.html(
          exchange, 400, pages.signupForm(error, printable(email, 254), printable(name, 100)));
      return;
    }
    Optional<String> nameProblem = nameProblem(name);
    if (nameProblem.isPresent()) {
      String error =
          german
              ? "Der Name ist ungültig: " + nameProblem.get()
              : "The name is not valid: " + nameProblem.get();
      Responses.html(exchange, 400, pages.signupForm(error, email, printable(name, 100)));
      return;
    }
    if (!"yes".equals(form.get("consent"))) {
      String error =
          german
              ? "Bitte bestätigen Sie die Einwilligung, damit wir Ihnen schreiben dürfen."
              : "Please tick the consent box so that we may write to you.";
      Responses.html(exchange, 400, pages.signupForm(error, email, name));
      return;
    }
    Instant now = settings.clock().instant();
    Consent consent =
        Consent.of(now, "web-form", pages.consentVersion()).withIp(client.getHostAddress());
    if (!signups.submit(address, name, consent)) {
      exchange.responseHeaders().put("Retry-After", "120");
      Responses.html(exchange, 503, pages.busy());
      return;
    }
    Responses.html(exchange, 200, pages.signupAccepted());
  }

  /**
   * What is wrong with a name from the sign-up form, in the form's language; empty when it may be
   * stored: at most 100 characters, and the shared rule for single-line values ({@link SingleLine}:
   * no line breaks, control, line or paragraph separator or bidi override characters, which would
   * split a header or a line of the mail or disguise the name).
   */
  Optional<String> nameProblem(String name) {
    boolean german = settings.language().getLanguage().equals("de");
    if (name.codePointCount(0, name.length()) > 100) {
      return Optional.of(german ? "höchstens 100 Zeichen." : "at most 100 characters.");
    }
    if (SingleLine.firstRefused(name) >= 0) {
      return Optional.of(
          german
              ? "keine Zeilenumbrüche, Steuer- oder Trennzeichen."
              : "no line breaks, control or separator characters.");
    }
    return Optional.empty();
  }

  /**
   * Whether a browser says the form was sent from another site: {@code Sec-Fetch-Site} other than
   * {@code same-origin} or {@code none} (typed by the user), or else an {@code Origin} that is
   * neither the public URL's nor this server's. Requests without either header (mail providers,
   * scripts, old browsers) are not cross-site forms.
   */
  boolean crossSite(Exchange exchange) {
    String site = exchange.header("Sec-Fetch-Site");
    if (site != null) {
      String s = site.strip().toLowerCase(Locale.ROOT);
      return !s.equals("same-origin") && !s.equals("none");
    }
    String origin = exchange.header("Origin");
    if (origin == null) {
      return false;
    }
    String o = origin.strip().toLowerCase(Locale.ROOT);
    String host = exchange.host().toLowerCase(Locale.ROOT);
    return !o.equals(origin(settings.publicUrl()))
        && !(!host.isEmpty() && (o.equals("http://" + host) || o.equals("https://" + host)));
  }

  private static String origin(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + url.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private void confirm(Exchange exchange, boolean post) throws Forms.Rejected {
    if (post && crossSite(exchange)) {
      Responses.html(exchange, 403, pages.crossSite());
      return;
    }
    Map<String, String> query = Forms.query(exchange.rawQuery());
    String token = query.getOrDefault("t", "");
    if (post) {
      token = Forms.body(exchange).getOrDefault("t", token);
    }
    if (!TOKEN.matcher(token).matches()) {
      Responses.html(exchange, 404, pages.invalidLink());
      return;
    }
    Confirmation c =
        post
            ? store.get().confirm(token, clientAddress(exchange).getHostAddress())
            : store.get().checkConfirmation(token);
    switch (c.outcome()) {
      case VALID -> Responses.html(exchange, 200, pages.confirmForm(token));
      case CONFIRMED -> {
        LOG.info("subscriber #{} confirmed", c.subscriberId());
        Responses.html(exchange, 200, pages.confirmed());
      }
      case ALREADY_CONFIRMED -> Responses.html(exchange, 200, pages.confirmed());
      case EXPIRED -> Responses.html(exchange, 410, pages.confirmationExpired());
      case INVALID -> Responses.html(exchange, 404, pages.invalidLink());
    }
  }

  private void unsubscribe(Exchange exchange, boolean post) throws Forms.Rejected {
    Map<String, String> query = Forms.query(exchange.rawQuery());
    String token = query.getOrDefault("t", "");
    Map<String, String> form = post ? Forms.body(exchange) : Map.of();
    if (!TOKEN.matcher(token).matches()) {
      Responses.html(exchange, 404, pages.invalidLink());
      return;
    }
    Optional<Subscriber> s = store.get().findByToken(token);
    if (s.isEmpty()) {
      Responses.html(exchange, 404, pages.invalidLink());
      return;
    }
    if (!post) {
      Responses.html(
          exchange,
          200,
          s.get().state() == SubscriberState.UNSUBSCRIBED
              ? pages.unsubscribed()
              : pages.unsubscribeForm(token));
      return;
    }
    if (!"One-Click".equals(form.get("List-Unsubscribe"))) {
      Responses.html(exchange, 400, pages.badUnsubscribeRequest());
      return;
    }
    Optional<Subscriber> done = store.get().unsubscribe(token);
    done.ifPresent(d -> LOG.info("subscriber #{} unsubscribed", d.id()));
    Responses.html(exchange, 200, pages.unsubscribed());
  }

  /** The client's address; behind a trusted local proxy, the last X-Forwarded-For entry. */
  InetAddress clientAddress(Exchange exchange) {
    InetAddress peer = exchange.peer();
    if (settings.behindProxy() && peer.isLoopbackAddress()) {
      List<String> forwarded = exchange.headers("X-Forwarded-For");
      if (!forwarded.isEmpty()) {
        String[] hops = forwarded.get(forwarded.size() - 1).split(",");
        String last = hops[hops.length - 1].strip();
        if (IPV4.matcher(last).matches() || (IP.matcher(last).matches() && last.contains(":"))) {
          try {
            // Only literals match IP, so this never looks anything up.
            return InetAddress.getByName(last);
          } catch (UnknownHostException e) {
            return peer;
          }
        }
      }
    }
    return peer;
  }

  /** At most {@code max} characters, for showing back in the form. */
  private static String printable(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
