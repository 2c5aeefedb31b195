package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Checks the configured URLs and fills in URL patterns. */
final class Urls {
  /** Longer URLs would not fit a header line of 998 octets together with the header name. */
  static final int MAX_LENGTH = 900;

  private Urls() {}

  static String checkWebUrl(String setting, String url) {
    requireNonNull(url, setting);
    String u = HeaderValues.check(setting, url.strip());
    if (u.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(setting + " is longer than " + MAX_LENGTH + " characters");
    }
    URI parsed;
    try {
      parsed = new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          setting + " '" + u + "' is not a URL: " + e.getMessage(), e);
    }
    String scheme = parsed.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || parsed.getHost() == null) {
      throw new IllegalArgumentException(setting + " '" + u + "' must be an absolute http(s) URL");
    }
    return u;
  }

  static String checkPattern(String setting, String pattern, String placeholder) {
    requireNonNull(pattern, setting);
    if (!pattern.contains(placeholder)) {
      throw new IllegalArgumentException(
          setting + " '" + pattern + "' must contain the placeholder " + placeholder);
    }
    checkWebUrl(setting, pattern.replace(placeholder, "x"));
    return pattern.strip();
  }

  /** Fills the placeholder with the URL-encoded value. */
  static String fill(String pattern, String placeholder, String value) {
    return pattern.replace(placeholder, URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
