package dev.rundbrief.benchmarks;

import dev.rundbrief.core.HtmlImporter;
import dev.rundbrief.core.ImportException;
import dev.rundbrief.core.ImportOptions;
import dev.rundbrief.core.ImportSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The CPU time per page of {@link HtmlImporter} over a folder of pages, measured with the thread's
 * and the process's CPU clocks (the latter includes GC and JIT threads), so that other processes on
 * a loaded machine distort it less than wall time. {@code benchmarks/readability/bench.mjs} reports
 * the process CPU time for readability.js.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rundbrief.benchmarks.HtmlImportCpuTime [folder] [warm-up rounds] [rounds]}.
 */
public final class HtmlImportCpuTime {
  private HtmlImportCpuTime() {}

  /** Imports one page; a refusal counts as done (it costs as much), and is what it returns. */
  private static long run(HtmlImporter importer, ImportSource source, ImportOptions options) {
    try {
      return importer.importArticle(source, options).article().contentHtml().length();
    } catch (ImportException e) {
      return -1;
    }
  }

  /** Runs the measurement and prints one line. */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "core/src/test/resources/html-pages");
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    List<ImportSource> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        sources.add(ImportSource.of(f.getFileName().toString(), Files.readAllBytes(f), null));
      }
    }
    HtmlImporter importer = new HtmlImporter();
    ImportOptions options = ImportOptions.defaults(Locale.GERMAN);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < warm; i++) {
      for (ImportSource s : sources) {
        sink += run(importer, s, options);
      }
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    StringBuilder perRound = new StringBuilder();
    double thread = 0;
    double process = 0;
    for (int i = 0; i < rounds; i++) {
      long start = threads.getCurrentThreadCpuTime();
      long processStart = os.getProcessCpuTime();
      for (ImportSource s : sources) {
        sink += run(importer, s, options);
      }
      double ms = (threads.getCurrentThreadCpuTime() - start) / 1e6 / sources.size();
      thread += ms;
      process += (os.getProcessCpuTime() - processStart) / 1e6 / sources.size();
      perRound.append(String.format(Locale.ROOT, " %.3f", ms));
    }
    System.out.printf(
        Locale.ROOT,
        "HtmlImporter: %d pages, %.3f ms CPU/page in the thread, %.3f ms CPU/page in the process"
            + " (thread rounds:%s) [%d]%n",
        sources.size(),
        thread / rounds,
        process / rounds,
        perRound,
        sink % 10);
  }
}
