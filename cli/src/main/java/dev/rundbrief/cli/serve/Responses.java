package dev.rundbrief.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** Sends generated responses: HTML pages and plain text, never cached, HEAD without a body. */
final class Responses {
  /** No scripts, no frames, no plugins; styles inline; images from https only; forms to self. */
  static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:;"
          + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private Responses() {}

  /** The headers every response carries, set before anything else. */
  static void securityHeaders(HttpFields.Mutable h) {
    for (HttpField f : SECURITY) {
      h.put(f);
    }
  }

  /** Encoded once: every response sends them. */
  private static final List<HttpField> SECURITY =
      List.of(
          new PreEncodedHttpField("Content-Security-Policy", CSP),
          new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
          new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
          new PreEncodedHttpField("X-Frame-Options", "DENY"));

  static void html(Exchange exchange, int status, String html) {
    send(exchange, status, "text/html; charset=utf-8", html);
  }

  static void text(Exchange exchange, int status, String text) {
    send(exchange, status, "text/plain; charset=utf-8", text);
  }

  static void redirect(Exchange exchange, String location) {
    exchange.responseHeaders().put("Location", location);
    exchange.responseHeaders().put("Cache-Control", "no-cache");
    exchange.sendEmpty(302);
  }

  private static void send(Exchange exchange, int status, String type, String content) {
    HttpFields.Mutable h = exchange.responseHeaders();
    h.put("Content-Type", type);
    h.put("Cache-Control", "no-store");
    exchange.send(status, content.getBytes(StandardCharsets.UTF_8));
  }
}
