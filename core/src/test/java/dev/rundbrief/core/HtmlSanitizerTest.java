package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlSanitizerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<div><div><a href=\"https://x.example/\"> </a></div></div><p>t</p>",
        "<section><article><div></div></article></section>",
        "<p>a<p>b<div>c</div></p></p>",
        "<table><div>x</div><tr><td>y</td></tr></table>",
        "<ul><li><ul><li>a</li></ul></li><div>b</div></ul>",
        "<a href=\"/x\"><a href=\"/y\">z</a></a>",
        "<p><marquee><div>x</div></marquee></p>",
        "<noscript><noscript>\0<button href=\"javascript:alert(1)\">",
        "<pre>\n\nx</pre>",
      })
  void sanitizingTwiceGivesTheSameString(String html) {
    URI base = URI.create("https://x.example/");
    String once = HtmlSanitizer.sanitize(html, base);
    assertThat(HtmlSanitizer.sanitize(once, base)).isEqualTo(once);
    assertThat(once).doesNotContain("<div></div>");
  }

  private static final URI BASE = URI.create("https://news.example/2024/05/artikel.html");

  private static String clean(String html) {
    return HtmlSanitizer.sanitize(html, BASE);
  }

  static Stream<Arguments> keptMarkup() {
    return Stream.of(
        Arguments.of("<h1>Überschrift</h1>"),
        Arguments.of("<h2>Zwei</h2>"),
        Arguments.of("<h3>Drei</h3>"),
        Arguments.of("<h4>Vier</h4>"),
        Arguments.of("<h5>Fünf</h5>"),
        Arguments.of("<h6>Sechs</h6>"),
        Arguments.of("<p>Ein Absatz mit Straße &amp; Größe.</p>"),
        Arguments.of("<p>Zeile eins<br>Zeile zwei</p>"),
        Arguments.of("<div>Ein Kasten</div>"),
        Arguments.of("<ul type=\"square\"><li>Äpfel</li><li>Birnen</li></ul>"),
        Arguments.of("<ol start=\"3\" type=\"a\"><li>drei</li><li>vier</li></ol>"),
        Arguments.of("<dl><dt>Begriff</dt><dd>Erklärung</dd></dl>"),
        Arguments.of(
            "<blockquote cite=\"https://quelle.example/rede\"><p>Wir schaffen das.</p></blockquote>"),
        Arguments.of("<p><q cite=\"https://quelle.example/\">kurz</q></p>"),
        Arguments.of("<p><cite>Der Spiegel</cite></p>"),
        Arguments.of(
            "<p><a href=\"https://ex.org/a?b=1&amp;c=2\" title=\"Mehr\" rel=\"noopener"
                + " noreferrer\">Link</a></p>"),
        Arguments.of(
            "<p><a href=\"mailto:redaktion@ex.org\" rel=\"noopener noreferrer\">Mail</a></p>"),
        Arguments.of(
            "<img src=\"https://ex.org/a.jpg\" alt=\"Ein Bild\" title=\"T\" width=\"640\""
                + " height=\"480\" loading=\"lazy\">"),
        Arguments.of(
            "<figure><img src=\"https://ex.org/b.png\" alt=\"\"><figcaption>Foto:"
                + " Agentur</figcaption></figure>"),
        Arguments.of(
            "<table summary=\"Zahlen\"><caption>Ergebnis</caption><colgroup><col span=\"2\">"
                + "</colgroup><thead><tr><th scope=\"col\">Jahr</th><th>Wert</th></tr></thead>"
                + "<tbody><tr><td colspan=\"2\">2024</td></tr><tr><td rowspan=\"1\">1</td>"
                + "<td>2</td></tr></tbody><tfoot><tr><td>Summe</td><td>3</td></tr></tfoot>"
                + "</table>"),
        Arguments.of("<pre><code>if (a &lt; b) { return; }</code></pre>"),
        Arguments.of("<p><code>x</code></p>"),
        Arguments.of(
            "<p><strong>s</strong><em>e</em><b>b</b><i>i</i><u>u</u><s>s</s><del>d</del>"
                + "<ins>n</ins><mark>m</mark><sub>2</sub><sup>3</sup><small>k</small></p>"),
        Arguments.of("<p><abbr title=\"Europäische Union\">EU</abbr></p>"),
        Arguments.of("<p><time datetime=\"2024-05-01\">1. Mai</time></p>"),
        Arguments.of("<hr>"));
  }

  @ParameterizedTest
  @MethodSource("keptMarkup")
  void keepsArticleMarkupAndItsAllowedAttributesUnchanged(String html) {
    assertThat(clean(html)).isEqualTo(html);
  }

  static Stream<Arguments> droppedWithContent() {
    return Stream.of(
        Arguments.of("<script>alert(1)</script>"),
        Arguments.of("<script src=\"https://evil.example/x.js\"></script>"),
        Arguments.of("<style>p { color: red }</style>"),
        Arguments.of("<template><p>versteckt</p></template>"),
        Arguments.of("<iframe src=\"https://evil.example/\">Ersatztext</iframe>"),
        Arguments.of("<frameset><frame src=\"https://evil.example/\"></frameset>"),
        Arguments.of("<object data=\"https://evil.example/x.swf\"><p>Ersatz</p></object>"),
        Arguments.of("<embed src=\"https://evil.example/x.swf\">"),
        Arguments.of("<applet code=\"X.class\">Java</applet>"),
        Arguments.of("<svg><script>alert(1)</script><text>SVG-Text</text></svg>"),
        Arguments.of("<math><mi>x</mi><mo>+</mo><mn>1</mn></math>"),
        Arguments.of("<audio src=\"https://ex.org/a.mp3\">kein Audio</audio>"),
        Arguments.of(
            "<video poster=\"https://ex.org/p.jpg\"><source src=\"https://ex.org/v.mp4\">kein"
                + " Video</video>"),
        Arguments.of("<canvas>Zeichnung</canvas>"),
        Arguments.of("<input name=\"email\" value=\"du@ex.org\">"),
        Arguments.of("<button onclick=\"go()\">Abonnieren</button>"),
        Arguments.of(
            "<select><option>Eins</option><optgroup><option>Zwei</option></optgroup></select>"),
        Arguments.of("<textarea>Kommentar</textarea>"),
        Arguments.of("<label>E-Mail</label>"),
        Arguments.of("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"),
        Arguments.of("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">"),
        Arguments.of("<base href=\"https://evil.example/\">"),
        Arguments.of("<title>Seitentitel</title>"),
        Arguments.of("<noembed>alt</noembed>"),
        Arguments.of("<noframes>alt</noframes>"),
        Arguments.of("<dialog open>Dialog</dialog>"));
  }

  @ParameterizedTest
  @MethodSource("droppedWithContent")
  void dropsActiveAndFormElementsWithEverythingInside(String html) {
    String sanitized = clean("<p>vorher</p>" + html + "<p>nachher</p>");

    assertThat(sanitized).isEqualTo("<p>vorher</p><p>nachher</p>");
  }

  @Test
  void dropsTheFormButKeepsTheTextAroundItsFields() {
    String html =
        "<form action=\"https://evil.example/\" method=\"post\"><h2>Newsletter</h2>"
            + "<p>Jede Woche neu.</p><input type=\"email\"><button>Los</button></form>";

    assertThat(clean(html)).isEqualTo("<div><h2>Newsletter</h2><p>Jede Woche neu.</p></div>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "address",
        "center",
        "details",
        "summary",
        "hgroup",
        "fieldset",
        "legend",
        "menu",
        "noscript"
      })
  void turnsOtherBlockContainersIntoDivsSoTheirTextStaysApart(String tag) {
    String html = "<" + tag + " class=\"x\">eins</" + tag + "><" + tag + ">zwei</" + tag + ">";

    assertThat(clean(html)).isEqualTo("<div>eins</div><div>zwei</div>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"span", "font", "bdi", "u-custom", "picture", "kbd"})
  void unwrapsOtherInlineElementsAndKeepsTheirText(String tag) {
    assertThat(clean("<p>a <" + tag + " class=\"c\">b</" + tag + "> c</p>"))
        .isEqualTo("<p>a b c</p>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "onclick=\"alert(1)\"",
        "onmouseover=\"alert(1)\"",
        "ONLOAD=\"alert(1)\"",
        "onerror=\"alert(1)\"",
        "onfocus=\"alert(1)\" autofocus",
        "style=\"background:url(javascript:alert(1))\"",
        "class=\"teaser\"",
        "id=\"top\"",
        "data-track=\"1\"",
        "lang=\"de\"",
        "dir=\"rtl\"",
        "tabindex=\"1\"",
        "contenteditable",
        "hidden"
      })
  void dropsAttributesThatAreNotOnTheList(String attribute) {
    assertThat(clean("<p " + attribute + ">Text</p>")).isEqualTo("<p>Text</p>");
    assertThat(clean("<img src=\"https://ex.org/i.png\" alt=\"i\" " + attribute + ">"))
        .isEqualTo("<img src=\"https://ex.org/i.png\" alt=\"i\">");
  }

  @Test
  void dropsSrcsetTargetAndPingFromImagesAndLinks() {
    String html =
        "<a href=\"https://ex.org/\" target=\"_blank\" ping=\"https://t.example/\">x</a>"
            + "<img src=\"https://ex.org/s.png\" srcset=\"javascript:alert(1) 2x\" alt=\"\">";

    assertThat(clean(html))
        .isEqualTo(
            "<a href=\"https://ex.org/\" rel=\"noopener noreferrer\">x</a>"
                + "<img src=\"https://ex.org/s.png\" alt=\"\">");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "\tjavascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#9;ascript:alert(1)",
        "java&#10;script:alert(1)",
        "java\nscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;script:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://files.example/a.zip",
        "file:///etc/passwd",
        "tel:+49301234"
      })
  void dropsLinksWithForbiddenSchemesAndKeepsTheirText(String href) {
    assertThat(clean("<p><a href=\"" + href + "\">klick</a></p>")).isEqualTo("<p>klick</p>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "vbscript:x",
        "mailto:a@ex.org"
      })
  void removesImagesWhoseSourceIsNotHttp(String src) {
    assertThat(clean("<p>a<img src=\"" + src + "\" alt=\"x\">b</p>")).isEqualTo("<p>ab</p>");
  }

  @Test
  void dropsForbiddenQuoteSources() {
    assertThat(clean("<blockquote cite=\"javascript:alert(1)\">Z</blockquote>"))
        .isEqualTo("<blockquote>Z</blockquote>");
  }

  static Stream<Arguments> relativeUrls() {
    return Stream.of(
        Arguments.of("bild.jpg", "https://news.example/2024/05/bild.jpg"),
        Arguments.of("../04/alt.html", "https://news.example/2024/04/alt.html"),
        Arguments.of("/impressum", "https://news.example/impressum"),
        Arguments.of("//cdn.example/x.png", "https://cdn.example/x.png"),
        Arguments.of("?seite=2", "https://news.example/2024/05/artikel.html?seite=2"),
        Arguments.of("#fn1", "https://news.example/2024/05/artikel.html#fn1"));
  }

  @ParameterizedTest
  @MethodSource("relativeUrls")
  void resolvesRelativeUrlsAgainstTheBaseUrl(String relative, String absolute) {
    assertThat(clean("<a href=\"" + relative + "\">x</a>"))
        .isEqualTo("<a href=\"" + absolute + "\" rel=\"noopener noreferrer\">x</a>");
    assertThat(clean("<img src=\"" + relative + "\" alt=\"\">"))
        .isEqualTo("<img src=\"" + absolute + "\" alt=\"\">");
    assertThat(clean("<blockquote cite=\"" + relative + "\">z</blockquote>"))
        .isEqualTo("<blockquote cite=\"" + absolute + "\">z</blockquote>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bild.jpg",
        "a/b/c.png",
        "/impressum",
        "/a//b/",
        "a-b_c~d.e",
        "./x",
        "../x",
        "a/../b",
        "a/./b",
        "..",
        ".",
        "x/..",
        "//cdn.example/x",
        "?q=1",
        "#f",
        "a b",
        "a%20b",
        "a:b",
        "HTTPS://Ex.org/A",
        "mailto:x@y",
        "",
        "/",
        "\\evil.example\\x"
      })
  void resolvesTheCommonCaseOfRelativeUrlsAsTheUrlClassDoes(String relative) throws Exception {
    for (String base :
        List.of(
            "https://news.example/2024/05/artikel.html",
            "http://news.example:8080/a/",
            "https://user@news.example/a/./b/c",
            "https://news.example",
            "https://news.example/x?y=1#z")) {
      java.net.URL url = new java.net.URL(base);
      assertThat(HtmlSanitizer.resolve(relative, url))
          .as(base + " + " + relative)
          .isEqualTo(HtmlSanitizer.resolveWithUrl(relative, url));
    }
  }

  @Test
  void dropsRelativeUrlsWhenThereIsNoBaseUrl() {
    String html =
        "<p><a href=\"/impressum\">Impressum</a> <img src=\"bild.jpg\" alt=\"Bild\">"
            + "<a href=\"https://ex.org/\">absolut</a></p>";

    assertThat(HtmlSanitizer.sanitize(html, null))
        .isEqualTo(
            "<p>Impressum <a href=\"https://ex.org/\" rel=\"noopener noreferrer\">absolut</a></p>");
  }

  @Test
  void treatsABaseUrlThatIsNotAnAbsoluteWebAddressAsNone() {
    String html = "<a href=\"x.html\">x</a><img src=\"y.png\" alt=\"y\">";

    assertThat(HtmlSanitizer.sanitize(html, URI.create("file:///home/redaktion/text.md")))
        .isEqualTo("x");
    assertThat(HtmlSanitizer.sanitize(html, URI.create("artikel/seite.html"))).isEqualTo("x");
  }

  @Test
  void ignoresABaseElementInTheInput() {
    String html = "<base href=\"https://evil.example/\"><a href=\"seite.html\">x</a>";

    assertThat(clean(html))
        .isEqualTo(
            "<a href=\"https://news.example/2024/05/seite.html\" rel=\"noopener"
                + " noreferrer\">x</a>");
    assertThat(HtmlSanitizer.sanitize(html, null)).isEqualTo("x");
  }

  @Test
  void removesLinksWhoseOnlyContentWasDropped() {
    assertThat(clean("<p>a<a href=\"https://ex.org/\"><svg></svg></a>b</p>"))
        .isEqualTo("<p>ab</p>");
  }

  @Test
  void takesTheBodyOfAWholeDocument() {
    String html =
        "<!DOCTYPE html><html lang=\"de\"><head><title>T</title><script>x()</script>"
            + "<style>p{}</style></head><body onload=\"x()\"><p>Inhalt</p></body></html>";

    assertThat(clean(html)).isEqualTo("<p>Inhalt</p>");
  }

  @Test
  void givesAnEmptyStringForNullOrBlankInput() {
    assertThat(HtmlSanitizer.sanitize(null, BASE)).isEmpty();
    assertThat(HtmlSanitizer.sanitize(" \n\t", BASE)).isEmpty();
    assertThat(HtmlSanitizer.sanitize("<script>x()</script>", BASE)).isEmpty();
  }

  @Test
  void escapesTextSoThatItCannotBecomeMarkup() {
    String sanitized = clean("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr</p>");

    assertThat(sanitized).isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr</p>");
    assertThat(Jsoup.parseBodyFragment(sanitized).select("script")).isEmpty();
  }

  @Test
  void givesTheSameResultWhenSanitizedTwice() {
    String html =
        "<article><h1 class=\"t\">Titel</h1><p>Text <span>mit</span> <a href=\"/x\""
            + " onclick=\"y()\">Link</a></p><ul><li>eins<ul><li>zwei</li></ul></li></ul>"
            + "<figure><img src=\"a.jpg\" alt=\"A\"><figcaption>B</figcaption></figure>"
            + "<script>z()</script></article>";

    String once = clean(html);

    assertThat(clean(once)).isEqualTo(once);
    Element body = Jsoup.parseBodyFragment(once).body();
    assertThat(body.select("h1, p, ul ul li, figure img[src], figcaption, a[href]")).hasSize(6);
  }
}
