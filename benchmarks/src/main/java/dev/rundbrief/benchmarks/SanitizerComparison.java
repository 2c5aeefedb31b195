package dev.rundbrief.benchmarks;

import dev.rundbrief.core.HtmlSanitizer;
import dev.rundbrief.core.testing.ActiveContent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Rundbrief's {@link HtmlSanitizer} (jsoup) against the OWASP Java HTML Sanitizer with a policy as
 * close to Rundbrief's rules as that library allows, side by side: time and allocation on the
 * feed-reading benchmark's corpus (10,000 bodies of about 5 KB), interleaved in one JVM; then the
 * same safety checks as {@code TextPropertiesTest} on generated tag soup and classic attack
 * strings, for both.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.rundbrief.benchmarks.SanitizerComparison [rounds]
 * </pre>
 *
 * <p>Where the OWASP policy cannot follow Rundbrief's rules: elements dropped "with everything
 * inside" lose only their text there ({@code disallowTextIn}), their child elements are still
 * sanitized and kept; links whose content was dropped and empty {@code div}s stay; the output has
 * its own form ({@code <br />}, numeric character references), so Rundbrief's exact-output tests do
 * not apply to it.
 */
public final class SanitizerComparison {
  private static final URI BASE = URI.create("https://bench.example/");

  private SanitizerComparison() {}

  /** The OWASP policy for one base URL: Rundbrief's elements, attributes and URL schemes. */
  static PolicyFactory owaspPolicy(URI base) {
    return new HtmlPolicyBuilder()
        .allowElements(
            "b",
            "br",
            "caption",
            "cite",
            "code",
            "dd",
            "div",
            "dl",
            "dt",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "i",
            "li",
            "p",
            "pre",
            "small",
            "strike",
            "strong",
            "sub",
            "sup",
            "tbody",
            "tfoot",
            "thead",
            "tr",
            "u",
            "figure",
            "figcaption",
            "hr",
            "s",
            "del",
            "ins",
            "mark",
            "a",
            "blockquote",
            "q",
            "col",
            "colgroup",
            "ol",
            "ul",
            "table",
            "td",
            "th",
            "abbr",
            "time")
        .allowElements(
            (name, attributes) -> "div",
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
            "form",
            "search",
            "menu",
            "dir",
            "noscript")
        .allowElements((name, attributes) -> hasAttribute(attributes, "src") ? name : null, "img")
        .disallowTextIn(
            "script",
            "style",
            "template",
            "iframe",
            "frame",
            "frameset",
            "object",
            "embed",
            "applet",
            "param",
            "svg",
            "math",
            "audio",
            "video",
            "source",
            "track",
            "canvas",
            "map",
            "input",
            "button",
            "select",
            "option",
            "optgroup",
            "textarea",
            "datalist",
            "output",
            "label",
            "meta",
            "link",
            "base",
            "title",
            "head",
            "noembed",
            "noframes",
            "dialog")
        .allowUrlProtocols("http", "https", "mailto")
        .allowAttributes("href")
        .matching((element, attribute, value) -> resolve(base, value, true))
        .onElements("a")
        .allowAttributes("src")
        .matching((element, attribute, value) -> resolve(base, value, false))
        .onElements("img")
        .allowAttributes("cite")
        .matching((element, attribute, value) -> resolve(base, value, false))
        .onElements("blockquote", "q")
        .allowAttributes("title")
        .onElements("a", "img", "abbr")
        .allowAttributes("alt", "width", "height", "align", "loading")
        .onElements("img")
        .allowAttributes("start", "type")
        .onElements("ol")
        .allowAttributes("type")
        .onElements("ul")
        .allowAttributes("summary", "width")
        .onElements("table")
        .allowAttributes("abbr", "axis", "colspan", "rowspan", "width")
        .onElements("td", "th")
        .allowAttributes("scope")
        .onElements("th")
        .allowAttributes("span", "width")
        .onElements("col", "colgroup")
        .allowAttributes("datetime")
        .onElements("time")
        .requireRelsOnLinks("noopener", "noreferrer")
        .toFactory();
  }

  private static boolean hasAttribute(List<String> attributes, String name) {
    for (int i = 0; i < attributes.size(); i += 2) {
      if (attributes.get(i).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String resolve(URI base, String value, boolean mail) {
    try {
      URI uri = new URI(value.strip());
      URI absolute = uri.isAbsolute() ? uri : base == null ? null : base.resolve(uri);
      if (absolute == null || absolute.getScheme() == null) {
        return null;
      }
      String scheme = absolute.getScheme().toLowerCase(Locale.ROOT);
      boolean ok =
          scheme.equals("http") || scheme.equals("https") || (mail && scheme.equals("mailto"));
      return ok ? absolute.toString() : null;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Runs the timing rounds and the safety checks. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> corpus = new ArrayList<>(10_000);
    long bytes = 0;
    for (int i = 0; i < 10_000; i++) {
      String html = FeedReadBenchmark.body(i);
      corpus.add(html);
      bytes += html.getBytes(StandardCharsets.UTF_8).length;
    }
    PolicyFactory owasp = owaspPolicy(BASE);
    Interleaved.run(
        System.out,
        String.format(Locale.ROOT, "Sanitizing 10,000 bodies (%.1f MB of UTF-8 HTML)", bytes / 1e6),
        2,
        rounds,
        List.of(
            new Interleaved.Case(
                "rundbriefHtmlSanitizer",
                () -> {
                  long total = 0;
                  for (String html : corpus) {
                    total += HtmlSanitizer.sanitize(html, BASE).length();
                  }
                  return total;
                }),
            new Interleaved.Case(
                "owaspHtmlSanitizer",
                () -> {
                  long total = 0;
                  for (String html : corpus) {
                    total += owasp.sanitize(html).length();
                  }
                  return total;
                })));
    System.out.printf(
        Locale.ROOT, "allocation per run divided by the input: MB per run / %.1f%n", bytes / 1e6);

    List<String> hostile = hostileInputs(20_000);
    safety("rundbriefHtmlSanitizer", hostile, HtmlSanitizer::sanitize);
    safety("owaspHtmlSanitizer", hostile, (html, base) -> owaspPolicy(base).sanitize(html));
  }

  private static void safety(
      String name, List<String> inputs, BiFunction<String, URI, String> sanitizer) {
    int escapes = 0;
    int unstable = 0;
    String example = null;
    for (String input : inputs) {
      String once = sanitizer.apply(input, BASE);
      if (!safe(once)) {
        escapes++;
        example = example == null ? input + " -> " + once : example;
      }
      if (!sanitizer.apply(once, BASE).equals(once)) {
        unstable++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d inputs, %d with active content left, %d not stable when sanitized again%s%n",
        name,
        inputs.size(),
        escapes,
        unstable,
        example == null ? "" : " (first: " + example + ")");
  }

  /**
   * The sanitizer property tests' check ({@link ActiveContent}), with relative URLs allowed: the
   * OWASP sanitizer is given no base URL to make them absolute.
   */
  static boolean safe(String sanitized) {
    return ActiveContent.find(sanitized, ActiveContent.Urls.RELATIVE_ALLOWED).isEmpty();
  }

  private static final String[] TAGS = {
    "p",
    "div",
    "span",
    "a",
    "img",
    "b",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "pre",
    "blockquote",
    "q",
    "section",
    "noscript",
    "form",
    "marquee",
    "font",
    "script",
    "style",
    "svg",
    "math",
    "br",
    "figure",
    "caption",
    "iframe",
    "object",
    "template",
    "textarea",
    "select",
    "option",
    "button",
    "xmp",
    "plaintext",
    "noembed",
    "body",
    "html",
    "head",
    "title",
    "base",
    "details",
    "input",
    "u-x",
    "math",
    "mglyph",
    "mtext",
    "style",
    "frameset",
    "embed",
    "video",
    "audio",
    "source"
  };

  private static final String[] ATTRIBUTES = {
    "href=\"/x\"",
    "href=\"javascript:alert(1)\"",
    "href=\" java\tscript:alert(1)\"",
    "href=\"&#106;avascript:alert(1)\"",
    "src=\"a.png\"",
    "src=\"data:text/html,x\"",
    "onclick=\"x()\"",
    "onerror=alert(1)",
    "cite=\"vbscript:x\"",
    "style=\"x:expression(1)\"",
    "href=\"mailto:a@b\"",
    "srcset=\"javascript:x 2x\"",
    "formaction=\"javascript:x\"",
    "xlink:href=\"javascript:x\"",
    "href=\"//cdn/x\""
  };

  private static final String[] TEXT = {
    "x",
    " ",
    "\n",
    "&amp;",
    "&lt;script&gt;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\u0000",
    "&#13;",
    "ü",
    "\uD83D\uDE00",
    "&nbsp;",
    "\"",
    "'",
    "<",
    ">",
    "</"
  };

  /** Generated tag soup (fixed seed) plus classic attack strings. */
  static List<String> hostileInputs(int count) {
    List<String> inputs = new ArrayList<>();
    inputs.add("<img src=x onerror=alert(1)>");
    inputs.add("<svg><script>alert(1)</script></svg>");
    inputs.add("<a href=\"jav&#x09;ascript:alert(1)\">x</a>");
    inputs.add("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>");
    inputs.add("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">");
    inputs.add("<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>");
    inputs.add("<xmp><img src=x onerror=alert(1)></xmp>");
    inputs.add("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>");
    Random random = new Random(42);
    for (int n = 0; n < count; n++) {
      StringBuilder b = new StringBuilder();
      int length = 1 + random.nextInt(25);
      for (int k = 0; k < length; k++) {
        int kind = random.nextInt(10);
        String tag = TAGS[random.nextInt(TAGS.length)];
        if (kind < 4) {
          b.append('<').append(tag);
          if (random.nextBoolean()) {
            b.append(' ').append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]);
          }
          b.append('>');
        } else if (kind < 7) {
          b.append("</").append(tag).append('>');
        } else {
          b.append(TEXT[random.nextInt(TEXT.length)]);
        }
      }
      inputs.add(b.toString());
    }
    return inputs;
  }
}
