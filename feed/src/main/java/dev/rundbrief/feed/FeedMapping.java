package dev.rundbrief.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.located.Located;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Entities;

/** Maps a parsed feed (Rome's model plus the raw JDOM elements) to Rundbrief's model. */
final class FeedMapping {
  private static final String MEDIA_RSS = "http://search.yahoo.com/mrss/";
  private static final Pattern EMAIL_AND_NAME =
      Pattern.compile("\\s*([^\\s()<>]+@[^\\s()<>]+)\\s*(?:\\((.*)\\))?\\s*");
  private static final Pattern IMAGE_FILE =
      Pattern.compile("(?i).*\\.(jpe?g|png|gif|webp|avif|svg)(\\?.*)?$");
  private static final List<String> PUBLISHED = List.of("pubDate", "published", "issued", "date");
  private static final List<String> UPDATED = List.of("updated", "modified");
  private static final int DERIVED_TITLE_LENGTH = 80;
  private static final Map<String, String> FORMATS =
      Map.of(
          "rss_0.9", "RSS 0.90",
          "rss_0.91N", "RSS 0.91",
          "rss_0.91U", "RSS 0.91",
          "rss_1.0", "RSS 1.0",
          "atom_0.3", "Atom 0.3",
          "atom_1.0", "Atom 1.0");

  private final String source;
  private final List<String> warnings;

  FeedMapping(String source, List<String> warnings) {
    this.source = source;
    this.warnings = warnings;
  }

  FeedDocument map(WireFeed wire, SyndFeed feed, Document document, URI documentUrl) {
    Element root = document.getRootElement();
    Element channel = child(root, "channel");
    URI documentBase = httpOnly(documentUrl);
    URI channelBase = withXmlBase(withXmlBase(documentBase, root), channel);
    boolean atom = root.getName().equals("feed");
    String rawSiteLink = atom ? atomAlternate(root) : feed.getLink();
    URI siteLink = httpOnly(resolve(channelBase, rawSiteLink, channel == null ? root : channel));
    String title = plain(feed.getTitle());
    if (title.isEmpty()) {
      title = source;
    }
    URI start = siteLink != null ? siteLink : documentBase;
    List<Element> itemElements = itemElements(root, channel);
    List<SyndEntry> entries = feed.getEntries();
    boolean paired = itemElements.size() == entries.size();
    List<Article> articles = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Element element = paired ? itemElements.get(i) : null;
      article(entries.get(i), element, start, title).ifPresent(articles::add);
    }
    String language = feed.getLanguage();
    if ((language == null || language.isBlank())
        && root.getAttributeValue("lang", Namespace.XML_NAMESPACE) != null) {
      language = root.getAttributeValue("lang", Namespace.XML_NAMESPACE);
    }
    return new FeedDocument(
        source,
        FORMATS.getOrDefault(wire.getFeedType(), formatName(wire.getFeedType())),
        title,
        siteLink,
        plain(feed.getDescription()),
        language == null || language.isBlank() ? null : Locale.forLanguageTag(language.strip()),
        articles,
        warnings);
  }

  private Optional<Article> article(SyndEntry entry, Element element, URI start, String feedTitle) {
    URI base = start;
    if (element != null) {
      for (Element e : ancestry(element)) {
        base = withXmlBase(base, e);
      }
    }
    Article.Builder b = Article.builder().source(feedTitle);
    String rawLink =
        element != null && element.getName().equals("entry")
            ? atomAlternate(element)
            : entry.getLink();
    URI link = httpOnly(resolve(base, rawLink, element));
    b.link(link);
    String guid = guid(entry, element);
    if (guid != null) {
      b.id(ArticleId.of(guid));
    }

    String descriptionValue = value(entry.getDescription());
    boolean descriptionIsHtml = isHtml(entry.getDescription(), descriptionValue);
    String contentHtml = null;
    for (SyndContent c : entry.getContents()) {
      String v = value(c);
      if (!v.isBlank()) {
        contentHtml = isHtml(c, v) ? v : "<p>" + Entities.escape(v) + "</p>";
        break;
      }
    }
    if (contentHtml == null && descriptionIsHtml) {
      contentHtml = descriptionValue;
    }
    String summary = descriptionIsHtml ? plain(descriptionValue) : descriptionValue.strip();
    b.summary(summary);
    if (contentHtml != null) {
      b.content(contentHtml, contentBase(element, base));
    }

    String title = plain(entry.getTitleEx() != null ? entry.getTitleEx() : null, entry.getTitle());
    if (title.isEmpty()) {
      title = derivedTitle(summary.isEmpty() && contentHtml != null ? plain(contentHtml) : summary);
    }
    if (title.isEmpty()) {
      warnings.add(where(element) + ": <item> has no title, description or content; skipped");
      return Optional.empty();
    }
    b.title(title);

    Instant published = date(element, PUBLISHED, entry.getPublishedDate());
    Instant updated = date(element, UPDATED, entry.getUpdatedDate());
    b.published(published).updated(updated);

    authors(entry).forEach(b::author);
    for (SyndCategory category : entry.getCategories()) {
      b.tag(category.getName());
    }
    if (entry.getCategories().isEmpty() && element != null) {
      children(element, "subject").forEach(e -> b.tag(e.getTextNormalize()));
    }
    leadImage(entry, element, base).ifPresent(b::leadImage);
    return Optional.of(b.build());
  }

  private String guid(SyndEntry entry, Element element) {
    if (element == null) {
      return blankToNull(entry.getUri());
    }
    Element guid = child(element, "guid");
    if (guid == null) {
      guid = child(element, "id");
    }
    if (guid != null) {
      return blankToNull(guid.getTextTrim());
    }
    String about =
        element.getAttributeValue(
            "about", Namespace.getNamespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"));
    return blankToNull(about);
  }

  private Instant date(Element element, List<String> names, Date romeDate) {
    if (element == null) {
      return romeDate == null ? null : romeDate.toInstant();
    }
    for (String name : names) {
      Element e = child(element, name);
      if (e == null) {
        continue;
      }
      String raw = e.getTextNormalize();
      Optional<Instant> parsed = FeedDates.parse(raw);
      if (parsed.isPresent()) {
        return parsed.get();
      }
      warnings.add(
          where(e)
              + ": <"
              + e.getQualifiedName()
              + "> '"
              + raw
              + "' is not "
              + FeedDates.expectedForm(raw)
              + "; the item is kept without this date");
      return null;
    }
    return null;
  }

  private List<Author> authors(SyndEntry entry) {
    List<Author> authors = new ArrayList<>();
    for (SyndPerson p : entry.getAuthors()) {
      String name = plain(p.getName());
      String email = blankToNull(p.getEmail());
      if (name.isEmpty() && email == null) {
        continue;
      }
      authors.add(new Author(name.isEmpty() ? email : name, email, absolute(p.getUri())));
    }
    if (authors.isEmpty() && entry.getAuthor() != null && !entry.getAuthor().isBlank()) {
      Matcher m = EMAIL_AND_NAME.matcher(entry.getAuthor());
      if (m.matches()) {
        String name = m.group(2) == null || m.group(2).isBlank() ? m.group(1) : m.group(2);
        authors.add(new Author(name, m.group(1), null));
      } else {
        authors.add(Author.of(plain(entry.getAuthor())));
      }
    }
    return authors;
  }

  private Optional<Image> leadImage(SyndEntry entry, Element element, URI base) {
    for (SyndEnclosure enclosure : entry.getEnclosures()) {
      String type = enclosure.getType() == null ? "" : enclosure.getType().strip();
      String url = enclosure.getUrl();
      if (url != null
          && (type.startsWith("image/") || (type.isEmpty() && IMAGE_FILE.matcher(url).matches()))) {
        URI resolved = httpOnly(resolve(base, url, element));
        if (resolved != null) {
          return Optional.of(
              new Image(resolved, "", 0, 0, type, Math.max(0, enclosure.getLength())));
        }
      }
    }
    if (element == null) {
      return Optional.empty();
    }
    Namespace media = Namespace.getNamespace(MEDIA_RSS);
    List<Element> candidates = new ArrayList<>(element.getChildren("content", media));
    Element group = element.getChild("group", media);
    if (group != null) {
      candidates.addAll(group.getChildren("content", media));
    }
    candidates.addAll(element.getChildren("thumbnail", media));
    for (Element c : candidates) {
      String type = c.getAttributeValue("type", "");
      String medium = c.getAttributeValue("medium", "");
      String url = c.getAttributeValue("url");
      boolean image =
          type.startsWith("image/")
              || medium.equals("image")
              || c.getName().equals("thumbnail")
              || (url != null && IMAGE_FILE.matcher(url).matches());
      URI resolved = image ? httpOnly(resolve(base, url, c)) : null;
      if (resolved != null) {
        return Optional.of(
            new Image(resolved, "", intAttribute(c, "width"), intAttribute(c, "height"), type, 0));
      }
    }
    return Optional.empty();
  }

  private URI contentBase(Element item, URI base) {
    if (item == null) {
      return base;
    }
    Element content = child(item, "content");
    if (content == null) {
      content = child(item, "encoded");
    }
    return content == null ? base : withXmlBase(base, content);
  }

  /** Resolves a reference from the feed, warning (not failing) when it is not a URI at all. */
  private URI resolve(URI base, String reference, Element where) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    String ref = reference.strip().replace(" ", "%20");
    try {
      URI uri = new URI(ref);
      if (uri.isAbsolute()) {
        return uri;
      }
      return base == null ? null : base.resolve(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      warnings.add(where(where) + ": '" + reference.strip() + "' is not a URL; it is left out");
      return null;
    }
  }

  private URI withXmlBase(URI base, Element element) {
    if (element == null) {
      return base;
    }
    String xmlBase = element.getAttributeValue("base", Namespace.XML_NAMESPACE);
    if (xmlBase == null || xmlBase.isBlank()) {
      return base;
    }
    URI resolved = resolve(base, xmlBase, element);
    return resolved == null ? base : resolved;
  }

  private String where(Element element) {
    if (element instanceof Located located) {
      return FeedFormatException.location(source, located.getLine(), 0);
    }
    return FeedFormatException.location(source, 0, 0);
  }

  /** The href of an Atom element's alternate link: rel="alternate" or no rel, HTML preferred. */
  private static String atomAlternate(Element parent) {
    String any = null;
    for (Element link : children(parent, "link")) {
      String rel = link.getAttributeValue("rel", "alternate").strip();
      String href = link.getAttributeValue("href");
      if (!rel.equals("alternate") || href == null) {
        continue;
      }
      String type = link.getAttributeValue("type", "");
      if (type.isEmpty() || type.contains("html")) {
        return href;
      }
      if (any == null) {
        any = href;
      }
    }
    return any;
  }

  private static List<Element> itemElements(Element root, Element channel) {
    String name = root.getName();
    if (name.equals("feed")) {
      return children(root, "entry");
    }
    List<Element> items = channel == null ? List.of() : children(channel, "item");
    return items.isEmpty() ? children(root, "item") : items;
  }

  private static List<Element> ancestry(Element element) {
    List<Element> chain = new ArrayList<>();
    for (Element e = element; e != null; e = e.getParentElement()) {
      chain.add(0, e);
    }
    return chain;
  }

  private static Element child(Element parent, String localName) {
    if (parent == null) {
      return null;
    }
    for (Element e : parent.getChildren()) {
      if (e.getName().equals(localName)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Element e : parent.getChildren()) {
      if (e.getName().equals(localName)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean isHtml(SyndContent content, String value) {
    String type =
        content == null || content.getType() == null
            ? ""
            : content.getType().toLowerCase(Locale.ROOT);
    if (type.contains("html")) {
      return true;
    }
    if (type.equals("text") || type.equals("text/plain")) {
      return false;
    }
    return value.indexOf('<') >= 0 || value.indexOf('&') >= 0;
  }

  private static String value(SyndContent content) {
    return content == null || content.getValue() == null ? "" : content.getValue();
  }

  private static String plain(SyndContent titleEx, String fallback) {
    if (titleEx != null && titleEx.getType() != null && titleEx.getType().contains("html")) {
      return plain(titleEx.getValue());
    }
    return fallback == null ? "" : fallback.strip().replaceAll("\\s+", " ");
  }

  private static String plain(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
      return html.strip().replaceAll("\\s+", " ");
    }
    return Jsoup.parseBodyFragment(html).text().strip();
  }

  private static String derivedTitle(String text) {
    if (text.length() <= DERIVED_TITLE_LENGTH) {
      return text;
    }
    int cut = text.lastIndexOf(' ', DERIVED_TITLE_LENGTH);
    return text.substring(0, cut > 20 ? cut : DERIVED_TITLE_LENGTH) + "…";
  }

  private static URI httpOnly(URI uri) {
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") ? uri : null;
  }

  private static URI absolute(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    try {
      URI u = new URI(uri.strip());
      return u.isAbsolute() ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static int intAttribute(Element e, String name) {
    try {
      return Math.max(0, Integer.parseInt(e.getAttributeValue(name, "0").strip()));
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String formatName(String feedType) {
    if (feedType == null) {
      return "unknown";
    }
    String[] parts = feedType.split("_", 2);
    return parts[0].toUpperCase(Locale.ROOT).replace("ATOM", "Atom")
        + (parts.length > 1 ? " " + parts[1] : "");
  }
}
