package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * One feed document ready to be written: metadata, items in output order (newest first), the
 * document's {@code updated} instant and its place in an archived feed.
 */
record FeedModel(FeedMetadata metadata, List<FeedItem> items, Instant updated, Paging paging) {
  FeedModel {
    requireNonNull(metadata, "metadata");
    items = List.copyOf(items);
    requireNonNull(updated, "updated");
    requireNonNull(paging, "paging");
  }

  /** Where a document sits in a feed split by RFC 5005. */
  enum Kind {
    /** A plain feed that says nothing about older items. */
    PLAIN,
    /** A feed that holds every item there is ({@code fh:complete}). */
    COMPLETE,
    /** The subscription document of an archived feed, newest items only. */
    SUBSCRIPTION,
    /** An archive document ({@code fh:archive}) that never changes once full. */
    ARCHIVE
  }

  /**
   * The RFC 5005 links of a document; each URI may be {@code null}.
   *
   * @param self the document's own URL when it is not the feed's self URL (archives)
   * @param current the subscription document (archives only)
   * @param prevArchive the next older archive document
   * @param nextArchive the next newer archive document (archives only)
   */
  record Paging(Kind kind, URI self, URI current, URI prevArchive, URI nextArchive) {
    static final Paging PLAIN = new Paging(Kind.PLAIN, null, null, null, null);
    static final Paging COMPLETE = new Paging(Kind.COMPLETE, null, null, null, null);

    Paging {
      requireNonNull(kind, "kind");
    }

    /** The URL of the document itself. */
    URI selfOr(URI feedSelf) {
      return self != null ? self : feedSelf;
    }
  }
}
