package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;

/**
 * Writes articles or digests as one feed document in RSS 2.0, Atom 1.0 or JSON Feed 1.1.
 *
 * <p>What callers may rely on, in every format:
 *
 * <ul>
 *   <li>Item ids are the articles' {@link dev.rundbrief.core.ArticleId ids} (or, for digests, a
 *       {@code tag:} URI of the site's host and the issue number), so rewriting a feed never makes
 *       readers show an item twice. In Atom, an id that is not an absolute IRI becomes a stable
 *       name-based {@code urn:uuid:}.
 *   <li>Items come out newest first. The feed's {@code updated} time is the newest item's last
 *       change; only a feed without any dated item takes it from the clock. Writing the same items
 *       twice therefore gives the same bytes.
 *   <li>Output is UTF-8 and independent of the JVM's default locale and time zone: RSS dates are
 *       RFC 822 in GMT with English names, Atom and JSON Feed dates RFC 3339 in UTC.
 *   <li>Output is streamed: memory use does not grow with the size of the feed beyond the items
 *       passed in.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FeedWriter {
  private final FeedFormat format;
  private final FeedMetadata metadata;
  private final Clock clock;
  private final boolean complete;

  private FeedWriter(FeedFormat format, FeedMetadata metadata, Clock clock, boolean complete) {
    this.format = requireNonNull(format, "format");
    this.metadata = requireNonNull(metadata, "metadata");
    this.clock = requireNonNull(clock, "clock");
    this.complete = complete;
  }

  /**
   * A writer for one format and feed.
   *
   * @param clock gives the feed's {@code updated} time only when no item has a date
   */
  public static FeedWriter of(FeedFormat format, FeedMetadata metadata, Clock clock) {
    return new FeedWriter(format, metadata, clock, false);
  }

  /**
   * A copy that marks each document as complete (RFC 5005 {@code fh:complete}; in JSON Feed {@code
   * "_fh": {"complete": true}}), telling readers to drop items that are no longer in it. Use it
   * only when the items passed are all the items the feed has: a feed of "the newest 20" must not
   * be marked complete. {@link FeedArchive} marks feeds that fit on one page by itself.
   */
  public FeedWriter complete() {
    return new FeedWriter(format, metadata, clock, true);
  }

  /** The format this writer writes. */
  public FeedFormat format() {
    return format;
  }

  /** The metadata this writer writes. */
  public FeedMetadata metadata() {
    return metadata;
  }

  /**
   * A function that makes an issue's web address from a pattern, for {@link #writeDigests}: {@code
   * {number}} is replaced by the issue number.
   *
   * @param pattern an absolute URL such as {@code https://example.org/issues/{number}.html}
   * @throws IllegalArgumentException if the pattern lacks {@code {number}} or does not give an
   *     absolute URL
   */
  public static Function<Digest, URI> issueUrls(String pattern) {
    requireNonNull(pattern, "pattern");
    if (!pattern.contains("{number}")) {
      throw new IllegalArgumentException("issue URL pattern has no {number}: " + pattern);
    }
    if (!URI.create(pattern.replace("{number}", "1")).isAbsolute()) {
      throw new IllegalArgumentException("issue URL pattern is not absolute: " + pattern);
    }
    return digest -> URI.create(pattern.replace("{number}", Integer.toString(digest.number())));
  }

  /**
   * Writes an articles feed, one item per article with its summary and full HTML content. The
   * stream is flushed, not closed.
   *
   * @throws FeedWriteException if the stream fails
   */
  public void writeArticles(Collection<Article> articles, OutputStream out) {
    write(document(FeedItems.ofArticles(articles)), out, "stream");
  }

  /**
   * Writes an articles feed to {@code file} atomically: readers of the file see either the old or
   * the new feed, never a part of it.
   *
   * @throws FeedWriteException naming the file if it cannot be written
   */
  public void writeArticles(Collection<Article> articles, Path file) {
    FeedModel doc = document(FeedItems.ofArticles(articles));
    AtomicFiles.write(file, out -> write(doc, out, file.toString()));
  }

  /**
   * Writes a digests feed: one item per issue that links to the issue's web page and carries the
   * issue as HTML (its intro, section headings, linked article titles and summaries).
   *
   * @param issueUrl gives each issue's absolute web address; see {@link #issueUrls(String)}
   * @throws FeedWriteException if the stream fails
   * @throws IllegalArgumentException if {@code issueUrl} gives no absolute URL
   */
  public void writeDigests(
      Collection<Digest> digests, Function<Digest, URI> issueUrl, OutputStream out) {
    write(document(FeedItems.ofDigests(digests, issueUrl, metadata)), out, "stream");
  }

  /**
   * Writes a digests feed to {@code file} atomically, like {@link #writeArticles(Collection,
   * Path)}.
   */
  public void writeDigests(Collection<Digest> digests, Function<Digest, URI> issueUrl, Path file) {
    FeedModel doc = document(FeedItems.ofDigests(digests, issueUrl, metadata));
    AtomicFiles.write(file, out -> write(doc, out, file.toString()));
  }

  private FeedModel document(List<FeedItem> items) {
    FeedModel.Paging paging = complete ? FeedModel.Paging.COMPLETE : FeedModel.Paging.PLAIN;
    return document(items, paging);
  }

  /** A document of {@code items} sorted newest first, dated by its newest item. */
  FeedModel document(List<FeedItem> items, FeedModel.Paging paging) {
    List<FeedItem> sorted = items.stream().sorted(NEWEST_FIRST).toList();
    Instant updated =
        sorted.stream()
            .map(FeedItem::lastModified)
            .filter(i -> i != null)
            .max(Comparator.naturalOrder())
            .orElseGet(clock::instant);
    return new FeedModel(metadata, sorted, updated, paging);
  }

  /** Oldest first by date (undated items first), then by id, so every order is deterministic. */
  static final Comparator<FeedItem> OLDEST_FIRST =
      Comparator.comparing(FeedItem::date, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(FeedItem::id);

  static final Comparator<FeedItem> NEWEST_FIRST = OLDEST_FIRST.reversed();

  void write(FeedModel doc, OutputStream target, String name) {
    try {
      BufferedOutputStream out = new BufferedOutputStream(new NonClosing(target), 1 << 16);
      switch (format) {
        case RSS -> RssWriter.write(doc, out);
        case ATOM -> AtomWriter.write(doc, out);
        case JSON_FEED -> JsonFeedWriter.write(doc, out);
      }
      out.flush();
    } catch (IOException e) {
      throw new FeedWriteException(
          "could not write " + format + " feed to " + name + ": " + e.getMessage(), e);
    } catch (XMLStreamException e) {
      Throwable cause = e.getNestedException() != null ? e.getNestedException() : e;
      throw new FeedWriteException(
          "could not write " + format + " feed to " + name + ": " + cause.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new FeedWriteException(
          "could not write " + format + " feed to " + name + ": " + e.getCause().getMessage(), e);
    }
  }

  /** Keeps the writers from closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
