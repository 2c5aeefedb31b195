package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * Imports an article from a web page: its metadata and its main content, without the site's
 * navigation, comments, share bars, cookie banners, ads and "related posts".
 *
 * <p>What callers may rely on:
 *
 * <ul>
 *   <li>The character set comes from a byte-order mark or a {@code <meta charset>}; a page that
 *       declares none and is not valid UTF-8 is read as windows-1252 with a warning.
 *   <li>Relative links resolve against the page's {@code <base href>}, else the source's {@link
 *       ImportSource#baseUrl() base URL}, else the page's canonical URL.
 *   <li>Metadata comes from Open Graph and {@code article:*} meta tags, schema.org JSON-LD
 *       (including {@code @graph}) and the markup; a date that cannot be parsed becomes a warning.
 *       A page whose text is only in JSON-LD's {@code articleBody} imports too.
 *   <li>The site's previous/next links ("Zurück", "Weiter", {@code rel="prev"}) become {@link
 *       RelatedLink}s and are not part of the body.
 *   <li>The body is sanitized by {@link HtmlSanitizer}.
 * </ul>
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class HtmlImporter implements ArticleImporter {
  /** Creates an importer; it has no settings beyond the {@link ImportOptions} of each call. */
  public HtmlImporter() {}

  /**
   * Imports the article of one web page.
   *
   * @throws ImportException if the page is empty, binary or too large, has no detectable article
   *     ("no article content found"), or has no title
   */
  @Override
  public ImportResult importArticle(ImportSource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    String name = source.name();
    byte[] bytes = source.bytes();
    Inputs.check(name, bytes, options);
    List<String> warnings = new ArrayList<>();
    Document doc = parse(name, bytes, source.baseUrl(), warnings);

    PageMetadata meta = new PageMetadata(doc, JsonLd.read(doc, name, warnings), name, warnings);
    Optional<URI> canonical = meta.canonical(source.baseUrl());
    URI documentUrl = source.baseUrl() != null ? source.baseUrl() : canonical.orElse(null);
    URI base = meta.baseHref(documentUrl).filter(URI::isAbsolute).orElse(documentUrl);
    doc.setBaseUri(base == null ? "" : base.toString());

    String site = meta.siteName();
    String declaredTitle = meta.declaredTitle(site);
    ContentExtractor.Extraction extraction = ContentExtractor.extract(doc, declaredTitle);
    Element content = extraction.content();
    String contentHtml = content == null ? "" : content.html();
    String contentText = content == null ? "" : content.text();

    String articleBody = JsonLd.textOf(meta.ldArticle().get("articleBody"));
    if (articleBody.length() > 2 * contentText.length()) {
      contentHtml = paragraphs(articleBody);
      contentText = articleBody;
    } else if (content == null) {
      throw new ImportException(name, "no article content found");
    }

    String title =
        PageMetadata.firstNonBlank(
            declaredTitle, extraction.headline(), firstH1(doc), meta.documentTitle(site));
    if (title.isEmpty()) {
      throw new ImportException(
          name, "has no title: no og:title, JSON-LD headline, <h1> or <title> found");
    }

    String languageSample = title + "\n" + contentText;
    Locale language =
        meta.declaredLanguage()
            .or(() -> Languages.detect(languageSample))
            .orElse(options.defaultLanguage());

    Article.Builder article =
        Article.builder()
            .title(title)
            .link(canonical.orElse(null))
            .authors(meta.authors())
            .published(meta.published(content).orElse(null))
            .updated(meta.updated().orElse(null))
            .summary(meta.summary())
            .content(contentHtml, base)
            .tags(meta.tags())
            .language(language)
            .leadImage(meta.leadImage(content, base).orElse(null))
            .source(options.sourceName().isEmpty() ? site : options.sourceName());
    extraction.related().forEach(article::related);
    return new ImportResult(article.build(), warnings);
  }

  private static Document parse(String name, byte[] bytes, URI baseUrl, List<String> warnings) {
    String base = baseUrl == null ? "" : baseUrl.toString();
    try {
      Document doc = Jsoup.parse(new ByteArrayInputStream(bytes), null, base);
      if (doc.charset().equals(StandardCharsets.UTF_8) && !isUtf8(bytes)) {
        warnings.add(
            "'"
                + name
                + "': declares no character set and is not valid UTF-8; read as windows-1252");
        doc = Jsoup.parse(new ByteArrayInputStream(bytes), "windows-1252", base);
      }
      return doc;
    } catch (IOException e) {
      throw new ImportException(name, "cannot be read as HTML: " + e.getMessage(), e);
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String firstH1(Document doc) {
    Element h1 = doc.selectFirst("article h1, main h1, h1");
    return h1 == null ? "" : h1.text();
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
