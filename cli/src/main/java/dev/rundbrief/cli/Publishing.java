package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import dev.rundbrief.feed.FeedArchive;
import dev.rundbrief.feed.FeedFormat;
import dev.rundbrief.feed.FeedMetadata;
import dev.rundbrief.feed.FeedWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes everything under {@code public/}: the articles and digests feeds in RSS, Atom and JSON
 * Feed (with RFC 5005 archive pages past {@code digest.archive_page_size} items), and the web
 * archive. Shared by {@code feed}, {@code run} and {@code demo}.
 */
final class Publishing {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Publishing.class);

  private Publishing() {}

  /** What one publication wrote. */
  record Result(List<Path> feeds, List<Path> written, Path archiveIndex) {}

  static Result publish(
      Workspace ws, Config config, List<Article> articles, List<Digest> issues, Clock clock) {
    PublicLayout layout = PublicLayout.of(ws, config);
    List<Path> feeds = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    for (FeedFormat format : FeedFormat.values()) {
      String key = key(format);
      FeedArchive articleFeed =
          FeedArchive.of(
              FeedWriter.of(format, metadata(config, false, layout.articlesFeedUrl(key)), clock),
              config.digest().archivePageSize());
      FeedArchive.Published a = articleFeed.publishArticles(articles, layout.feeds());
      FeedArchive digestFeed =
          FeedArchive.of(
              FeedWriter.of(format, metadata(config, true, layout.digestsFeedUrl(key)), clock),
              config.digest().archivePageSize());
      FeedArchive.Published d =
          digestFeed.publishDigests(issues, n -> layout.issuePageUrl(n.number()), layout.feeds());
      feeds.add(a.subscription());
      feeds.add(d.subscription());
      written.addAll(a.written());
      written.addAll(d.written());
    }
    written.forEach(f -> LOG.debug("wrote {}", f));
    Path index = new ArchivePages(config, layout).write(issues);
    return new Result(feeds, written, index);
  }

  static String key(FeedFormat format) {
    return switch (format) {
      case RSS -> "rss";
      case ATOM -> "atom";
      case JSON_FEED -> "json";
    };
  }

  private static FeedMetadata metadata(Config config, boolean digests, URI self) {
    Config.Publication pub = config.publication();
    boolean german = pub.language().getLanguage().equals("de");
    String title = digests ? pub.title() + (german ? " – Ausgaben" : " – issues") : pub.title();
    FeedMetadata.Builder b =
        FeedMetadata.builder(title, pub.siteUrl(), self).language(pub.language());
    if (!pub.description().isEmpty()) {
      b.subtitle(pub.description());
    }
    pub.legalNotice()
        .ifPresent(
            l -> {
              b.author(new Author(l.name(), l.email(), pub.siteUrl()));
              b.rights("© " + l.name());
            });
    return b.build();
  }
}
