package dev.rundbrief.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.io.IOException;
import java.net.InetAddress;
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
 * traces, and writes the access log line (client network, method, path without query, status, time;
 * never an address or a token).
 */
final class Router implements HttpHandler {
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.rundbrief.serve.access");
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/._~-]{1,200}");

  private final ServeSettings settings;
  private final StaticFiles files;
  private final Pages pages;
  private final StoreHolder store;
  private final SignupWorker signups;
  private final RateLimiter perClient;

  Router(
      ServeSettings settings,
      StaticFiles files,
      StoreHolder store,
      SignupWorker signups,
      RateLimiter perClient) {
    this.settings = settings;
    this.files = files;
    this.pages = new Pages(settings.language(), settings.title());
    this.store = store;
    this.signups = signups;
    this.perClient = perClient;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    try {
      Responses.securityHeaders(exchange.getResponseHeaders());
      route(exchange, method, rawPath == null ? "" : rawPath);
    } catch (Forms.Rejected e) {
      sendError(exchange, e.status);
    } catch (IOException e) {
      // The client went away or sent garbage; nothing to answer.
      LOG.debug("I/O error on {} {}: {}", method, logPath(rawPath), e.toString());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed: {}", method, logPath(rawPath), e.getClass().getName());
      LOG.debug("failure", e);
      sendError(exchange, 500);
    } finally {
      exchange.close();
      ACCESS.info(
          "{} {} {} {} {}ms",
          network(exchange),
          method,
          logPath(rawPath),
          exchange.getResponseCode(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  private void sendError(HttpExchange exchange, int status) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    try {
      Responses.html(exchange, status, pages.error(status));
    } catch (IOException e) {
      LOG.debug("cannot send error page: {}", e.toString());
    }
  }

  private void route(HttpExchange exchange, String method, String path)
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

  private boolean allow(HttpExchange exchange, String method, String... allowed)
      throws IOException {
    for (String a : allowed) {
      if (a.equals(method)) {
        return true;
      }
    }
    exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
    Responses.html(exchange, 405, pages.error(405));
    return false;
  }

  private void staticFile(HttpExchange exchange, String rawPath) throws IOException {
    Optional<String> relative = relativePath(rawPath);
    if (relative.isEmpty()) {
      Responses.html(exchange, 400, pages.error(400));
      return;
    }
    String rel = relative.get().endsWith("/") ? relative.get() + "index.html" : relative.get();
    Optional<Path> file = files.resolve(rel);
    if (file.isEmpty() || !files.serve(exchange, rel, file.get())) {
      Responses.html(exchange, 404, pages.error(404));
    }
  }

  /**
   * The request path relative to {@code public/}, empty when it is not a plain path: encoded
   * slashes, backslashes, NUL, dot segments, empty segments and hidden files are refused.
   */
  static Optional<String> relativePath(String rawPath) {
    if (!rawPath.startsWith("/") || rawPath.length() > 512) {
      return Optional.empty();
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), "UTF-8");
    } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
      return Optional.empty();
    }
    String rel = decoded.substring(1);
    if (rel.isEmpty()) {
      return Optional.empty();
    }
    String[] segments = rel.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if ((s.isEmpty() && !last) || s.startsWith(".") || s.contains("\\") || s.contains("\0")) {
        return Optional.empty();
      }
      for (int c = 0; c < s.length(); c++) {
        if (Character.isISOControl(s.charAt(c))) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(rel);
  }

  private void subscribe(HttpExchange exchange) throws IOException, Forms.Rejected {
    String client = clientAddress(exchange);
    if (!perClient.tryAcquire(client)) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", Long.toString(perClient.retryAfterSeconds(client)));
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
      Responses.html(exchange, 400, pages.signupForm(error, limit(email, 254), limit(name, 100)));
      return;
    }
    if (name.length() > 100 || name.codePoints().anyMatch(Character::isISOControl)) {
      String error =
          german ? "Der Name ist zu lang oder ungültig." : "The name is too long or invalid.";
      Responses.html(exchange, 400, pages.signupForm(error, email, limit(name, 100)));
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
    Consent consent = Consent.of(now, "web-form", pages.consentVersion()).withIp(client);
    if (!signups.submit(address, name, consent)) {
      exchange.getResponseHeaders().set("Retry-After", "120");
      Responses.html(exchange, 503, pages.busy());
      return;
    }
    Responses.html(exchange, 200, pages.signupAccepted());
  }

  private void confirm(HttpExchange exchange, boolean post) throws IOException, Forms.Rejected {
    Map<String, String> query = Forms.query(exchange.getRequestURI().getRawQuery());
    String token = query.getOrDefault("t", "");
    if (post) {
      token = Forms.body(exchange).getOrDefault("t", token);
    }
    if (!TOKEN.matcher(token).matches()) {
      Responses.html(exchange, 404, pages.invalidLink());
      return;
    }
    Optional<Subscriber> s = store.get().findByToken(token);
    if (s.isEmpty()
        || s.get().state() == SubscriberState.UNSUBSCRIBED
        || s.get().state() == SubscriberState.BOUNCED) {
      Responses.html(exchange, 404, pages.invalidLink());
      return;
    }
    if (s.get().state() == SubscriberState.ACTIVE) {
      Responses.html(exchange, 200, pages.confirmed());
      return;
    }
    Instant expires = s.get().consent().subscribedAt().plus(settings.confirmationExpiry());
    if (!settings.clock().instant().isBefore(expires)) {
      Responses.html(exchange, 410, pages.confirmationExpired());
      return;
    }
    if (!post) {
      Responses.html(exchange, 200, pages.confirmForm(token));
      return;
    }
    Optional<Subscriber> confirmed = store.get().confirm(token);
    if (confirmed.isPresent() && confirmed.get().state() == SubscriberState.ACTIVE) {
      LOG.info("subscriber #{} confirmed", confirmed.get().id());
      Responses.html(exchange, 200, pages.confirmed());
    } else {
      Responses.html(exchange, 404, pages.invalidLink());
    }
  }

  private void unsubscribe(HttpExchange exchange, boolean post) throws IOException, Forms.Rejected {
    Map<String, String> query = Forms.query(exchange.getRequestURI().getRawQuery());
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
  String clientAddress(HttpExchange exchange) {
    InetAddress peer = exchange.getRemoteAddress().getAddress();
    if (settings.behindProxy() && peer.isLoopbackAddress()) {
      List<String> forwarded = exchange.getRequestHeaders().get("X-Forwarded-For");
      if (forwarded != null && !forwarded.isEmpty()) {
        String[] hops = forwarded.get(forwarded.size() - 1).split(",");
        String last = hops[hops.length - 1].strip();
        if (IP.matcher(last).matches()) {
          return last;
        }
      }
    }
    return peer.getHostAddress();
  }

  /** The client's network for the access log: IPv4 /24, IPv6 /48, so no full address is kept. */
  private String network(HttpExchange exchange) {
    String ip;
    try {
      ip = clientAddress(exchange);
    } catch (RuntimeException e) {
      return "-";
    }
    if (ip.contains(":")) {
      String[] parts = ip.split(":");
      return parts.length >= 3 ? parts[0] + ":" + parts[1] + ":" + parts[2] + "::/48" : "::/48";
    }
    int dot = ip.lastIndexOf('.');
    return dot < 0 ? "-" : ip.substring(0, dot) + ".0/24";
  }

  /** The path for the log: without query; anything unusual (an '@', odd characters) masked. */
  static String logPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "-";
    }
    return SAFE_PATH.matcher(rawPath).matches() ? rawPath : "/(masked)";
  }

  private static String limit(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
