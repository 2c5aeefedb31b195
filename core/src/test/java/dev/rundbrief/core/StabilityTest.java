package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StabilityTest {
  private static Element body(String html) {
    return Jsoup.parseBodyFragment(html).body();
  }

  private static String reparsed(String html) {
    return body(html).html();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<p>Text <strong>fett</strong> <a href=\"https://x.example/\">Link</a></p>\n<p>b</p>",
        "<h2>T</h2><ul><li>a<ul><li>b</li></ul></li></ul><ol><li><p>c</p></li></ol>",
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td><p>b</p></td></tr></tbody></table>",
        "<figure><img src=\"https://x.example/a.png\" alt=\"\"><figcaption>F</figcaption></figure>",
        "<blockquote><p>Zitat</p></blockquote><pre><code>x</code></pre><dl><dt>a</dt><dd>b</dd></dl>"
      })
  void acceptsOrdinaryArticleMarkupThatTheParserReadsBackAsItIs(String html) {
    Element body = body(html);

    assertThat(Stability.isStable(body)).isTrue();
    assertThat(reparsed(body.html())).isEqualTo(body.html());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<p>a</p>",
        "<table><tr><td>a</td></tr></table>",
        "<ul><li>a</li></ul>",
        "<div>a</div>",
        "<a href=\"https://x.example/\">a</a>"
      })
  void refusesTreesThatTheParserWouldBuildDifferently(String inner) {
    // Each tree is built by hand into a shape the parser never produces from its serialization.
    Element p = new Element("p");
    p.append(inner);
    Element outer = new Element("a").attr("href", "https://y.example/");
    outer.append(inner);
    Element tr = new Element("tr");
    tr.appendChild(new Element("td").text("x"));
    Element table = new Element("table").appendChild(tr);
    Element pre = new Element("pre").appendText("\nx");

    for (Element unstable : new Element[] {p, outer, table, pre}) {
      Element body = new Element("body").appendChild(unstable);
      if (!reparsed(body.html()).equals(body.html())) {
        assertThat(Stability.isStable(body)).as(body.html()).isFalse();
      }
    }
    assertThat(Stability.isStable(new Element("body").appendChild(table))).isFalse();
    assertThat(Stability.isStable(new Element("body").appendChild(pre))).isFalse();
  }
}
