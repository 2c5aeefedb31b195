package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A feed subscription in a source list, as OPML stores it.
 *
 * @param title the name to show; never blank (the feed URL when none is known)
 * @param xmlUrl the feed's own address, absolute
 * @param htmlUrl the site's address, or {@code null} when unknown
 */
public record FeedSource(String title, URI xmlUrl, URI htmlUrl) {
  /** Validates the parts: the feed URL must be absolute, a blank title becomes the feed URL. */
  public FeedSource {
    requireNonNull(xmlUrl, "xmlUrl");
    if (!xmlUrl.isAbsolute()) {
      throw new IllegalArgumentException("feed URL must be absolute: " + xmlUrl);
    }
    title = title == null || title.isBlank() ? xmlUrl.toString() : title.strip();
  }

  /** A source known only by its feed URL and title. */
  public static FeedSource of(String title, URI xmlUrl) {
    return new FeedSource(title, xmlUrl, null);
  }

  /** The site's address, when known. */
  public Optional<URI> siteLink() {
    return Optional.ofNullable(htmlUrl);
  }
}
