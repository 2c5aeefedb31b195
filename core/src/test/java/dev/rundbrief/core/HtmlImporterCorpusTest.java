package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports every page under {@code html-pages/} and compares it with the expected metadata ({@code
 * .expected.properties}, exact) and body text ({@code .expected.txt}, token-level precision and
 * recall). Optional keys: {@code updated}, {@code tags}, {@code summary}, {@code imageInBody},
 * {@code warning} (a text one of the warnings must contain), {@code bodyHasNo} (a text the body
 * HTML must not contain).
 */
class HtmlImporterCorpusTest {
  private static final double MIN_RECALL = 0.9;
  private static final double MIN_PRECISION = 0.85;
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Map<String, double[]> SCORES = new java.util.TreeMap<>();

  private final HtmlImporter importer = new HtmlImporter();

  static Stream<String> pages() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(folder())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".html"))
          .map(n -> n.substring(0, n.length() - ".html".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theCorpusHasAtLeastFifteenPagesWithExpectations() throws Exception {
    List<String> pages = pages().toList();
    assertThat(pages).hasSizeGreaterThanOrEqualTo(15);
    for (String page : pages) {
      assertThat(folder().resolve(page + ".expected.txt")).exists();
      assertThat(folder().resolve(page + ".expected.properties")).exists();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void extractsMetadataAndBodyOfEachPage(String page) throws Exception {
    Path folder = folder();
    Properties expected = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            folder.resolve(page + ".expected.properties"), StandardCharsets.UTF_8)) {
      expected.load(in);
    }
    String base = expected.getProperty("sourceUrl", "");
    ImportSource source =
        ImportSource.of(
            page + ".html",
            Files.readAllBytes(folder.resolve(page + ".html")),
            base.isEmpty() ? null : URI.create(base));
    ImportResult result = importer.importArticle(source, ImportOptions.defaults(Locale.FRENCH));
    Article article = result.article();

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(article.title()).as("title").isEqualTo(expected.getProperty("title"));
    soft.assertThat(article.authors().stream().map(Author::name).collect(Collectors.joining("; ")))
        .as("author")
        .isEqualTo(expected.getProperty("author", ""));
    soft.assertThat(article.published().map(Object::toString).orElse(""))
        .as("published")
        .isEqualTo(expected.getProperty("published", ""));
    soft.assertThat(article.language().map(Locale::toLanguageTag).orElse(""))
        .as("language")
        .isEqualTo(expected.getProperty("language", ""));
    soft.assertThat(article.link().map(URI::toString).orElse(""))
        .as("canonical")
        .isEqualTo(expected.getProperty("canonical", ""));
    soft.assertThat(article.leadImage().map(i -> i.url().toString()).orElse(""))
        .as("image")
        .isEqualTo(expected.getProperty("image", ""));
    soft.assertThat(article.source()).as("site").isEqualTo(expected.getProperty("site", ""));
    if (expected.containsKey("updated")) {
      soft.assertThat(article.updated().map(Object::toString).orElse(""))
          .as("updated")
          .isEqualTo(expected.getProperty("updated"));
    }
    if (expected.containsKey("tags")) {
      soft.assertThat(String.join("; ", article.tags()))
          .as("tags")
          .isEqualTo(expected.getProperty("tags"));
    }
    for (RelatedLink.Relation relation : RelatedLink.Relation.values()) {
      String key = relation.name().toLowerCase(Locale.ROOT);
      String actual =
          article.related().stream()
              .filter(r -> r.relation() == relation)
              .map(r -> r.title() + " | " + r.link().map(URI::toString).orElse(""))
              .collect(Collectors.joining(" || "));
      soft.assertThat(actual).as(key).isEqualTo(expected.getProperty(key, ""));
    }
    if (expected.containsKey("summary")) {
      soft.assertThat(article.summary()).as("summary").isEqualTo(expected.getProperty("summary"));
    }
    if (expected.containsKey("warning")) {
      soft.assertThat(result.warnings())
          .as("warnings")
          .anySatisfy(w -> assertThat(w).contains(expected.getProperty("warning")));
    }
    if (expected.containsKey("bodyHasNo")) {
      soft.assertThat(article.contentHtml())
          .as("body")
          .doesNotContain(expected.getProperty("bodyHasNo"));
    }
    if (expected.containsKey("imageInBody")) {
      soft.assertThat(article.contentHtml())
          .as("body image")
          .contains(expected.getProperty("imageInBody"));
    }

    String expectedText =
        Files.readString(folder.resolve(page + ".expected.txt"), StandardCharsets.UTF_8);
    String actualText = Jsoup.parse(article.contentHtml()).text();
    double[] pr = precisionRecall(tokens(actualText), tokens(expectedText));
    SCORES.put(page, pr);
    soft.assertThat(pr[1])
        .as("recall of %s; body was: %s", page, actualText)
        .isGreaterThanOrEqualTo(MIN_RECALL);
    soft.assertThat(pr[0])
        .as("precision of %s; body was: %s", page, actualText)
        .isGreaterThanOrEqualTo(MIN_PRECISION);
    soft.assertAll();
  }

  @AfterAll
  static void printTable() {
    if (SCORES.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder("\n| page | precision | recall |\n|---|---:|---:|\n");
    double p = 0;
    double r = 0;
    for (Map.Entry<String, double[]> e : SCORES.entrySet()) {
      table.append(
          String.format(
              Locale.ROOT, "| %s | %.3f | %.3f |%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
      p += e.getValue()[0];
      r += e.getValue()[1];
    }
    table.append(
        String.format(
            Locale.ROOT,
            "| **mean of %d** | %.3f | %.3f |%n",
            SCORES.size(),
            p / SCORES.size(),
            r / SCORES.size()));
    System.out.println(table);
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

  /** Precision and recall of the extracted tokens against the expected ones, as multisets. */
  static double[] precisionRecall(List<String> actual, List<String> expected) {
    Map<String, Integer> want = new HashMap<>();
    expected.forEach(t -> want.merge(t, 1, Integer::sum));
    int overlap = 0;
    for (String t : actual) {
      Integer left = want.get(t);
      if (left != null && left > 0) {
        overlap++;
        want.put(t, left - 1);
      }
    }
    double precision = actual.isEmpty() ? 0 : (double) overlap / actual.size();
    double recall = expected.isEmpty() ? 1 : (double) overlap / expected.size();
    return new double[] {precision, recall};
  }

  private static Path folder() throws URISyntaxException {
    return Paths.get(HtmlImporterCorpusTest.class.getResource("/html-pages").toURI());
  }
}
