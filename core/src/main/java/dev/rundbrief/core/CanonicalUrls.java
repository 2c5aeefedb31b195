package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalizes article URLs so that the same article reached by different links compares equal.
 *
 * <p>Normalizing makes {@code http} into {@code https}, lower-cases the host and drops a leading
 * {@code www.}, drops default ports, the fragment, a trailing slash on the path, and tracking
 * parameters ({@code utm_*}, {@code fbclid}, {@code gclid} and similar). It resolves {@code .} and
 * {@code ..} path segments, and writes non-ASCII characters and percent-escapes in one form
 * (upper-case UTF-8 escapes), so {@code /Ärger} and {@code /%c3%84rger} compare equal. The order of
 * the other query parameters is kept, because some sites give it meaning.
 */
public final class CanonicalUrls {
  private static final Set<String> TRACKING_PARAMETERS =
      Set.of(
          "fbclid",
          "gclid",
          "dclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "mc_cid",
          "mc_eid",
          "igshid",
          "yclid",
          "_hsenc",
          "_hsmi",
          "mkt_tok",
          "ref_src",
          "ref_url",
          "oly_anon_id",
          "oly_enc_id",
          "vero_id",
          "wt_mc",
          "at_medium",
          "at_campaign");

  private CanonicalUrls() {}

  /**
   * Returns the normalized form of an absolute http(s) URL; other URLs (such as {@code tag:} or
   * {@code urn:}) are returned unchanged.
   */
  public static URI normalize(URI url) {
    requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null
        || url.getHost() == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return url;
    }
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = url.getPort();
    if (port == 80 || port == 443) {
      port = -1;
    }
    String path = url.normalize().getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String query = stripTracking(url.getRawQuery());
    StringBuilder out = new StringBuilder("https://").append(host);
    if (port != -1) {
      out.append(':').append(port);
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    try {
      return new URI(upperCaseEscapes(new URI(out.toString()).toASCIIString()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot normalize URL " + url, e);
    }
  }

  /** Whether a query parameter name is a known tracking parameter. */
  static boolean isTrackingParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("utm_") || TRACKING_PARAMETERS.contains(lower);
  }

  private static String upperCaseEscapes(String ascii) {
    StringBuilder out = new StringBuilder(ascii);
    for (int i = ascii.indexOf('%');
        i >= 0 && i + 2 < out.length();
        i = ascii.indexOf('%', i + 1)) {
      out.setCharAt(i + 1, Character.toUpperCase(out.charAt(i + 1)));
      out.setCharAt(i + 2, Character.toUpperCase(out.charAt(i + 2)));
    }
    return out.toString();
  }

  private static String stripTracking(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!isTrackingParameter(name)) {
        kept.add(pair);
      }
    }
    return kept.isEmpty() ? null : String.join("&", kept);
  }
}
