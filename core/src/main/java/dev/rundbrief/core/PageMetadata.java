package dev.rundbrief.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads an article's metadata from a page's meta tags (Open Graph, article:*, Dublin Core), its
 * JSON-LD and its markup (h1, byline, {@code <time>}).
 *
 * <p>Each field has an order of sources, first hit wins; the order is documented in
 * docs/importers-html.md. Values that cannot be parsed (a date, a URL) are reported as warnings
 * naming the input and skipped in favour of the next source.
 */
final class PageMetadata {
  private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s+(?:\\||–|—|-|::|·|»|/)\\s+");

  private final Document doc;
  private final JsonLd jsonLd;
  private final Map<String, Object> ldArticle;
  private final String inputName;
  private final List<String> warnings;
  private final Instant now;

  PageMetadata(Document doc, JsonLd jsonLd, String inputName, List<String> warnings, Instant now) {
    this.doc = doc;
    this.now = now;
    this.jsonLd = jsonLd;
    this.ldArticle = jsonLd.article().orElse(Map.of());
    this.inputName = inputName;
    this.warnings = warnings;
  }

  /** The schema.org article node of the page; empty map when there is none. */
  Map<String, Object> ldArticle() {
    return ldArticle;
  }

  /** The site's name: og:site_name, JSON-LD publisher, JSON-LD WebSite, application-name. */
  String siteName() {
    return firstNonBlank(
        meta("og:site_name"),
        jsonLd.text(ldArticle, "publisher"),
        jsonLd.first("WebSite").map(n -> jsonLd.text(n, "name")).orElse(""),
        meta("application-name"));
  }

  /** Every title the page declares (meta tags, JSON-LD, {@code <title>}), without site names. */
  List<String> titleHints(String siteName) {
    return List.of(
        stripSiteName(meta("og:title"), siteName, false),
        stripSiteName(jsonLd.text(ldArticle, "headline"), siteName, false),
        stripSiteName(meta("twitter:title"), siteName, false),
        documentTitle(siteName));
  }

  /**
   * The title chosen by agreement between the page's sources: {@code og:title}, JSON-LD {@code
   * headline}, the {@code <title>} without the site name, {@code twitter:title} and the {@code h1}
   * nearest the article. The candidate that most others agree with (same words, or one containing
   * the other; the same words count double) wins; ties go to that order. When nothing agrees, the
   * first declared title wins over the {@code h1}, so that a logo or section name in an {@code h1}
   * never becomes the title.
   */
  String title(String siteName, String nearestHeading) {
    List<String> candidates =
        List.of(
            stripSiteName(meta("og:title"), siteName, false),
            stripSiteName(jsonLd.text(ldArticle, "headline"), siteName, false),
            documentTitle(siteName),
            stripSiteName(meta("twitter:title"), siteName, false),
            nearestHeading == null ? "" : nearestHeading.strip().replaceAll("\\s+", " "));
    String best = "";
    int bestSupport = -1;
    for (int i = 0; i < candidates.size(); i++) {
      String c = candidates.get(i);
      if (c.isBlank()) {
        continue;
      }
      // The same words count twice as much as one title containing the other.
      int support = 0;
      for (int j = 0; j < candidates.size(); j++) {
        String other = candidates.get(j);
        if (j != i && agree(c, other)) {
          boolean same = ArticleId.normalizeTitle(c).equals(ArticleId.normalizeTitle(other));
          support += same ? 2 : 1;
        }
      }
      if (support > bestSupport) {
        best = c;
        bestSupport = support;
      }
    }
    return best;
  }

  /** Same words, or the shorter (at least three words or half the length) inside the longer. */
  static boolean agree(String a, String b) {
    String x = ArticleId.normalizeTitle(a);
    String y = ArticleId.normalizeTitle(b);
    if (x.isEmpty() || y.isEmpty()) {
      return false;
    }
    if (x.equals(y)) {
      return true;
    }
    String shorter = x.length() < y.length() ? x : y;
    String longer = x.length() < y.length() ? y : x;
    return (" " + longer + " ").contains(" " + shorter + " ")
        && (shorter.split(" ").length >= 3 || shorter.length() * 2 >= longer.length());
  }

  /** The document {@code <title>} without the site-name prefix or suffix. */
  String documentTitle(String siteName) {
    String title = doc.title().strip().replaceAll("\\s+", " ");
    // "Section - Headline": the segment that the page also shows as text is the headline.
    for (String segment : TITLE_SEPARATOR.split(title)) {
      if (segment.split(" ").length >= 3 && !segment.equals(title) && shownOnPage(segment)) {
        return segment;
      }
    }
    return stripSiteName(title, siteName, true);
  }

  private boolean shownOnPage(String text) {
    for (Element e : doc.body().getElementsMatchingOwnText(Pattern.quote(text))) {
      if (e.text().strip().equals(text) && e.closest("a") == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes " | Site", " – Site", " - Site", " :: Site" and a leading "Site | ". A segment that is
   * not the known site name is removed only from the {@code <title>} ({@code guess}), and only when
   * it is short and the rest is longer.
   */
  static String stripSiteName(String title, String siteName, boolean guess) {
    String t = title == null ? "" : title.strip().replaceAll("\\s+", " ");
    List<int[]> seps = new ArrayList<>();
    var m = TITLE_SEPARATOR.matcher(t);
    while (m.find()) {
      seps.add(new int[] {m.start(), m.end()});
    }
    if (seps.isEmpty()) {
      return t;
    }
    int[] lastSep = seps.get(seps.size() - 1);
    String last = t.substring(lastSep[1]);
    String withoutLast = t.substring(0, lastSep[0]);
    String site = siteName == null ? "" : siteName.strip();
    if (!site.isEmpty()) {
      if (last.equalsIgnoreCase(site)) {
        return withoutLast;
      }
      if (t.substring(0, seps.get(0)[0]).equalsIgnoreCase(site)) {
        return t.substring(seps.get(0)[1]);
      }
    }
    if (guess && last.split(" ").length <= 4 && withoutLast.length() > last.length()) {
      return withoutLast;
    }
    return t;
  }

  /** The canonical URL: link rel=canonical, og:url, JSON-LD url or mainEntityOfPage. */
  Optional<URI> canonical(URI documentUrl) {
    Element link = doc.selectFirst("link[rel~=(?i)^canonical$][href]");
    for (String candidate :
        List.of(
            link == null ? "" : link.attr("href"),
            meta("og:url"),
            jsonLd.text(ldArticle, "mainEntityOfPage"),
            jsonLd.text(ldArticle, "url"))) {
      Optional<URI> url = absolute(candidate, documentUrl, "canonical URL");
      if (url.isPresent() && url.get().isAbsolute()) {
        return url;
      }
    }
    return Optional.empty();
  }

  /** The {@code <base href>} resolved against the document's own address, when present. */
  Optional<URI> baseHref(URI documentUrl) {
    Element base = doc.selectFirst("head base[href], base[href]");
    return base == null ? Optional.empty() : absolute(base.attr("href"), documentUrl, "base URL");
  }

  /** Authors from meta author, article:author, JSON-LD, rel=author and byline elements. */
  List<Author> authors() {
    Map<String, Author> jsonLdAuthors = new LinkedHashMap<>();
    for (Object value : jsonLd.values(ldArticle, "author")) {
      String name = JsonLd.textOf(value instanceof Map<?, ?> m ? m.get("name") : value);
      if (isName(name)) {
        name = Bylines.written(name.strip());
        URI url = null;
        if (value instanceof Map<?, ?> m && m.get("url") instanceof String u) {
          url = absolute(u, null, "author URL").orElse(null);
        }
        jsonLdAuthors.putIfAbsent(name.toLowerCase(Locale.ROOT), new Author(name, null, url));
      }
    }
    List<List<String>> sources = new ArrayList<>();
    sources.add(split(doc.select("meta[name=author]").eachAttr("content")));
    sources.add(split(metas("article:author")));
    sources.add(new ArrayList<>(jsonLdAuthors.values().stream().map(Author::name).toList()));
    sources.add(split(doc.select("a[rel~=(?i)\\bauthor\\b]").eachText()));
    List<String> bylines = new ArrayList<>();
    for (Element e :
        doc.select(
            "[itemprop=author] [itemprop=name], [itemprop=author]:not(:has([itemprop=name])),"
                + " .byline, .author, .post-author, .article-author, .entry-author, .autor,"
                + " [class*=type-author], [class*=author-name], [class*=byline]")) {
      if (e.closest("footer, aside, .comments, #comments, .comment, .comment-list") == null) {
        bylines.add(e.text());
      }
    }
    sources.add(split(bylines));
    // A byline written as a line of its own, without a class ("By TOM KRISHER, AP Auto Writer").
    for (Element e : doc.select("p, span, address, small")) {
      String text = e.text();
      if (text.length() <= 100
          && Bylines.isBylineLine(text)
          && e.closest("footer, aside, .comments, #comments, .comment, .comment-list") == null) {
        sources.add(split(List.of(text)));
        break;
      }
    }
    for (List<String> names : sources) {
      if (!names.isEmpty()) {
        List<Author> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String name : names) {
          if (seen.putIfAbsent(name.toLowerCase(Locale.ROOT), true) == null) {
            Author known = jsonLdAuthors.get(name.toLowerCase(Locale.ROOT));
            out.add(known != null ? known : Author.of(name));
          }
        }
        return out;
      }
    }
    return List.of();
  }

  private static List<String> split(List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String value : raw) {
      for (String name : Bylines.names(value)) {
        String n = name.strip();
        if (isName(n)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static boolean isName(String name) {
    return name != null
        && !name.isBlank()
        && name.length() <= 80
        && !name.contains("://")
        && !name.startsWith("@")
        && name.chars().anyMatch(Character::isLetter);
  }

  /** The publication instant from article:published_time, JSON-LD, itemprop, meta date, time. */
  Optional<Instant> published(Element content) {
    List<String> candidates = new ArrayList<>();
    candidates.add(meta("article:published_time"));
    candidates.add(jsonLd.text(ldArticle, "datePublished"));
    candidates.add(itemprop("datePublished"));
    for (String name :
        List.of(
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "parsely-pub-date",
            "publish-date",
            "pubdate")) {
      candidates.add(meta(name));
    }
    candidates.add(attr("time[pubdate][datetime]", "datetime"));
    if (content != null) {
      Element time = content.selectFirst("time[datetime]");
      candidates.add(time == null ? "" : time.attr("datetime"));
    }
    candidates.add(attr("article time[datetime], main time[datetime], time[datetime]", "datetime"));
    // A date line shown on the page ("3. Mai 2024", "November 19, 2019, 07:47 PM EST").
    for (Element e :
        doc.select(
            "time, [class*=date], [class*=Date], [class*=datum], [class*=fecha], [class*=posted],"
                + " [class*=published], [class*=timestamp]")) {
      String text = e.text().strip();
      if (!text.isEmpty() && text.length() <= 80 && PageDates.parse(text).isPresent()) {
        candidates.add(text);
        break;
      }
    }
    return firstDate(candidates, "published date");
  }

  /** The modification instant from article:modified_time, og:updated_time, JSON-LD, itemprop. */
  Optional<Instant> updated() {
    return firstDate(
        List.of(
            meta("article:modified_time"),
            meta("og:updated_time"),
            jsonLd.text(ldArticle, "dateModified"),
            itemprop("dateModified")),
        "updated date");
  }

  private Optional<Instant> firstDate(List<String> candidates, String what) {
    for (String candidate : candidates) {
      if (candidate == null || candidate.isBlank()) {
        continue;
      }
      Optional<Instant> parsed = PageDates.parse(candidate);
      if (parsed.isPresent() && PublicationDates.isPlausible(parsed.get(), now)) {
        return parsed;
      }
      if (parsed.isPresent()) {
        String warning =
            "'"
                + inputName
                + "': ignored "
                + what
                + " '"
                + candidate.strip()
                + "': not a plausible date (placeholder, before 1991 or in the future)";
        if (!warnings.contains(warning)) {
          warnings.add(warning);
        }
        continue;
      }
      String warning =
          "'" + inputName + "': ignored " + what + " '" + candidate.strip() + "': not a date";
      if (!warnings.contains(warning)) {
        warnings.add(warning);
      }
    }
    return Optional.empty();
  }

  /** The declared language: html lang, content-language, og:locale, JSON-LD inLanguage. */
  Optional<Locale> declaredLanguage() {
    Element http = doc.selectFirst("meta[http-equiv~=(?i)content-language][content]");
    for (String tag :
        List.of(
            doc.select("html").attr("lang"),
            doc.select("html").attr("xml:lang"),
            http == null ? "" : http.attr("content").split(",")[0],
            meta("og:locale"),
            jsonLd.text(ldArticle, "inLanguage"))) {
      Optional<Locale> locale = Languages.parseTag(tag);
      if (locale.isPresent()) {
        return locale;
      }
    }
    return Optional.empty();
  }

  /** The lead image: og:image (with alt and size), twitter:image, JSON-LD image, a big figure. */
  Optional<Image> leadImage(Element content, URI base) {
    String og = firstNonBlank(meta("og:image:secure_url"), meta("og:image"), meta("og:image:url"));
    if (!og.isEmpty()) {
      Optional<URI> url = absolute(og, base, "image URL");
      if (url.isPresent()) {
        return Optional.of(
            Image.of(url.get(), meta("og:image:alt"))
                .withSize(number(meta("og:image:width")), number(meta("og:image:height"))));
      }
    }
    for (Object value : jsonLd.values(ldArticle, "image")) {
      Optional<URI> url = absolute(JsonLd.textOf(value), base, "image URL");
      if (url.isPresent()) {
        Image image = Image.of(url.get(), "");
        if (value instanceof Map<?, ?> m) {
          image =
              Image.of(url.get(), JsonLd.textOf(m.get("caption")))
                  .withSize(
                      number(JsonLd.textOf(m.get("width"))),
                      number(JsonLd.textOf(m.get("height"))));
        }
        return Optional.of(image);
      }
    }
    String twitter = meta("twitter:image");
    if (!twitter.isEmpty()) {
      Optional<URI> url = absolute(twitter, base, "image URL");
      if (url.isPresent()) {
        return Optional.of(Image.of(url.get(), meta("twitter:image:alt")));
      }
    }
    if (content != null) {
      for (Element img : content.select("img[src]")) {
        int width = number(img.attr("width"));
        if (width >= 300 || (width == 0 && img.closest("figure") != null)) {
          Optional<URI> url = absolute(img.attr("src"), base, "image URL");
          if (url.isPresent()) {
            return Optional.of(
                Image.of(url.get(), img.attr("alt")).withSize(width, number(img.attr("height"))));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Tags from article:tag and JSON-LD keywords. */
  List<String> tags() {
    List<String> tags = new ArrayList<>(metas("article:tag"));
    for (Object value : jsonLd.values(ldArticle, "keywords")) {
      String text = JsonLd.textOf(value);
      if (value instanceof String && text.contains(",")) {
        for (String t : text.split(",")) {
          tags.add(t.strip());
        }
      } else {
        tags.add(text);
      }
    }
    tags.removeIf(String::isBlank);
    return tags;
  }

  /** The summary: og:description, meta description, JSON-LD description, twitter:description. */
  String summary() {
    return firstNonBlank(
        meta("og:description"),
        meta("description"),
        jsonLd.text(ldArticle, "description"),
        meta("twitter:description"));
  }

  // ---- helpers ----

  private String meta(String key) {
    for (Element m : doc.select("meta[content]")) {
      if (key.equalsIgnoreCase(m.attr("property"))
          || key.equalsIgnoreCase(m.attr("name"))
          || key.equalsIgnoreCase(m.attr("itemprop"))) {
        String content = m.attr("content").strip();
        if (!content.isEmpty()) {
          return content;
        }
      }
    }
    return "";
  }

  private List<String> metas(String key) {
    List<String> out = new ArrayList<>();
    for (Element m : doc.select("meta[content]")) {
      if (key.equalsIgnoreCase(m.attr("property")) || key.equalsIgnoreCase(m.attr("name"))) {
        out.add(m.attr("content").strip());
      }
    }
    return out;
  }

  private String itemprop(String name) {
    Element e = doc.selectFirst("[itemprop=" + name + "]");
    if (e == null) {
      return "";
    }
    return firstNonBlank(e.attr("content"), e.attr("datetime"), e.text());
  }

  private String attr(String selector, String attribute) {
    Element e = doc.selectFirst(selector);
    return e == null ? "" : e.attr(attribute);
  }

  private Optional<URI> absolute(String raw, URI base, String what) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.strip().replace(" ", "%20"));
      if (!uri.isAbsolute() && base != null) {
        uri = base.resolve(uri);
      }
      if (uri.isAbsolute()
          && !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      warnings.add("'" + inputName + "': ignored " + what + " '" + raw.strip() + "': not a URL");
      return Optional.empty();
    }
  }

  private static int number(String raw) {
    if (raw == null) {
      return 0;
    }
    String digits = raw.strip().replaceAll("(?i)px$", "");
    if (!digits.matches("\\d{1,6}")) {
      return 0;
    }
    return Integer.parseInt(digits);
  }

  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return "";
  }
}
