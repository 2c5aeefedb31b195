package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Publishes a whole feed history into a directory as an RFC 5005 archived feed: a subscription
 * document with the newest items and immutable archive documents with the older ones.
 *
 * <p>Layout, for a feed whose {@linkplain FeedMetadata#selfUrl() self URL} ends in {@code
 * articles.rss} and a page size of {@code n}:
 *
 * <ul>
 *   <li>Up to {@code n} items: only {@code articles.rss}, marked complete ({@code fh:complete}).
 *   <li>More: items in publication order (oldest first, ties by id) are cut into pages of {@code
 *       n}; every full page except the one holding the newest item becomes an archive document
 *       {@code articles-archive-1.rss}, {@code articles-archive-2.rss}, ... (page 1 the oldest),
 *       served next to the subscription document. The subscription document holds the rest (1 to
 *       {@code n} items) and links {@code rel="prev-archive"} to the newest archive. Each archive
 *       carries {@code fh:archive}, {@code rel="current"}, {@code prev-archive} (except page 1) and
 *       {@code next-archive} (except the newest archive: its next page does not exist yet).
 * </ul>
 *
 * <p>Archive page {@code k} always holds items {@code (k-1)*n} to {@code k*n-1}: an archive file is
 * written when it does not exist or differs and is otherwise left alone, modification time
 * included. Adding newer items changes a full page once: when the page after it is archived, the
 * newest archive gains its {@code next-archive} link (a link to a page that does not exist yet
 * would send readers and crawlers to a 404). A backdated item that sorts into an old page does
 * change that page and every later one, which are then rewritten.
 *
 * <p>Every file is replaced atomically, and the subscription document is rewritten only when its
 * bytes change, so a web server's {@code Last-Modified} and {@code ETag} stay put.
 */
public final class FeedArchive {
  private final FeedWriter writer;
  private final int pageSize;

  private FeedArchive(FeedWriter writer, int pageSize) {
    this.writer = requireNonNull(writer, "writer");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /**
   * An archive that writes with {@code writer}'s format and metadata.
   *
   * @param pageSize the most items in one document, at least 1
   */
  public static FeedArchive of(FeedWriter writer, int pageSize) {
    return new FeedArchive(writer, pageSize);
  }

  /** The files one publication consists of, and which of them it actually wrote. */
  public record Published(Path subscription, List<Path> archives, List<Path> written) {
    /** Copies the lists. */
    public Published {
      requireNonNull(subscription, "subscription");
      archives = List.copyOf(archives);
      written = List.copyOf(written);
    }
  }

  /**
   * Writes every article into {@code directory}: the subscription document under the file name of
   * the self URL, and archive documents beside it.
   *
   * @throws FeedWriteException naming the file that could not be written
   */
  public Published publishArticles(Collection<Article> articles, Path directory) {
    return publish(FeedItems.ofArticles(articles), directory);
  }

  /**
   * Writes a digests feed of every issue into {@code directory}, like {@link #publishArticles}.
   *
   * @param issueUrl gives each issue's absolute web address; see {@link FeedWriter#issueUrls}
   */
  public Published publishDigests(
      Collection<Digest> digests, Function<Digest, URI> issueUrl, Path directory) {
    return publish(FeedItems.ofDigests(digests, issueUrl, writer.metadata()), directory);
  }

  /** The file name of the subscription document: the last segment of the self URL. */
  String subscriptionName() {
    String path = writer.metadata().selfUrl().getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "feed." + writer.format().fileExtension() : name;
  }

  /** The file name of archive page {@code k} (1 is the oldest). */
  String archiveName(int k) {
    String name = subscriptionName();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "." + writer.format().fileExtension();
    return stem + "-archive-" + k + extension;
  }

  private Published publish(List<FeedItem> items, Path directory) {
    requireNonNull(directory, "directory");
    List<FeedItem> ordered = items.stream().sorted(FeedWriter.OLDEST_FIRST).toList();
    URI self = writer.metadata().selfUrl();
    int archivePages = ordered.isEmpty() ? 0 : (ordered.size() - 1) / pageSize;
    List<Path> archives = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    for (int k = 1; k <= archivePages; k++) {
      List<FeedItem> page = ordered.subList((k - 1) * pageSize, k * pageSize);
      FeedModel.Paging paging =
          new FeedModel.Paging(
              FeedModel.Kind.ARCHIVE,
              self.resolve(archiveName(k)),
              self,
              k > 1 ? self.resolve(archiveName(k - 1)) : null,
              k < archivePages ? self.resolve(archiveName(k + 1)) : null);
      Path file = directory.resolve(archiveName(k));
      archives.add(file);
      if (writeIfChanged(file, writer.document(page, paging))) {
        written.add(file);
      }
    }
    List<FeedItem> newest = ordered.subList(archivePages * pageSize, ordered.size());
    FeedModel.Paging paging =
        archivePages == 0
            ? FeedModel.Paging.COMPLETE
            : new FeedModel.Paging(
                FeedModel.Kind.SUBSCRIPTION,
                null,
                null,
                self.resolve(archiveName(archivePages)),
                null);
    Path subscription = directory.resolve(subscriptionName());
    if (writeIfChanged(subscription, writer.document(newest, paging))) {
      written.add(subscription);
    }
    return new Published(subscription, archives, written);
  }

  private boolean writeIfChanged(Path file, FeedModel doc) {
    return AtomicFiles.writeIfChanged(file, out -> writer.write(doc, out, file.toString()));
  }
}
