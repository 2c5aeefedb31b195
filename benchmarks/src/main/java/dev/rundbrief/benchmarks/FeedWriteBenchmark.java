package dev.rundbrief.benchmarks;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndCategoryImpl;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEnclosureImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import dev.rundbrief.feed.FeedFormat;
import dev.rundbrief.feed.FeedMetadata;
import dev.rundbrief.feed.FeedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes a feed of {@code items} articles with about 5 KB of HTML each, in every format, and the
 * same data through Rome's {@code SyndFeedOutput} (RSS 2.0 and Atom 1.0) as the reference.
 *
 * <p>Every variant writes UTF-8 bytes into a counting stream that discards them, so encoding is
 * measured and disk speed is not. Rome's {@code SyndFeed} is built once in the setup, so only its
 * output is timed; Rundbrief's times include turning articles into items.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FeedWriteBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class FeedWriteBenchmark {
  @Param({"10000"})
  public int items;

  private List<Article> articles;
  private FeedWriter rss;
  private FeedWriter atom;
  private FeedWriter json;
  private SyndFeed romeRss;
  private SyndFeed romeAtom;

  /** Builds the articles (sanitizing their HTML is setup, not measured) and Rome's feeds. */
  @Setup
  public void setUp() {
    articles = articles(items);
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    rss = FeedWriter.of(FeedFormat.RSS, metadata(FeedFormat.RSS), clock);
    atom = FeedWriter.of(FeedFormat.ATOM, metadata(FeedFormat.ATOM), clock);
    json = FeedWriter.of(FeedFormat.JSON_FEED, metadata(FeedFormat.JSON_FEED), clock);
    romeRss = romeFeed(articles, "rss_2.0");
    romeAtom = romeFeed(articles, "atom_1.0");
  }

  /** Rundbrief, RSS 2.0. */
  @Benchmark
  public long rundbriefRss() {
    CountingStream out = new CountingStream();
    rss.writeArticles(articles, out);
    return out.count;
  }

  /** Rundbrief, Atom 1.0. */
  @Benchmark
  public long rundbriefAtom() {
    CountingStream out = new CountingStream();
    atom.writeArticles(articles, out);
    return out.count;
  }

  /** Rundbrief, JSON Feed 1.1 (Rome has no JSON Feed writer to compare with). */
  @Benchmark
  public long rundbriefJsonFeed() {
    CountingStream out = new CountingStream();
    json.writeArticles(articles, out);
    return out.count;
  }

  /** Reference: Rome's SyndFeedOutput, RSS 2.0, without pretty-printing. */
  @Benchmark
  public long romeRss() throws IOException, FeedException {
    return rome(romeRss);
  }

  /** Reference: Rome's SyndFeedOutput, Atom 1.0, without pretty-printing. */
  @Benchmark
  public long romeAtom() throws IOException, FeedException {
    return rome(romeAtom);
  }

  private static long rome(SyndFeed feed) throws IOException, FeedException {
    CountingStream out = new CountingStream();
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    new SyndFeedOutput().output(feed, writer, false);
    writer.flush();
    return out.count;
  }

  static FeedMetadata metadata(FeedFormat format) {
    return FeedMetadata.builder(
            "KI-Woche: Nachrichten & Analysen",
            URI.create("https://ki-woche.example/"),
            URI.create("https://ki-woche.example/feeds/articles." + format.fileExtension()))
        .subtitle("Was diese Woche in der KI zählt")
        .language(Locale.GERMANY)
        .author(new Author("Redaktion", "redaktion@ki-woche.example", null))
        .build();
  }

  /** {@code count} articles, each with about 5 KB of HTML that differs from item to item. */
  static List<Article> articles(int count) {
    String paragraph =
        "<p>Die Rechenzentren in Süddeutschland stoßen an Grenzen: Strom &amp; Kühlung kosten"
            + " mehr, als die Betreiber <em>erwartet</em> hatten. Mehr im"
            + " <a href=\"https://ki-woche.example/hintergrund/strom\">Hintergrund</a>.</p>\n";
    List<Article> articles = new ArrayList<>(count);
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    URI base = URI.create("https://ki-woche.example/");
    for (int i = 0; i < count; i++) {
      StringBuilder html = new StringBuilder(5200);
      html.append("<h2>Meldung ").append(i).append(" – Überblick</h2>\n");
      while (html.length() < 5000) {
        html.append(paragraph);
      }
      articles.add(
          Article.builder()
              .title("Meldung " + i + ": Große Modelle & kleine Budgets")
              .link(URI.create("https://ki-woche.example/meldungen/" + i))
              .author(new Author("Jürgen Weiß", "juergen@ki-woche.example", null))
              .published(start.plusSeconds(600L * i))
              .summary("Zusammenfassung der Meldung " + i + " für Entscheider & Entwickler.")
              .content(html.toString(), base)
              .tag("KI")
              .tag("Rechenzentren")
              .leadImage(
                  new Image(
                      URI.create("https://ki-woche.example/bilder/" + i + ".jpg"),
                      "",
                      0,
                      0,
                      "image/jpeg",
                      40_000))
              .build());
    }
    return articles;
  }

  static SyndFeed romeFeed(List<Article> articles, String type) {
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType(type);
    feed.setTitle("KI-Woche: Nachrichten & Analysen");
    feed.setLink("https://ki-woche.example/");
    feed.setUri("https://ki-woche.example/feeds/articles");
    feed.setDescription("Was diese Woche in der KI zählt");
    feed.setLanguage("de-DE");
    feed.setAuthor("Redaktion");
    feed.setPublishedDate(Date.from(Instant.parse("2026-12-01T00:00:00Z")));
    List<SyndEntry> entries = new ArrayList<>(articles.size());
    for (Article article : articles) {
      SyndEntry entry = new SyndEntryImpl();
      entry.setTitle(article.title());
      entry.setLink(article.link().orElseThrow().toString());
      entry.setUri(article.id().value());
      entry.setAuthor(article.authors().get(0).name());
      entry.setPublishedDate(Date.from(article.published().orElseThrow()));
      entry.setUpdatedDate(Date.from(article.published().orElseThrow()));
      SyndContent description = new SyndContentImpl();
      description.setType("text/plain");
      description.setValue(article.summary());
      entry.setDescription(description);
      SyndContent content = new SyndContentImpl();
      content.setType("html");
      content.setValue(article.contentHtml());
      entry.setContents(List.of(content));
      List<SyndCategory> categories = new ArrayList<>();
      for (String tag : article.tags()) {
        SyndCategory category = new SyndCategoryImpl();
        category.setName(tag);
        categories.add(category);
      }
      entry.setCategories(categories);
      Image image = article.leadImage().orElseThrow();
      SyndEnclosure enclosure = new SyndEnclosureImpl();
      enclosure.setUrl(image.url().toString());
      enclosure.setType(image.mediaType());
      enclosure.setLength(image.length());
      entry.setEnclosures(List.of(enclosure));
      entries.add(entry);
    }
    feed.setEntries(entries);
    return feed;
  }

  /** Counts and discards bytes, so that no benchmark measures a disk. */
  static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Runs Rome (the reference) and Rundbrief for RSS and Atom interleaved in this JVM: {@code java
   * -Xmx1g -cp benchmarks/target/benchmarks.jar dev.rundbrief.benchmarks.FeedWriteBenchmark
   * [rounds]}.
   */
  public static void main(String[] args) throws Exception {
    FeedWriteBenchmark b = new FeedWriteBenchmark();
    b.items = 10_000;
    b.setUp();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Interleaved.run(
        System.out,
        "Feed writing, RSS 2.0",
        2,
        rounds,
        java.util.List.of(
            new Interleaved.Case("romeRss", b::romeRss),
            new Interleaved.Case("rundbriefRss", b::rundbriefRss)));
    Interleaved.run(
        System.out,
        "Feed writing, Atom 1.0",
        2,
        rounds,
        java.util.List.of(
            new Interleaved.Case("romeAtom", b::romeAtom),
            new Interleaved.Case("rundbriefAtom", b::rundbriefAtom)));
  }
}
