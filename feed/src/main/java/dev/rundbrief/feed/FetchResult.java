package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a conditional fetch: either the feed is unchanged, or here is its new content.
 *
 * <p>Both outcomes carry the {@link FetchState} to store for the next fetch.
 */
public sealed interface FetchResult permits FetchResult.NotModified, FetchResult.Modified {
  /** The state to pass to the next fetch of the same URL. */
  FetchState state();

  /**
   * The server answered {@code 304 Not Modified}: nothing was transferred or parsed.
   *
   * @param state the state to keep (the previous one, updated by any validators the 304 carried)
   */
  record NotModified(FetchState state) implements FetchResult {
    /** Validates the parts. */
    public NotModified {
      requireNonNull(state, "state");
    }
  }

  /**
   * The server sent the feed.
   *
   * @param document the parsed feed
   * @param state the validators the server sent with it
   */
  record Modified(FeedDocument document, FetchState state) implements FetchResult {
    /** Validates the parts. */
    public Modified {
      requireNonNull(document, "document");
      requireNonNull(state, "state");
    }
  }
}
