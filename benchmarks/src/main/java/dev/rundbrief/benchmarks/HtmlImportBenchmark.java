package dev.rundbrief.benchmarks;

import dev.rundbrief.core.HtmlImporter;
import dev.rundbrief.core.ImportOptions;
import dev.rundbrief.core.ImportResult;
import dev.rundbrief.core.ImportSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Imports every page of the HTML importer's fixture set ({@code
 * core/src/test/resources/html-pages}, 32 pages written for the project) with {@link HtmlImporter}:
 * charset detection, parsing, metadata, content extraction and sanitizing. The score is the mean
 * time per page. Run from the repository root, or pass {@code -p pages=/path/to/folder}.
 *
 * <p>{@code benchmarks/readability/bench.mjs} runs readability.js over the same folder in one node
 * process, for the ratio in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
public class HtmlImportBenchmark {
  /** Number of pages in the fixture folder; checked at setup so the per-page figure is honest. */
  static final int PAGES = 32;

  /** The folder of {@code .html} pages. */
  @Param({"core/src/test/resources/html-pages"})
  public String pages;

  private final List<ImportSource> sources = new ArrayList<>();
  private final HtmlImporter importer = new HtmlImporter();
  private final ImportOptions options = ImportOptions.defaults(Locale.GERMAN);

  /** Reads the pages once. */
  @Setup(Level.Trial)
  public void read() {
    try (Stream<Path> files = Files.list(Path.of(pages))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
        sources.add(ImportSource.of(file.getFileName().toString(), Files.readAllBytes(file), null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pages under " + pages, e);
    }
    if (sources.size() != PAGES) {
      throw new IllegalStateException(
          "expected " + PAGES + " pages under " + pages + ", found " + sources.size());
    }
  }

  /** Imports all pages; JMH divides the time by the number of pages. */
  @Benchmark
  @OperationsPerInvocation(PAGES)
  public void importPage(Blackhole hole) {
    for (ImportSource source : sources) {
      ImportResult result = importer.importArticle(source, options);
      hole.consume(result.article().contentHtml());
    }
  }
}
