package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Properties of the HTML importer on generated pages: an article in any of the markups the web uses
 * (paragraphs, spans, bare text, {@code <br>}-separated text, text in sections), wrapped in layout
 * elements whose class names look like chrome, beside navigation, a sidebar and a footer.
 */
class HtmlExtractionPropertiesTest {
  private static final ImportOptions OPTIONS = ImportOptions.defaults(Locale.ENGLISH);

  /** Layout classes seen around real articles, including those that once deleted them. */
  private static final List<String> WRAPPER_CLASSES =
      List.of(
          "container",
          "row",
          "col-8",
          "content-with-sidebar-right",
          "l-sidebar-fixed",
          "and-w-sidebar",
          "elementor-widget-wrap",
          "ad_body",
          "post type-post category-advertising",
          "main-shared-column",
          "promo-layout",
          "social-wrap",
          "share-frame",
          "teaser-grid",
          "");

  private static final List<String> WORDS =
      List.of(
          "the",
          "council",
          "ferry",
          "harbour",
          "voted",
          "island",
          "boats",
          "electric",
          "budget",
          "residents",
          "winter",
          "engine",
          "schedule",
          "mayor",
          "price",
          "museum",
          "Gemeinde",
          "Schule",
          "Förderung",
          "Laden",
          "Wohnungen",
          "Kritik",
          "Ärztin");

  /** One generated page and the texts of its article paragraphs. */
  record Page(String html, List<String> articleParagraphs, List<String> sidebarParagraphs) {}

  @Provide
  Arbitrary<String> sentence() {
    return Arbitraries.of(WORDS)
        .list()
        .ofMinSize(4)
        .ofMaxSize(110)
        .map(
            words -> {
              StringBuilder s = new StringBuilder();
              for (int i = 0; i < words.size(); i++) {
                s.append(i == 0 ? "" : i % 9 == 0 ? ", " : " ").append(words.get(i));
              }
              return s.append('.').toString();
            });
  }

  @Provide
  Arbitrary<Page> pages() {
    Arbitrary<List<String>> article = sentence().list().ofMinSize(1).ofMaxSize(7);
    Arbitrary<List<String>> sidebar = sentence().list().ofMinSize(0).ofMaxSize(2);
    Arbitrary<List<String>> wrappers = Arbitraries.of(WRAPPER_CLASSES).list().ofMaxSize(4);
    Arbitrary<List<Integer>> forms = Arbitraries.integers().between(0, 5).list().ofSize(7);
    return Combinators.combine(article, sidebar, wrappers, forms)
        .as(HtmlExtractionPropertiesTest::page);
  }

  private static Page page(
      List<String> article, List<String> sidebar, List<String> wrappers, List<Integer> forms) {
    StringBuilder html =
        new StringBuilder(
            "<!DOCTYPE html><html><head><title>A generated page</title></head><body>");
    html.append("<nav><a href='/a'>News</a> <a href='/b'>Sport</a> <a href='/c'>About</a></nav>");
    for (String wrapper : wrappers) {
      html.append("<div class='").append(wrapper).append("'>");
    }
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < article.size(); i++) {
      String t = article.get(i);
      switch (forms.get(i)) {
        case 0 -> body.append("<p>").append(t).append("</p>");
        case 1 -> body.append("<div>").append(t).append("</div>");
        case 2 -> body.append("<span>").append(t).append("</span><br><br>");
        case 3 -> body.append(t).append("<br><br>");
        case 4 -> body.append("<p><span>").append(t).append("</span></p>");
        default -> body.append("<section>").append(t).append("</section>");
      }
    }
    html.append("<div>").append(body).append("</div>");
    for (int i = 0; i < wrappers.size(); i++) {
      html.append("</div>");
    }
    List<String> side = new ArrayList<>();
    int longest = article.stream().mapToInt(String::length).max().orElse(0);
    html.append("<div class='widgets'>");
    for (String t : sidebar) {
      // The sidebar never holds more text than the article's longest paragraph.
      String shorter = t.length() < longest ? t : t.substring(0, Math.max(1, longest / 2));
      side.add(shorter);
      html.append("<p>").append(shorter).append("</p>");
    }
    html.append("</div><footer><a href='/imprint'>Imprint</a></footer></body></html>");
    return new Page(html.toString(), article, side);
  }

  @Property(tries = 300)
  void neverReturnsLessThanTheLargestParagraphNorTextThatIsNotInThePage(
      @ForAll("pages") Page page) {
    ImportSource source =
        ImportSource.of("page.html", page.html().getBytes(StandardCharsets.UTF_8), null);
    int largest = page.articleParagraphs().stream().mapToInt(String::length).max().orElse(0);
    Article article;
    try {
      article = new HtmlImporter().importArticle(source, OPTIONS).article();
    } catch (ImportException e) {
      assertThat(e.getMessage()).startsWith("'page.html': no article content found: ");
      assertThat(largest)
          .as("refused although a paragraph has %d characters", largest)
          .isLessThan(200);
      return;
    }
    String pageText = normalize(Jsoup.parse(page.html()).body().text());
    Element body = Jsoup.parseBodyFragment(article.contentHtml()).body();
    String text = normalize(body.text());

    assertThat(text.length()).isGreaterThanOrEqualTo(largest);
    for (Element block : body.select("p, li, h2, h3, h4, blockquote")) {
      assertThat(pageText).contains(normalize(block.text()));
    }
    assertThat(text).doesNotContain("Imprint").doesNotContain("Sport About");
  }

  private static String normalize(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
