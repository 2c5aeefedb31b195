package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Imports an article from a web page: its metadata and its main content, without the site's
 * navigation, comments, share bars, cookie banners, ads and "related posts".
 *
 * <p>What callers may rely on:
 *
 * <ul>
 *   <li>The character set comes, in the HTML standard's order, from a byte-order mark, the {@code
 *       charset} of the source's {@link ImportSource#contentType() Content-Type}, or a {@code
 *       <meta>} declaration; a declaration that the bytes contradict (invalid sequences, or UTF-8
 *       under a legacy declaration) is overruled with a warning. A page that declares nothing and
 *       is not valid UTF-8 is read as windows-1252 with a warning.
 *   <li>Relative links resolve against the page's {@code <base href>}, else the source's {@link
 *       ImportSource#baseUrl() base URL}, else the page's canonical URL.
 *   <li>The body is chosen by its text, never removed for a class name alone; see
 *       docs/importers-html.md for the algorithm.
 *   <li>Metadata comes from Open Graph and {@code article:*} meta tags, schema.org JSON-LD
 *       (including {@code @graph}) and the markup. The title is the one most sources agree on. A
 *       date that cannot be parsed, or that is a placeholder or in the future ({@link
 *       PublicationDates#isPlausible}), becomes a warning and is not used.
 *   <li>A page whose text is only in JSON-LD's {@code articleBody} imports too; HTML in it (also
 *       entity-escaped) is sanitized like any body.
 *   <li>The article's identity: its canonical URL; without one, the address it was fetched from;
 *       without either, its title and date (see {@link ArticleId}).
 *   <li>The site's previous/next links ("Zurück", "Weiter", {@code rel="prev"}) become {@link
 *       RelatedLink}s and are not part of the body.
 *   <li>The body is sanitized by {@link HtmlSanitizer}.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HtmlImporter implements ArticleImporter {
  private final Clock clock;

  /** Creates an importer that judges dates against the system clock. */
  public HtmlImporter() {
    this(Clock.systemUTC());
  }

  /**
   * Creates an importer that judges whether a date lies in the future against {@code clock}.
   *
   * @param clock the source of "now" for {@link PublicationDates#isPlausible}
   */
  public HtmlImporter(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Imports the article of one web page.
   *
   * @throws ImportException if the page is empty, binary or too large, has no detectable article
   *     ("no article content found: " and the reason: the best text block, its size and what
   *     removed or disqualified it), or has no title
   */
  @Override
  public ImportResult importArticle(ImportSource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    String name = source.name();
    byte[] bytes = source.bytes();
    Inputs.check(name, bytes, options);
    List<String> warnings = new ArrayList<>();
    PageCharsets.Decoded decoded = PageCharsets.decode(name, bytes, source.contentType(), warnings);
    URI sourceUrl = source.baseUrl();
    Document doc = Jsoup.parse(decoded.text(), sourceUrl == null ? "" : sourceUrl.toString());
    doc.charset(decoded.charset());

    PageMetadata meta =
        new PageMetadata(doc, JsonLd.read(doc, name, warnings), name, warnings, clock.instant());
    Optional<URI> canonical = meta.canonical(sourceUrl);
    URI documentUrl = sourceUrl != null ? sourceUrl : canonical.orElse(null);
    URI base = meta.baseHref(documentUrl).filter(URI::isAbsolute).orElse(documentUrl);
    doc.setBaseUri(base == null ? "" : base.toString());

    String site = meta.siteName();
    ContentExtractor.Extraction extraction = ContentExtractor.extract(doc, meta.titleHints(site));
    Element content = extraction.content();
    String contentHtml = content == null ? "" : content.html();
    String contentText = content == null ? "" : content.text();

    String articleBody = JsonLd.textOf(meta.ldArticle().get("articleBody"));
    if (!articleBody.isEmpty()) {
      String bodyHtml = articleBodyHtml(articleBody);
      String bodyText = Jsoup.parseBodyFragment(bodyHtml).text();
      if (bodyText.length() > 2 * contentText.length()) {
        contentHtml = bodyHtml;
        contentText = bodyText;
      }
    }
    if (contentText.isEmpty()) {
      throw new ImportException(name, "no article content found: " + extraction.diagnosis());
    }

    String title =
        PageMetadata.firstNonBlank(
            meta.title(site, extraction.nearestHeading()), extraction.headline());
    if (title.isEmpty()) {
      throw new ImportException(
          name, "has no title: no og:title, JSON-LD headline, <h1> or <title> found");
    }

    String languageSample = title + "\n" + contentText;
    Locale language =
        meta.declaredLanguage()
            .or(() -> Languages.detect(languageSample))
            .orElse(options.defaultLanguage());

    URI link = canonical.orElse(null);
    Article.Builder article =
        Article.builder()
            .title(Inputs.title(name, title))
            .link(link)
            .authors(meta.authors())
            .published(meta.published(content).orElse(null))
            .updated(meta.updated().orElse(null))
            .summary(summary(meta, content))
            .content(contentHtml, base)
            .tags(meta.tags())
            .language(language)
            .leadImage(meta.leadImage(content, base).orElse(null))
            .source(options.sourceName().isEmpty() ? site : options.sourceName());
    if (link == null && isWebAddress(sourceUrl)) {
      // Without a canonical URL, the address the page was fetched from names it better than its
      // title: two pages of one site with the same generic title stay two articles.
      article.id(ArticleId.fromUrl(sourceUrl));
    }
    extraction.related().forEach(article::related);
    return new ImportResult(article.build(), warnings);
  }

  /** The page's own description, else the start of the first real paragraph of the body. */
  private static String summary(PageMetadata meta, Element content) {
    String declared = meta.summary();
    if (!declared.isEmpty() || content == null) {
      return declared;
    }
    for (Element p : content.select("p")) {
      if (p.text().length() >= 80 && ContentExtractor.linkDensity(p) < 0.25) {
        return Excerpts.of(p.text(), 300);
      }
    }
    return "";
  }

  private static boolean isWebAddress(URI url) {
    return url != null
        && url.isAbsolute()
        && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()));
  }

  /**
   * JSON-LD's articleBody as HTML: markup in it (raw, or entity-escaped as {@code &lt;p&gt;}) is
   * kept for the sanitizer; plain text becomes one paragraph per blank line (or per line).
   */
  static String articleBodyHtml(String articleBody) {
    String text = articleBody;
    if (text.contains("&lt;") || text.contains("&#60;") || text.contains("&#x3c;")) {
      text = Parser.unescapeEntities(text, false);
    }
    if (Jsoup.parseBodyFragment(text).body().children().size() > 0) {
      return text;
    }
    return paragraphs(text);
  }

  /** JSON-LD's articleBody is plain text: blank lines (or single newlines) separate paragraphs. */
  private static String paragraphs(String text) {
    String[] parts = text.contains("\n\n") ? text.split("\\n\\s*\\n") : text.split("\\n");
    StringBuilder html = new StringBuilder();
    for (String part : parts) {
      String p = part.strip();
      if (!p.isEmpty()) {
        html.append("<p>").append(Entities.escape(p)).append("</p>\n");
      }
    }
    return html.toString();
  }
}
