package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import java.net.URI;

/**
 * A feed could not be fetched over HTTP: the server could not be reached, did not answer in time,
 * answered with an error status, redirected too often, or sent more bytes than allowed.
 *
 * <p>The message names the URL and, when the server answered, the status, for example {@code "feed
 * 'https://example.org/feed.xml': HTTP status 404"}.
 */
public class FeedFetchException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  private final URI url;
  private final int status;

  /**
   * Creates an exception for a URL.
   *
   * @param status the HTTP status the server answered with, or 0 when there was no answer
   */
  public FeedFetchException(URI url, int status, String problem, Throwable cause) {
    super(
        "feed '" + requireNonNull(url, "url") + "': " + requireNonNull(problem, "problem"), cause);
    this.url = url;
    this.status = status;
  }

  /** The URL that could not be fetched (after redirects, the last one tried). */
  public URI url() {
    return url;
  }

  /** The HTTP status the server answered with, or 0 when there was no answer. */
  public int status() {
    return status;
  }
}
