package dev.rundbrief.cli.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sends generated responses: HTML pages and plain text, never cached, HEAD without a body. */
final class Responses {
  /** No scripts, no frames, no plugins; styles inline; images from https only; forms to self. */
  static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:;"
          + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private Responses() {}

  /** The headers every response carries, set before anything else. */
  static void securityHeaders(Headers h) {
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
  }

  static void html(HttpExchange exchange, int status, String html) throws IOException {
    send(exchange, status, "text/html; charset=utf-8", html);
  }

  static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text);
  }

  static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(302, -1);
  }

  private static void send(HttpExchange exchange, int status, String type, String content)
      throws IOException {
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", "no-store");
    if (exchange.getRequestMethod().equals("HEAD")) {
      h.set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
