package dev.rundbrief.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;

/**
 * Scores {@code HtmlImporter} against reference texts: token-level precision, recall and F1 of the
 * imported body's text per page, and their means over the pages.
 *
 * <p>Tokens are the lower-cased runs of letters and digits, compared as multisets (a word the
 * reference has twice counts twice), as in {@code HtmlImporterCorpusTest}. Precision is the share
 * of the extracted tokens that the reference has, recall the share of the reference's tokens that
 * were extracted, F1 their harmonic mean. A refused page ("no article content found") scores 0 on
 * all three and is counted. The means are over all pages (macro averages).
 *
 * <p>Two layouts of page folders are read: Mozilla readability's test pages ({@code
 * NAME/source.html} with the reference {@code NAME/expected.html}, whose text is the reference, and
 * the base URL {@code http://fakehost/test/page.html} of readability's own tests), and this
 * project's fixtures ({@code NAME.html} with {@code NAME.expected.txt}).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rundbrief.benchmarks.HtmlExtractionScore FOLDER [--reference JAR] [--pages] [--dump DIR]}.
 * With {@code --reference}, the importer of that jar (a benchmarks jar built from another commit)
 * is scored instead of this build's; {@code --pages} prints every page's figures; {@code --dump}
 * writes each page's extracted text to {@code DIR/NAME.txt}.
 */
public final class HtmlExtractionScore {
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final URI READABILITY_BASE = URI.create("http://fakehost/test/page.html");

  /** One research page: its HTML and its reference text. */
  record Page(String name, byte[] html, String reference, URI baseUrl) {}

  /** The figures of one page. */
  record Score(double precision, double recall, double f1) {}

  private HtmlExtractionScore() {}

  /** Reads the pages of a folder in either layout, sorted by name. */
  static List<Page> read(Path folder) throws IOException {
    List<Page> pages = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.sorted().toList()) {
        Path source = entry.resolve("source.html");
        Path expected = entry.resolve("expected.html");
        String name = entry.getFileName().toString();
        if (Files.isRegularFile(source) && Files.isRegularFile(expected)) {
          String reference = Jsoup.parse(Files.readString(expected, StandardCharsets.UTF_8)).text();
          pages.add(new Page(name, Files.readAllBytes(source), reference, READABILITY_BASE));
        } else if (name.endsWith(".html")) {
          Path text = entry.resolveSibling(name.replaceFirst("\\.html$", ".expected.txt"));
          if (Files.isRegularFile(text)) {
            pages.add(
                new Page(
                    name,
                    Files.readAllBytes(entry),
                    Files.readString(text, StandardCharsets.UTF_8),
                    null));
          }
        }
      }
    }
    if (pages.isEmpty()) {
      throw new IOException(
          folder
              + " holds no pages with reference texts (NAME/source.html with"
              + " NAME/expected.html, or NAME.html with NAME.expected.txt)");
    }
    return pages;
  }

  /** Lower-case word tokens of a text. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Precision, recall and F1 of the extracted tokens against the reference's, as multisets. */
  static Score score(List<String> extracted, List<String> reference) {
    Map<String, Integer> wanted = new HashMap<>();
    for (String t : reference) {
      wanted.merge(t, 1, Integer::sum);
    }
    int hits = 0;
    for (String t : extracted) {
      Integer left = wanted.get(t);
      if (left != null && left > 0) {
        wanted.put(t, left - 1);
        hits++;
      }
    }
    double precision = extracted.isEmpty() ? 0 : (double) hits / extracted.size();
    double recall = reference.isEmpty() ? 0 : (double) hits / reference.size();
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new Score(precision, recall, f1);
  }

  /** Runs the scoring and prints the means (and, with {@code --pages}, every page). */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: HtmlExtractionScore FOLDER [--reference JAR] [--pages] [--dump DIR]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    PageImport importer = PageImport.current();
    boolean perPage = false;
    Path dump = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--reference" -> importer = PageImport.fromJar(Path.of(args[++i]));
        case "--pages" -> perPage = true;
        case "--dump" -> dump = Path.of(args[++i]);
        default -> {
          System.err.println("unknown argument '" + args[i] + "'");
          System.exit(2);
        }
      }
    }
    if (dump != null) {
      Files.createDirectories(dump);
    }
    List<Page> pages = read(folder);
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    int refused = 0;
    for (Page page : pages) {
      PageImport.Result result = importer.run(page.name() + ".html", page.html(), page.baseUrl());
      Score s;
      String text = "";
      if (result.refused()) {
        refused++;
        s = new Score(0, 0, 0);
      } else {
        text = Jsoup.parse(result.contentHtml()).text();
        s = score(tokens(text), tokens(page.reference()));
      }
      precision += s.precision();
      recall += s.recall();
      f1 += s.f1();
      if (perPage) {
        System.out.printf(
            Locale.ROOT,
            "%-48s %6.3f %6.3f %6.3f%s%n",
            page.name(),
            s.precision(),
            s.recall(),
            s.f1(),
            result.refused() ? "  refused: " + result.refusal() : "");
      }
      if (dump != null) {
        Files.writeString(dump.resolve(page.name() + ".txt"), text, StandardCharsets.UTF_8);
      }
    }
    int n = pages.size();
    System.out.printf(
        Locale.ROOT,
        "%s on %s: %d pages, %d refused; mean precision %.3f, recall %.3f, F1 %.3f%n",
        importer.name(),
        folder,
        n,
        refused,
        precision / n,
        recall / n,
        f1 / n);
  }
}
