package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ImportOptions;
import dev.rundbrief.core.ImportResult;
import dev.rundbrief.core.ImportSource;
import dev.rundbrief.core.Importers;
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
  private static final Set<String> FEED_EXTENSIONS = Set.of("xml", "rss", "atom", "rdf");

  private final Stores store;
  private final ImportOptions options;
  private final Instant now;
  private final FeedReader feeds = FeedReader.create();
  private final List<Item> report = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  Imports(Stores store, Locale defaultLanguage, Instant now) {
    this.store = store;
    this.options = ImportOptions.defaults(defaultLanguage);
    this.now = now;
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
    Path path = Path.of(input);
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().startsWith("."))
            .filter(f -> importable(f))
            .sorted()
            .forEach(this::importFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
      }
    } else {
      importFile(path);
    }
  }

  /** Fetches one configured feed with a conditional GET and imports its items. */
  void importSource(String name, URI url) {
    FetchState previous =
        store
            .sourceState(url.toString())
            .map(s -> FetchState.of(s[0], s[1]))
            .orElse(FetchState.none());
    try {
      FetchResult result = feeds.fetch(url, previous);
      if (result instanceof FetchResult.Modified m) {
        importFeed(url.toString(), m.document(), name);
      } else {
        report.add(new Item(url.toString(), Outcome.NOT_MODIFIED, name, "304 Not Modified"));
      }
      store.saveSourceState(
          url.toString(), result.state().etag(), result.state().lastModified(), now);
    } catch (RundbriefException e) {
      report.add(new Item(url.toString(), Outcome.REJECTED, name, e.getMessage()));
    }
  }

  private void importUrl(String input) {
    LOG.debug("fetching {}", input);
    try {
      FeedReader.Download page = feeds.download(URI.create(input));
      if (FeedReader.looksLikeFeed(page.bytes())) {
        importFeed(input, feeds.read(page.bytes(), input, page.url()), "");
      } else {
        store(
            input,
            Importers.importSource(ImportSource.of(input, page.bytes(), page.url()), options),
            null);
      }
    } catch (RundbriefException | IllegalArgumentException e) {
      report.add(new Item(input, Outcome.REJECTED, "", e.getMessage()));
    }
  }

  private void importFile(Path file) {
    String name = file.toString();
    LOG.debug("importing {}", name);
    try {
      String ext = extension(file);
      if (FEED_EXTENSIONS.contains(ext)
          || (!ARTICLE_EXTENSIONS.contains(ext) && FeedReader.looksLikeFeed(head(file)))) {
        importFeed(name, feeds.read(file), "");
      } else {
        store(name, Importers.importFile(file, options), file);
      }
    } catch (RundbriefException e) {
      report.add(new Item(name, Outcome.REJECTED, "", e.getMessage()));
    }
  }

  private void importFeed(String input, FeedDocument doc, String sourceName) {
    warnings.addAll(doc.warnings());
    if (doc.articles().isEmpty()) {
      report.add(new Item(input, Outcome.UNCHANGED, doc.title(), "the feed has no items"));
    }
    for (Article a : doc.articles()) {
      Article article =
          sourceName.isEmpty() || !a.source().isEmpty()
              ? a
              : a.toBuilder().source(sourceName).build();
      record(input, article);
    }
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

  private void record(String input, Article article) {
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
