package dev.rundbrief.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.testing.GoldenFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlainTextTest {
  static Stream<String> goldenCases() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(goldenDir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".html"))
          .map(n -> n.substring(0, n.length() - ".html".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Path goldenDir() throws URISyntaxException {
    return Paths.get(PlainTextTest.class.getResource("/golden/plaintext").toURI());
  }

  @ParameterizedTest
  @MethodSource("goldenCases")
  void convertsHtmlAsInTheGoldenFile(String name) throws Exception {
    String html = Files.readString(goldenDir().resolve(name + ".html"), UTF_8);

    String text = PlainText.fromHtml(html);

    GoldenFiles.assertMatches("plaintext/" + name + ".txt", text + "\n");
  }

  @ParameterizedTest
  @MethodSource("goldenCases")
  void keepsEveryWordInOrderAndEveryLineWithinTheWidth(String name) throws Exception {
    String html = Files.readString(goldenDir().resolve(name + ".html"), UTF_8);
    Element body = Jsoup.parseBodyFragment(html).body();
    body.select("script, style").remove();

    String text = PlainText.fromHtml(html);

    int from = 0;
    String visible = Normalizer.normalize(body.text(), Normalizer.Form.NFC).replace("\u00AD", "");
    for (String word : visible.split("\\s+")) {
      // Punctuation after a link lands behind its "(URL)".
      word = word.replaceFirst("(?<=.)[.,;:!?]+$", "");
      int at = text.indexOf(word, from);
      assertThat(at).as("word '%s' after offset %d in:%n%s", word, from, text).isNotNegative();
      from = at + word.length();
    }
    for (String line : text.split("\n")) {
      if (line.codePointCount(0, line.length()) > PlainText.DEFAULT_WIDTH) {
        assertThat(line.replaceFirst("^[ >\\-0-9.]*", "")).as("overlong line").doesNotContain(" ");
      }
      assertThat(line).as("trailing space").isEqualTo(line.stripTrailing());
    }
    for (Element a : body.select("a[href~=^https?://]")) {
      assertThat(text.lines()).as("URL on one line").anyMatch(l -> l.contains(a.attr("href")));
    }
  }

  @Test
  void separatesParagraphsByOneBlankLineAndDecodesEntities() {
    assertThat(PlainText.fromHtml("<p>Müller &amp; Söhne</p><p>Straße &lt;3&gt;</p>"))
        .isEqualTo("Müller & Söhne\n\nStraße <3>");
  }

  @Test
  void writesTightListsWithNestedItemsIndentedUnderTheirItem() {
    String html = "<ul><li>eins<ul><li>zwei</li><li>drei</li></ul></li><li><p>vier</p></li></ul>";

    assertThat(PlainText.fromHtml(html)).isEqualTo("- eins\n  - zwei\n  - drei\n- vier");
  }

  @Test
  void separatesTwoListsAndTheTextAroundThemByBlankLines() {
    String html = "<p>a</p><ul><li>b</li></ul><ol><li>c</li></ol><p>d</p>";

    assertThat(PlainText.fromHtml(html)).isEqualTo("a\n\n- b\n\n1. c\n\nd");
  }

  @Test
  void wrapsListItemsWithAHangingIndent() {
    String html = "<ol><li>" + "Wort ".repeat(12) + "</li></ol>";

    assertThat(PlainText.fromHtml(html, 30))
        .isEqualTo("1. Wort Wort Wort Wort Wort\n   Wort Wort Wort Wort Wort\n   Wort Wort");
  }

  @Test
  void marksQuoteParagraphsAndTheBlankLineBetweenThem() {
    String html = "<blockquote><p>eins</p><p>zwei</p></blockquote><p>drei</p>";

    assertThat(PlainText.fromHtml(html)).isEqualTo("> eins\n>\n> zwei\n\ndrei");
  }

  @Test
  void underlinesHeadingsAsLongAsTheirLongestLine() {
    String html = "<h2>" + "Lange Überschrift ".repeat(3) + "</h2><h3>Kurz</h3>";

    assertThat(PlainText.fromHtml(html, 40))
        .isEqualTo(
            "Lange Überschrift Lange Überschrift\nLange Überschrift\n"
                + "=".repeat(35)
                + "\n\nKurz\n----");
  }

  @Test
  void writesLinksAsTextAndUrlUnlessTheTextIsTheUrl() {
    String html =
        "<ul><li><a href=\"https://ex.org/a\">Text</a></li>"
            + "<li><a href=\"https://ex.org/\">https://ex.org</a></li>"
            + "<li><a href=\"https://ex.org/\">ex.org</a></li>"
            + "<li><a href=\"mailto:a@ex.org?subject=Hallo\">a@ex.org</a></li>"
            + "<li><a href=\"mailto:a@ex.org\">Redaktion</a></li>"
            + "<li><a href=\"/relativ\">relativ</a> <a href=\"javascript:x()\">skript</a></li>"
            + "<li><a href=\"https://ex.org/leer\"></a></li></ul>";

    assertThat(PlainText.fromHtml(html))
        .isEqualTo(
            """
            - Text (https://ex.org/a)
            - https://ex.org/
            - ex.org (https://ex.org/)
            - a@ex.org
            - Redaktion (a@ex.org)
            - relativ skript
            - https://ex.org/leer""");
  }

  @Test
  void keepsLineBreaksAndPreformattedText() {
    String html = "<p>Rathausplatz 1<br>37073 Göttingen</p><pre>  a  =  1\n  b  =  2</pre>";

    assertThat(PlainText.fromHtml(html))
        .isEqualTo("Rathausplatz 1\n37073 Göttingen\n\n  a  =  1\n  b  =  2");
  }

  @Test
  void neverBreaksAWordOrUrlEvenWhenItIsLongerThanTheWidth() {
    String url = "https://ex.org/" + "x".repeat(60);

    assertThat(PlainText.wrap("Siehe " + url + " jetzt", 20))
        .isEqualTo("Siehe\n" + url + "\njetzt");
  }

  @Test
  void keepsExistingLineBreaksWhenWrapping() {
    assertThat(PlainText.wrap("eins  zwei\n\ndrei", 20)).isEqualTo("eins zwei\n\ndrei");
  }

  @Test
  void doesNotSplitWordsJoinedByANonBreakingSpace() {
    String text = PlainText.fromHtml("<p>" + "abc ".repeat(4) + "20&nbsp;km/h</p>", 20);

    assertThat(text).isEqualTo("abc abc abc abc\n20\u00A0km/h");
  }

  @Test
  void givesNoTextForScriptsStylesAndFormFields() {
    String html =
        "<p>a</p><script>x()</script><style>p{}</style><textarea>t</textarea>"
            + "<select><option>o</option></select><svg><text>s</text></svg><p>b</p>";

    assertThat(PlainText.fromHtml(html)).isEqualTo("a\n\nb");
  }

  @Test
  void givesAnEmptyStringForNullOrBlankHtml() {
    assertThat(PlainText.fromHtml(null)).isEmpty();
    assertThat(PlainText.fromHtml("  ")).isEmpty();
    assertThat(PlainText.fromHtml("<p> </p><ul><li></li></ul>")).isEmpty();
  }

  @Test
  void rejectsWidthsBelowTwenty() {
    assertThatThrownBy(() -> PlainText.fromHtml("<p>x</p>", 19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width must be at least 20, was 19");
    assertThatThrownBy(() -> PlainText.wrap("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flattensProseWithoutHeadingsFiguresTablesOrUrls() {
    String html =
        "<h2>Titel</h2><p>Ein <a href=\"https://ex.org/\">Link</a>.</p><figure><img alt=\"Bild\">"
            + "<figcaption>Unterschrift</figcaption></figure><table><tr><td>1</td></tr></table>"
            + "<ul><li>Punkt</li></ul>";

    assertThat(PlainText.flatText(html, true)).isEqualTo("Ein Link. Punkt");
    assertThat(PlainText.flatText(html, false))
        .isEqualTo("Titel Ein Link. Bild Unterschrift 1 Punkt");
  }
}
