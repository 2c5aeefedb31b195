package dev.rundbrief.benchmarks;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.SyndFeedOutput;
import dev.rundbrief.feed.FeedDocument;
import dev.rundbrief.feed.FeedReader;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xml.sax.InputSource;

/**
 * Reads one RSS 2.0 feed of 10,000 items with about 5 KB of HTML each: Rundbrief's {@link
 * FeedReader} (safe parse, own date parsing, mapping to articles, HTML sanitizing) against Rome's
 * plain {@link SyndFeedInput} on the same bytes. The sanitizing alone is measured by {@link
 * SanitizerComparison}, on the same bodies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class FeedReadBenchmark {
  @Param({"10000"})
  public int items;

  private byte[] feed;
  private FeedReader reader;

  /** Generates the feed with Rome's own writer. */
  @Setup(Level.Trial)
  public void generate() throws Exception {
    SyndFeed syndFeed = new SyndFeedImpl();
    syndFeed.setFeedType("rss_2.0");
    syndFeed.setTitle("Benchmark-Feed");
    syndFeed.setLink("https://bench.example/");
    syndFeed.setDescription("10.000 Artikel");
    List<SyndEntry> entries = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      SyndEntry entry = new SyndEntryImpl();
      entry.setTitle("Artikel " + i + ": Größere Modelle, kleinere Rechenzentren");
      entry.setLink("https://bench.example/artikel/" + i);
      entry.setUri("https://bench.example/artikel/" + i);
      entry.setPublishedDate(new Date(1_748_000_000_000L + i * 60_000L));
      SyndContent description = new SyndContentImpl();
      description.setType("text/html");
      String body = body(i);
      description.setValue(body);
      entry.setDescription(description);
      entries.add(entry);
    }
    syndFeed.setEntries(entries);
    StringWriter out = new StringWriter();
    new SyndFeedOutput().output(syndFeed, out, false);
    feed = out.toString().getBytes(StandardCharsets.UTF_8);
    reader =
        FeedReader.builder()
            .maxBytes(feed.length + 1L)
            .timeBudget(java.time.Duration.ofMinutes(30))
            .build();
  }

  /** The HTML of item {@code i}: about 5 KB of paragraphs with a relative link and image each. */
  static String body(int i) {
    StringBuilder b = new StringBuilder(5200);
    int p = 0;
    while (b.length() < 5000) {
      b.append("<p>Absatz ")
          .append(p++)
          .append(" von Artikel ")
          .append(i)
          .append(": Die Forscherinnen in München & Zürich zeigen, dass <strong>kleinere</strong>")
          .append(" Modelle mit <a href=\"/quellen/")
          .append(p)
          .append("\">besseren Daten</a> aufholen. <img src=\"bilder/")
          .append(p)
          .append(".png\" alt=\"Grafik\"> Über Jahre wuchsen die Netze.</p>\n");
    }
    return b.toString();
  }

  /** Rundbrief: safe parse, mapping and sanitizing. */
  @Benchmark
  public int rundbriefFeedReader() {
    FeedDocument document = reader.read(feed, "bench.xml");
    return document.articles().size();
  }

  /** Rome: its own parse into SyndFeed, no mapping, no sanitizing. */
  @Benchmark
  public int romeSyndFeedInput() throws Exception {
    SyndFeed parsed = new SyndFeedInput().build(new InputSource(new ByteArrayInputStream(feed)));
    return parsed.getEntries().size();
  }

  /**
   * Runs Rome (the reference) and Rundbrief interleaved in this JVM: {@code java -Xmx2g -cp
   * benchmarks/target/benchmarks.jar dev.rundbrief.benchmarks.FeedReadBenchmark [rounds]}.
   */
  public static void main(String[] args) throws Exception {
    FeedReadBenchmark b = new FeedReadBenchmark();
    b.items = 10_000;
    b.generate();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Interleaved.run(
        System.out,
        "Feed reading, 10,000 items of about 5 KB HTML",
        2,
        rounds,
        java.util.List.of(
            new Interleaved.Case("romeSyndFeedInput", b::romeSyndFeedInput),
            new Interleaved.Case("rundbriefFeedReader", b::rundbriefFeedReader)));
  }
}
