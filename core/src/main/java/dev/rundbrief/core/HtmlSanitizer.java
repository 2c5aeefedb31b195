package dev.rundbrief.core;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans untrusted HTML down to the elements an article body needs.
 *
 * <p>What is kept: headings, paragraphs, line breaks, {@code div}s, lists (also definition lists),
 * quotes, links, images, figures with captions, tables, code and preformatted text, and inline
 * emphasis. Other block containers ({@code section}, {@code article}, {@code header}, {@code
 * aside}, ...) become {@code div}s so that their text does not run together; other inline elements
 * ({@code span}, {@code font}, ...) are unwrapped and their text kept.
 *
 * <p>What is dropped, with everything inside: scripts, styles, templates, iframes and frames,
 * objects, embeds, applets, SVG and MathML, audio, video and canvas, form fields and buttons, and
 * document-level elements ({@code meta}, {@code link}, {@code base}, {@code title}). A {@code form}
 * element itself is dropped but the text around its fields is kept, because some publishing systems
 * wrap whole pages in one form. Every attribute that is not on the list below is dropped, in
 * particular every event handler ({@code on...}), {@code style}, {@code class}, {@code id} and
 * {@code srcset}.
 *
 * <p>URLs: {@code a href} may be {@code http}, {@code https} or {@code mailto}; {@code img src} and
 * {@code cite} must be {@code http} or {@code https}. Anything else ({@code javascript:}, {@code
 * vbscript:}, {@code data:}, {@code ftp:}, ...) is removed, however it is spelled: upper case,
 * leading spaces, or tabs and line breaks inside the scheme, which browsers ignore. Relative URLs
 * are resolved against the base URL; without a base URL they are removed. A {@code <base>} element
 * in the input never changes the base. A link that lost its URL is unwrapped to its text, an image
 * that lost its source is removed. Links get {@code rel="noopener noreferrer"}.
 *
 * <p>Kept attributes: {@code a}: href, title; {@code img}: src, alt, title, width, height, align,
 * loading; {@code blockquote}, {@code q}, {@code cite}: cite; {@code ol}: start, type; {@code ul}:
 * type; {@code table}: summary, width; {@code td}, {@code th}: abbr, axis, colspan, rowspan, width,
 * and {@code th} scope; {@code col}, {@code colgroup}: span, width; {@code abbr}: title; {@code
 * time}: datetime.
 *
 * <p>The result is a body fragment without pretty-printing; sanitizing it again gives the same
 * string.
 */
public final class HtmlSanitizer {
  /** Elements that are removed together with everything they contain. */
  private static final String DROPPED_WITH_CONTENT =
      "script, style, template, iframe, frame, frameset, object, embed, applet, param, svg, math,"
          + " audio, video, source, track, canvas, map, input, button, select, option, optgroup,"
          + " textarea, datalist, output, label, meta, link, base, title, head, noembed,"
          + " noframes, dialog";

  /** Block containers that are not kept as such but whose text must stay separate. */
  private static final String BLOCKS_AS_DIV =
      "section, article, main, header, footer, aside, nav, address, center, details, summary,"
          + " hgroup, fieldset, legend, form, search, menu, dir, noscript";

  private static final Safelist SAFELIST =
      Safelist.relaxed()
          .addTags("figure", "figcaption", "hr", "s", "del", "ins", "mark", "abbr", "time")
          .addAttributes("abbr", "title")
          .addAttributes("time", "datetime")
          .addAttributes("img", "loading")
          .removeTags("span")
          .removeProtocols("a", "href", "ftp");

  private HtmlSanitizer() {}

  /**
   * Returns the sanitized body HTML of {@code html}, following the rules in the class description.
   *
   * @param html untrusted HTML, a fragment or a whole document; {@code null} or blank gives an
   *     empty string
   * @param baseUrl the address the HTML came from; relative URLs are resolved against it. When it
   *     is {@code null} or not an absolute {@code http(s)} URL, relative URLs are dropped.
   */
  public static String sanitize(String html, URI baseUrl) {
    if (html == null || html.isBlank()) {
      return "";
    }
    String base = isWebUrl(baseUrl) ? baseUrl.toString() : "";
    // Cleaning can leave nesting that a parser rebuilds differently (a div directly in a table,
    // a paragraph in a paragraph). Cleaning the re-parsed result again until nothing changes
    // makes the output what every reader parses it to.
    String result = clean(html, base);
    for (int pass = 0; pass < 3; pass++) {
      // Output that a parser reads back to the same markup is cleaned output that every reader
      // sees as it is: checking that costs a parse, cleaning again a parse plus a clean.
      if (reparsed(result, base).equals(result)) {
        break;
      }
      String again = clean(result, base);
      if (again.equals(result)) {
        break;
      }
      result = again;
    }
    return result;
  }

  private static String clean(String html, String base) {
    Document dirty = Jsoup.parseBodyFragment(html, base);
    // A <base> in untrusted input must not redirect relative links.
    dirty.setBaseUri(base);
    Element body = dirty.body();
    body.select(DROPPED_WITH_CONTENT).remove();
    for (Element block : body.select(BLOCKS_AS_DIV)) {
      block.tagName("div");
      block.clearAttributes();
    }
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    for (Element a : clean.select("a")) {
      if (!a.hasAttr("href")) {
        a.unwrap();
      } else {
        a.attr("rel", "noopener noreferrer");
      }
    }
    clean.select("img:not([src])").remove();
    // A link whose only content was dropped would be an invisible click target.
    for (Element a : clean.select("a")) {
      if (a.text().isBlank() && a.select("img").isEmpty()) {
        a.remove();
      }
    }
    // Innermost first, so that a div left empty by removing its empty children goes too.
    List<Element> divs = clean.select("div");
    for (int i = divs.size() - 1; i >= 0; i--) {
      if (divs.get(i).childNodeSize() == 0) {
        divs.get(i).remove();
      }
    }
    clean.outputSettings().prettyPrint(false);
    return clean.body().html().strip();
  }

  private static String reparsed(String html, String base) {
    Document doc = Jsoup.parseBodyFragment(html, base);
    doc.outputSettings().prettyPrint(false);
    return doc.body().html().strip();
  }

  private static boolean isWebUrl(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }
}
