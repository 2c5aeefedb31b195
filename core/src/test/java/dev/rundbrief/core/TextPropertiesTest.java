package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.testing.ActiveContent;
import java.net.URI;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jsoup.nodes.Entities;

/** Properties of the sanitizer, the plain-text wrapper and excerpts, for arbitrary input. */
class TextPropertiesTest {
  private static final Pattern BREAKABLE = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

  // --- sanitizer ---------------------------------------------------------------------------

  @Property(tries = 500)
  void sanitizedHostileHtmlHasNoActiveContent(
      @ForAll("hostileHtml") String html, @ForAll("baseUrls") String base) {
    assertSafe(HtmlSanitizer.sanitize(html, base.isEmpty() ? null : URI.create(base)));
  }

  @Property(tries = 300)
  void sanitizedRandomStringsHaveNoActiveContent(@ForAll String html) {
    assertSafe(HtmlSanitizer.sanitize(html, URI.create("https://news.example/a/b.html")));
  }

  @Property(tries = 300)
  void sanitizingTwiceChangesNothing(
      @ForAll("hostileHtml") String html, @ForAll("baseUrls") String base) {
    URI baseUrl = base.isEmpty() ? null : URI.create(base);
    String once = HtmlSanitizer.sanitize(html, baseUrl);

    assertThat(HtmlSanitizer.sanitize(once, baseUrl)).isEqualTo(once);
  }

  private static void assertSafe(String sanitized) {
    assertThat(ActiveContent.find(sanitized, ActiveContent.Urls.ABSOLUTE_ONLY))
        .as(sanitized)
        .isEmpty();
  }

  @Provide
  Arbitrary<String> baseUrls() {
    return Arbitraries.of(
        "",
        "https://news.example/2024/artikel.html",
        "http://x.example",
        "file:///tmp/a.html",
        "javascript:alert(1)");
  }

  @Provide
  Arbitrary<String> hostileHtml() {
    Arbitrary<String> tag =
        Arbitraries.of(
            "script",
            "SCRIPT",
            "style",
            "iframe",
            "object",
            "embed",
            "form",
            "input",
            "button",
            "svg",
            "math",
            "mglyph",
            "foreignObject",
            "annotation-xml",
            "meta",
            "link",
            "base",
            "a",
            "A",
            "img",
            "image",
            "p",
            "div",
            "span",
            "table",
            "tr",
            "td",
            "noscript",
            "template",
            "textarea",
            "title",
            "xmp",
            "noembed",
            "noframes",
            "plaintext",
            "select",
            "option",
            "video",
            "audio",
            "source",
            "blockquote",
            "q",
            "frameset",
            "frame",
            "applet",
            "body",
            "html",
            "head",
            "style",
            "math",
            "desc",
            "use",
            "animate",
            "set",
            "details",
            "marquee",
            "isindex",
            "keygen",
            "h1",
            "ul",
            "li",
            "pre",
            "code");
    Arbitrary<String> scheme =
        Arbitraries.of(
            "javascript:",
            "JAVASCRIPT:",
            "JaVaScRiPt:",
            "  javascript:",
            "\tjavascript:",
            "\u0001javascript:",
            "jav&#x09;ascript:",
            "jav&#9;ascript:",
            "jav\tascript:",
            "java&#10;script:",
            "java&#x0A;script:",
            "java\nscript:",
            "java&#13;script:",
            "&#106;avascript:",
            "&#x6A;avascript:",
            "&#0000106avascript:",
            "javascript&colon;",
            "javascript&#58;",
            "vbscript:",
            "VBSCRIPT:",
            "data:text/html,",
            "data:text/html;base64,",
            "data:image/svg+xml,",
            "livescript:",
            "mocha:",
            "feed:javascript:",
            "ftp://x.example/",
            "http://x.example/",
            "https://x.example/",
            "mailto:a@x.example?",
            "//evil.example/",
            "/relative/",
            "relative/",
            "#frag",
            "?q=",
            "",
            "file:///etc/",
            "  https://x.example/");
    Arbitrary<String> urlAttribute =
        Combinators.combine(
                Arbitraries.of(
                    "href",
                    "HREF",
                    "src",
                    "cite",
                    "action",
                    "formaction",
                    "data",
                    "poster",
                    "background",
                    "srcset",
                    "xlink:href",
                    "longdesc",
                    "lowsrc",
                    "dynsrc",
                    "content"),
                scheme,
                Arbitraries.of("\"", "'", ""))
            .as((name, s, q) -> " " + name + "=" + q + s + "alert(1)" + q);
    Arbitrary<String> handler =
        Combinators.combine(
                Arbitraries.of(
                    "onclick",
                    "ONLOAD",
                    "onError",
                    "onmouseover",
                    "onfocus",
                    "onbegin",
                    "onanimationstart",
                    "on",
                    "onx"),
                Arbitraries.of(" ", "/", "\n", " \t"))
            .as((name, sep) -> sep + name + "=\"alert(1)\"");
    Arbitrary<String> other =
        Arbitraries.of(
            " style=\"x:expression(alert(1))\"",
            " http-equiv=\"refresh\"",
            " content=\"0;url=javascript:alert(1)\"",
            " type=\"text/javascript\"",
            " srcdoc=\"<script>alert(1)</script>\"",
            " xmlns=\"http://www.w3.org/1999/xhtml\"",
            " alt=\"x\"",
            " title=\"<script>\"",
            " class=x",
            " id=y",
            " rel=import",
            " autofocus",
            " open",
            " attributeName=href",
            " to=\"javascript:alert(1)\"");
    Arbitrary<String> attributes =
        Arbitraries.oneOf(urlAttribute, handler, other)
            .list()
            .ofMaxSize(3)
            .map(l -> String.join("", l));
    Arbitrary<String> open =
        Combinators.combine(tag, attributes, Arbitraries.of(">", "/>", " >"))
            .as((t, a, end) -> "<" + t + a + end);
    // Elements that keep URL attributes get extra weight, so that each scheme meets them often.
    Arbitrary<String> urlElement =
        Combinators.combine(
                Arbitraries.of(
                    "a href", "img src", "blockquote cite", "q cite", "A HREF", "IMG SRC"),
                scheme,
                Arbitraries.of("\"", "'", ""),
                attributes)
            .as((ta, s, q, more) -> "<" + ta + "=" + q + s + "alert(1)" + q + more + ">x");
    Arbitrary<String> close = tag.map(t -> "</" + t + ">");
    Arbitrary<String> text =
        Arbitraries.strings().withChars("abc äöü<>&\"'=/;:`!-[]").ofMaxLength(12);
    Arbitrary<String> noise =
        Arbitraries.of(
            "<",
            ">",
            "</",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "&",
            "&#",
            "&lt;script&gt;",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img" + " src=x onerror=alert(1)>",
            "<noscript><p title=\"</noscript><img src=x" + " onerror=alert(1)>\">",
            "<iframe srcdoc=\"&lt;script&gt;\">",
            "<a href=\"javas\u0000cript:alert(1)\">",
            "<form><button formaction=javascript:x>",
            "<meta http-equiv=refresh content=\"0;url=data:text/html,x\">",
            "<!DOCTYPE html>");
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, open),
            net.jqwik.api.Tuple.of(3, urlElement),
            net.jqwik.api.Tuple.of(2, close),
            net.jqwik.api.Tuple.of(3, text),
            net.jqwik.api.Tuple.of(2, noise))
        .list()
        .ofMaxSize(25)
        .map(parts -> String.join("", parts));
  }

  // --- excerpts ----------------------------------------------------------------------------

  @Property(tries = 500)
  void excerptsNeverExceedTheLimitAndArePrefixesOfTheText(
      @ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 300) int maxChars) {
    String excerpt = Excerpts.of(text, maxChars);
    String normalized = normalize(text);

    assertThat(excerpt.codePointCount(0, excerpt.length())).isLessThanOrEqualTo(maxChars);
    if (normalized.codePointCount(0, normalized.length()) <= maxChars) {
      assertThat(excerpt).isEqualTo(normalized);
    } else {
      assertThat(excerpt).endsWith("…");
      String stem = excerpt.substring(0, excerpt.length() - 1).stripTrailing();
      assertThat(normalized).startsWith(stem);
    }
  }

  @Property(tries = 300)
  void excerptsOfArbitraryStringsNeverExceedTheLimit(
      @ForAll String text, @ForAll @IntRange(min = 1, max = 50) int maxChars) {
    String excerpt = Excerpts.of(text, maxChars);

    assertThat(excerpt.codePointCount(0, excerpt.length())).isLessThanOrEqualTo(maxChars);
    assertThat(normalize(text)).startsWith(excerpt.replaceFirst(" ?…$", ""));
  }

  private static String normalize(String text) {
    StringBuilder collapsed = new StringBuilder();
    text.codePoints().forEach(c -> collapsed.appendCodePoint(Character.isWhitespace(c) ? ' ' : c));
    String single = collapsed.toString().replaceAll(" +", " ").strip();
    return Normalizer.normalize(single, Normalizer.Form.NFC);
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> word =
        Arbitraries.strings()
            .withChars("abcdeABCDEäöüÄÖÜß0123456789.,;:!?…–-„“»«\"()😀\u00A0\u0308")
            .ofMinLength(1)
            .ofMaxLength(25);
    Arbitrary<String> space = Arbitraries.of(" ", "  ", "\n", "\t", "\n\n", " \r\n ");
    return Combinators.combine(word.list().ofMaxSize(80), space.list().ofMaxSize(80))
        .as(TextPropertiesTest::interleave);
  }

  private static String interleave(List<String> words, List<String> spaces) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      out.append(words.get(i)).append(spaces.isEmpty() ? " " : spaces.get(i % spaces.size()));
    }
    return out.toString();
  }

  // --- wrapping ----------------------------------------------------------------------------

  @Property
  void wrappedLinesStayWithinTheWidthAndKeepTheWords(
      @ForAll("texts") String text, @ForAll @IntRange(min = 20, max = 100) int width) {
    String wrapped = PlainText.wrap(text, width);

    for (String line : wrapped.split("\n", -1)) {
      if (line.codePointCount(0, line.length()) > width) {
        assertThat(line).as("overlong line must be one word").doesNotContain(" ");
      }
    }
    assertThat(words(wrapped)).isEqualTo(words(text));
  }

  @Property(tries = 200)
  void convertedHtmlStaysWithinTheWidthAndKeepsTheWordsInOrder(
      @ForAll("paragraphs") List<List<String>> blocks,
      @ForAll @IntRange(min = 20, max = 100) int width) {
    StringBuilder html = new StringBuilder();
    String[] wrappers = {
      "<p>%s</p>",
      "<ul><li>%s</li></ul>",
      "<blockquote>%s</blockquote>",
      "<ol><li><p>%s</p></li></ol>",
      "<h2>%s</h2>"
    };
    List<String> all = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      List<String> words = blocks.get(i);
      all.addAll(words);
      String escaped = Entities.escape(String.join(" ", words));
      html.append(String.format(wrappers[i % wrappers.length], escaped));
    }

    String text = PlainText.fromHtml(html.toString(), width);

    for (String line : text.split("\n")) {
      if (line.codePointCount(0, line.length()) > width) {
        assertThat(line.replaceFirst("^[ >]*(- |\\d+\\. )?", ""))
            .as("overlong line must be one word after its prefix")
            .doesNotContain(" ");
      }
    }
    int from = 0;
    for (String word : all) {
      int at = text.indexOf(word, from);
      assertThat(at).as("word %s in order", word).isNotNegative();
      from = at + word.length();
    }
  }

  @Provide
  Arbitrary<List<List<String>>> paragraphs() {
    Arbitrary<String> word =
        Arbitraries.strings()
            .withChars("abcxyzäöüßÄ0123456789.,:/?=&%-")
            .ofMinLength(1)
            .ofMaxLength(90);
    return word.list().ofMinSize(1).ofMaxSize(30).list().ofMaxSize(6);
  }

  private static List<String> words(String text) {
    return Arrays.stream(BREAKABLE.split(text.strip())).filter(w -> !w.isEmpty()).toList();
  }
}
