package dev.rundbrief.feed;

import java.util.Optional;

/**
 * What a server said about the last fetched version of a feed, for a conditional GET next time.
 *
 * <p>Store it beside the subscription and pass it to {@link FeedReader#fetch(java.net.URI,
 * FetchState)}: when the feed has not changed, the server answers {@code 304 Not Modified} and no
 * body is transferred or parsed.
 *
 * @param etag the {@code ETag} header as sent, or empty
 * @param lastModified the {@code Last-Modified} header as sent, or empty
 */
public record FetchState(String etag, String lastModified) {
  private static final FetchState NONE = new FetchState("", "");

  /** Normalizes {@code null} to empty and rejects line breaks, which would forge headers. */
  public FetchState {
    etag = clean(etag, "etag");
    lastModified = clean(lastModified, "lastModified");
  }

  /** The state before the first fetch: the request is unconditional. */
  public static FetchState none() {
    return NONE;
  }

  /** A state from stored header values; either may be {@code null} or empty. */
  public static FetchState of(String etag, String lastModified) {
    return new FetchState(etag, lastModified);
  }

  /** The ETag to send as {@code If-None-Match}, when there is one. */
  public Optional<String> ifNoneMatch() {
    return etag.isEmpty() ? Optional.empty() : Optional.of(etag);
  }

  /** The date to send as {@code If-Modified-Since}, when there is one. */
  public Optional<String> ifModifiedSince() {
    return lastModified.isEmpty() ? Optional.empty() : Optional.of(lastModified);
  }

  private static String clean(String value, String name) {
    if (value == null) {
      return "";
    }
    String v = value.strip();
    if (v.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " contains a control character: " + v);
    }
    return v;
  }
}
