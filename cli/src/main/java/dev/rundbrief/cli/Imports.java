package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.HtmlImporter;
import dev.rundbrief.core.ImportOptions;
import dev.rundbrief.core.ImportResult;
import dev.rundbrief.core.ImportSource;
import dev.rundbrief.core.Importers;
import dev.rundbrief.core.PublicationDates;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.feed.FeedDocument;
import dev.rundbrief.feed.FeedReader;
import dev.rundbrief.feed.FetchResult;
import dev.rundbrief.feed.FetchState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports files, folders, URLs and the configured feed sources into the workspace store, and
 * reports what happened to each item. One bad input is reported and skipped; it never stops the
 * others, and nothing already stored is lost.
 */
final class Imports {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Imports.class);

  /** What happened to one input or one feed item. */
  enum Outcome {
    IMPORTED,
    UPDATED,
    UNCHANGED,
    NOT_MODIFIED,
    REJECTED
  }

  /** One line of the import report. */
  record Item(String input, Outcome outcome, String title, String detail) {}

  private static final Set<String> ARTICLE_EXTENSIONS =
      Set.of("txt", "text", "md", "markdown", "html", "htm", "xhtml");
  private static final Set<String> FEED_EXTENSIONS = Set.of("xml", "rss", "atom", "rdf", "json");

  private final Stores store;
  private final ImportOptions options;
  private final Instant now;
  private final FeedReader feeds;
  private final List<Item> report = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final java.util.Map<String, Long> lastFetch = new java.util.HashMap<>();

  /** The pause between two article pages fetched from the same host for full text. */
  static final java.time.Duration HOST_DELAY = java.time.Duration.ofSeconds(1);

  Imports(Stores store, Config config, Clock clock) {
    this.store = store;
    this.options = ImportOptions.defaults(config.publication().language());
    this.now = clock.instant();
    this.feeds =
        FeedReader.builder().clock(clock).allowNetworks(config.fetch().allowNetworks()).build();
  }

  List<Item> report() {
    return List.copyOf(report);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  boolean anyRejected() {
    return report.stream().anyMatch(i -> i.outcome() == Outcome.REJECTED);
  }

  /** Imports a file, every importable file under a folder, or an http(s) URL. */
  void importInput(String input) {
    if (input.startsWith("http://") || input.startsWith("https://")) {
      importUrl(input);
      return;
    }
    Path path;
    try {
      path = Path.of(input);
    } catch (java.nio.file.InvalidPathException e) {
      report.add(new Item(input, Outcome.REJECTED, "", "not a file name: " + e.getReason()));
      return;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().startsWith("."))
            .filter(f -> importable(f))
            .sorted()
            .forEach(this::importFile);
      } catch (IOException | UncheckedIOException e) {
        report.add(
            new Item(input, Outcome.REJECTED, "", "cannot list the folder: " + e.getMessage()));
      }
    } else {
      importFile(path);
    }
  }

  /**
   * Fetches one configured feed with a conditional GET and imports its items; for a {@code
   * full_text} source, each new item's article comes from its page.
   */
  void importSource(Config.Source source) {
    String name = source.name();
    URI url = source.url();
    FetchState previous =
        store
            .sourceState(url.toString())
            .map(s -> FetchState.of(s[0], s[1]))
            .orElse(FetchState.none());
    try {
      FetchResult result = feeds.fetch(url, previous);
      if (result instanceof FetchResult.Modified m) {
        importFeed(url.toString(), m.document(), name, source.fullText());
      } else {
        report.add(new Item(url.toString(), Outcome.NOT_MODIFIED, name, "304 Not Modified"));
      }
      store.saveSourceState(
          url.toString(), result.state().etag(), result.state().lastModified(), now);
    } catch (RuntimeException e) {
      report.add(new Item(url.toString(), Outcome.REJECTED, name, reason(e)));
    }
  }

  private void importUrl(String input) {
    LOG.debug("fetching {}", input);
    try {
      FeedReader.Download page = feeds.download(URI.create(input));
      if (FeedReader.looksLikeFeed(page.bytes())) {
        importFeed(input, feeds.read(page.bytes(), input, page.url()), "", false);
      } else {
        store(
            input,
            Importers.importSource(ImportSource.of(input, page.bytes(), page.url()), options),
            null);
      }
    } catch (RuntimeException e) {
      report.add(new Item(input, Outcome.REJECTED, "", reason(e)));
    }
  }

  private void importFile(Path file) {
    String name = file.toString();
    LOG.debug("importing {}", name);
    try {
      String ext = extension(file);
      if (FEED_EXTENSIONS.contains(ext)
          || (!ARTICLE_EXTENSIONS.contains(ext) && FeedReader.looksLikeFeed(head(file)))) {
        importFeed(name, feeds.read(file), "", false);
      } else {
        store(name, Importers.importFile(file, options), file);
      }
    } catch (RuntimeException e) {
      report.add(new Item(name, Outcome.REJECTED, "", reason(e)));
    }
  }

  private void importFeed(String input, FeedDocument doc, String sourceName, boolean fullText) {
    warnings.addAll(doc.warnings());
    if (doc.articles().isEmpty()) {
      report.add(new Item(input, Outcome.UNCHANGED, doc.title(), "the feed has no items"));
    }
    for (Article a : doc.articles()) {
      try {
        Article article =
            sourceName.isEmpty() || !a.source().isEmpty()
                ? a
                : a.toBuilder().source(sourceName).build();
        if (fullText) {
          if (store.contains(article.id())) {
            report.add(
                new Item(input, Outcome.UNCHANGED, article.title(), "already imported, skipped"));
            continue;
          }
          article = withFullText(input, article);
        }
        record(input, article);
      } catch (RuntimeException e) {
        // One item that cannot be stored never costs the feed its other items.
        report.add(new Item(input, Outcome.REJECTED, a.title(), reason(e)));
      }
    }
  }

  /**
   * The feed item with its article's body taken from its page, through the HTML importer: the
   * feed's id, title, link, dates, summary, authors, tags and image win where the feed has them.
   * When the page cannot be fetched or no article is found on it, the item keeps the feed's summary
   * and a warning says why.
   */
  private Article withFullText(String input, Article item) {
    if (item.link().isEmpty()) {
      warnings.add(
          "'" + input + "': '" + item.title() + "' has no link to fetch the full text from");
      return item;
    }
    URI page = item.link().get();
    try {
      waitForHost(page);
      FetchState previous =
          store
              .sourceState(page.toString())
              .map(s -> FetchState.of(s[0], s[1]))
              .orElse(FetchState.none());
      java.util.Optional<FeedReader.Download> download;
      try {
        download = feeds.download(page, previous);
      } finally {
        lastFetch.put(hostOf(page), System.nanoTime());
      }
      if (download.isEmpty()) {
        warnings.add(
            "'"
                + input
                + "': the page of '"
                + item.title()
                + "' has not changed since it was last fetched; kept the feed's summary");
        return item;
      }
      FeedReader.Download d = download.get();
      store.saveSourceState(page.toString(), d.state().etag(), d.state().lastModified(), now);
      ImportResult result =
          new HtmlImporter()
              .importArticle(ImportSource.of(page.toString(), d.bytes(), d.url()), options);
      warnings.addAll(result.warnings());
      Article full = result.article();
      Article.Builder b =
          full.toBuilder()
              .id(item.id())
              .title(item.title())
              .link(page)
              .source(item.source())
              .published(item.published().orElse(full.published().orElse(null)))
              .updated(item.updated().orElse(full.updated().orElse(null)));
      if (!item.summary().isEmpty()) {
        b.summary(item.summary());
      }
      if (!item.authors().isEmpty()) {
        b.authors(item.authors());
      }
      if (!item.tags().isEmpty()) {
        b.tags(item.tags());
      }
      item.leadImage().ifPresent(b::leadImage);
      item.language().ifPresent(b::language);
      return b.build();
    } catch (RuntimeException e) {
      warnings.add(
          "'"
              + input
              + "': full text of '"
              + item.title()
              + "' not imported from "
              + page
              + ": "
              + reason(e)
              + "; kept the feed's summary");
      return item;
    }
  }

  /**
   * Waits until {@link #HOST_DELAY} has passed since the last page fetch from the same host ended.
   */
  private void waitForHost(URI page) {
    Long last = lastFetch.get(hostOf(page));
    if (last != null) {
      long waitNanos = HOST_DELAY.toNanos() - (System.nanoTime() - last);
      if (waitNanos > 0) {
        try {
          Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting to fetch " + page, e);
        }
      }
    }
  }

  private static String hostOf(URI page) {
    return page.getHost() == null ? "" : page.getHost().toLowerCase(Locale.ROOT);
  }

  private void store(String input, ImportResult result, Path file) {
    warnings.addAll(result.warnings());
    Article article = result.article();
    if (article.date().isEmpty() && file != null) {
      // Local text has no date line; the file's modification time is the best evidence of
      // when it was written, and digests window by date.
      try {
        article =
            article.toBuilder().published(Files.getLastModifiedTime(file).toInstant()).build();
      } catch (IOException e) {
        warnings.add("'" + input + "': no date, and the file time cannot be read");
      }
    }
    record(input, article);
  }

  private void record(String input, Article raw) {
    Article article = plausibleDates(input, raw);
    Stores.Saved saved = store.save(article, input, now);
    if (saved == Stores.Saved.CONFLICT) {
      String other = store.origin(article.id()).orElse("another input");
      report.add(
          new Item(
              input,
              Outcome.REJECTED,
              article.title(),
              "'"
                  + input
                  + "': has the same id ("
                  + article.id()
                  + ") as the different article imported from '"
                  + other
                  + "'; kept that one. Give the page a canonical URL, or a distinct title or"
                  + " date"));
      return;
    }
    Outcome outcome =
        switch (saved) {
          case NEW -> Outcome.IMPORTED;
          case UPDATED -> Outcome.UPDATED;
          case UNCHANGED -> Outcome.UNCHANGED;
          case CONFLICT -> throw new IllegalStateException("handled above");
        };
    report.add(
        new Item(
            input,
            outcome,
            article.title(),
            saved == Stores.Saved.UNCHANGED ? "already imported, skipped as duplicate" : ""));
  }

  /**
   * The article without dates that cannot be real (placeholders, the far future, years a feed
   * format cannot write), whichever importer read it: stored, such a date would keep the article
   * out of every digest or break every feed written later.
   */
  private Article plausibleDates(String input, Article article) {
    Instant published = article.published().orElse(null);
    Instant updated = article.updated().orElse(null);
    boolean badPublished = published != null && !PublicationDates.isPlausible(published, now);
    boolean badUpdated = updated != null && !PublicationDates.isPlausible(updated, now);
    if (!badPublished && !badUpdated) {
      return article;
    }
    warnings.add(
        "'"
            + input
            + "': '"
            + article.title()
            + "' has the implausible date "
            + (badPublished ? published : updated)
            + "; stored without it");
    return article.toBuilder()
        .published(badPublished ? null : published)
        .updated(badUpdated ? null : updated)
        .build();
  }

  /** One line for the report: the message of a known failure, the kind of an unexpected one. */
  static String reason(RuntimeException e) {
    if (e instanceof RundbriefException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    LOG.debug("unexpected failure", e);
    return "cannot import ("
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + ")";
  }

  private static boolean importable(Path f) {
    String ext = extension(f);
    return ARTICLE_EXTENSIONS.contains(ext) || FEED_EXTENSIONS.contains(ext);
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static byte[] head(Path file) {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(1024);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
