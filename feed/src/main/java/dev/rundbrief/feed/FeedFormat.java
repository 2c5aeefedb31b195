package dev.rundbrief.feed;

/**
 * The feed formats that {@link FeedWriter} writes.
 *
 * <p>Each format knows the media type a web server should send it with and the file extension under
 * which common server configurations (such as Debian's {@code /etc/mime.types}) map to that media
 * type.
 */
public enum FeedFormat {
  /** RSS 2.0 with the content, Dublin Core, Atom and feed-history extensions. */
  RSS("application/rss+xml; charset=utf-8", "rss"),
  /** Atom 1.0 (RFC 4287) with feed history (RFC 5005). */
  ATOM("application/atom+xml; charset=utf-8", "atom"),
  /** JSON Feed 1.1. */
  JSON_FEED("application/feed+json; charset=utf-8", "json");

  private final String mediaType;
  private final String fileExtension;

  FeedFormat(String mediaType, String fileExtension) {
    this.mediaType = mediaType;
    this.fileExtension = fileExtension;
  }

  /** The value for a {@code Content-Type} header, always with {@code charset=utf-8}. */
  public String mediaType() {
    return mediaType;
  }

  /** The media type without parameters, such as {@code application/rss+xml}. */
  public String baseMediaType() {
    return mediaType.substring(0, mediaType.indexOf(';'));
  }

  /** The file extension without the dot: {@code rss}, {@code atom} or {@code json}. */
  public String fileExtension() {
    return fileExtension;
  }
}
