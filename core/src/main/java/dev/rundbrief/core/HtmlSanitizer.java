package dev.rundbrief.core;

import java.net.URI;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans untrusted HTML down to the elements an article body needs.
 *
 * <p>What is kept: headings, paragraphs, line breaks, lists, quotes, links, images, figures with
 * captions, tables, code and preformatted text, and inline emphasis. What is dropped: scripts,
 * styles, iframes, objects, forms and their fields, every event-handler and {@code style}
 * attribute, and every URL whose scheme is not {@code http}, {@code https} or (for links) {@code
 * mailto} - so {@code javascript:} and {@code vbscript:} URLs never survive. Links get {@code
 * rel="noopener noreferrer"}.
 */
public final class HtmlSanitizer {
  private static final Safelist SAFELIST =
      Safelist.relaxed()
          .addTags("figure", "figcaption", "hr", "s", "del", "ins", "mark", "abbr", "time")
          .addAttributes("abbr", "title")
          .addAttributes("time", "datetime")
          .addAttributes("img", "loading")
          .removeTags("span", "div")
          .addProtocols("a", "href", "http", "https", "mailto")
          .addProtocols("img", "src", "http", "https")
          .addProtocols("blockquote", "cite", "http", "https")
          .addProtocols("q", "cite", "http", "https");

  private HtmlSanitizer() {}

  /**
   * Returns the sanitized body HTML of {@code html}.
   *
   * @param html untrusted HTML, a fragment or a whole document
   * @param baseUrl the address the HTML came from; relative URLs are resolved against it. When it
   *     is {@code null}, relative URLs are dropped.
   */
  public static String sanitize(String html, URI baseUrl) {
    if (html == null || html.isBlank()) {
      return "";
    }
    String base = baseUrl == null ? "" : baseUrl.toString();
    Document dirty = Jsoup.parseBodyFragment(html, base);
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    for (Element a : clean.select("a[href]")) {
      a.attr("rel", "noopener noreferrer");
    }
    clean.outputSettings().prettyPrint(false);
    return clean.body().html().strip();
  }
}
