package dev.rundbrief.feed;

import java.net.URI;
import java.util.Locale;

/**
 * The one rule for URLs that the writers put into a feed: http, https or mailto, nothing else. A
 * {@code javascript:} or {@code data:} URL in a link, an enclosure or an author's page would run or
 * load in a reader that follows it.
 */
final class SafeUrls {
  private SafeUrls() {}

  /** Whether {@code url} is absolute with the scheme http, https or mailto. */
  static boolean isAllowed(URI url) {
    if (url == null || url.getScheme() == null) {
      return false;
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> url.getHost() != null;
      case "mailto" -> true;
      default -> false;
    };
  }

  /** {@code url} when it is allowed, else {@code null}. */
  static URI orNull(URI url) {
    return isAllowed(url) ? url : null;
  }
}
