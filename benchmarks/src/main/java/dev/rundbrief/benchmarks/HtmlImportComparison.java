package dev.rundbrief.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Times this build's {@code HtmlImporter} against another build's (a benchmarks jar built from
 * another commit, such as today's main) in one JVM, interleaved by {@link Interleaved}: every round
 * imports all pages of a folder once with each, the order rotating, so that the machine's load hits
 * both alike. Both run through {@link PageImport}, the same reflective call.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rundbrief.benchmarks.HtmlImportComparison FOLDER REFERENCE_JAR [warm-up rounds] [rounds]};
 * the folder is read as by {@link HtmlExtractionScore}.
 */
public final class HtmlImportComparison {
  private HtmlImportComparison() {}

  /** Runs the comparison and prints the rounds, the medians and the ratio. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: HtmlImportComparison FOLDER REFERENCE_JAR [warm-ups] [rounds]");
      System.exit(2);
    }
    List<HtmlExtractionScore.Page> pages = HtmlExtractionScore.read(Path.of(args[0]));
    PageImport reference = PageImport.fromJar(Path.of(args[1]));
    PageImport current = PageImport.current();
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    Interleaved.run(
        System.out,
        String.format(
            Locale.ROOT,
            "HTML import of %d pages of %s (times per round of all pages)",
            pages.size(),
            args[0]),
        warmups,
        rounds,
        List.of(
            new Interleaved.Case(
                "reference " + Path.of(args[1]).getFileName(), () -> all(reference, pages)),
            new Interleaved.Case("this build", () -> all(current, pages))));
  }

  private static long all(PageImport importer, List<HtmlExtractionScore.Page> pages) {
    long chars = 0;
    for (HtmlExtractionScore.Page page : pages) {
      PageImport.Result result = importer.run(page.name() + ".html", page.html(), page.baseUrl());
      chars += result.refused() ? -1 : result.contentHtml().length();
    }
    return chars;
  }
}
