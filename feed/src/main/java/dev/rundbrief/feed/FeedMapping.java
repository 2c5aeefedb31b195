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
import dev.rundbrief.core.HtmlSanitizer;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.PublicationDates;
import dev.rundbrief.core.SingleLine;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  private static final Pattern IMAGE_FILE =
      Pattern.compile("(?i).*\\.(jpe?g|png|gif|webp|avif|svg)(\\?.*)?$");
  static final List<String> PUBLISHED = List.of("pubDate", "published", "issued", "date");
  static final List<String> UPDATED = List.of("updated", "modified");
  private static final int DERIVED_TITLE_LENGTH = 80;
  private static final Map<String, String> FORMATS =
      Map.of(
          "rss_0.9", "RSS 0.90",
          "rss_0.91N", "RSS 0.91",
          "rss_0.91U", "RSS 0.91",
          "rss_1.0", "RSS 1.0",
          "atom_0.3", "Atom 0.3",
          "atom_1.0", "Atom 1.0");

  private static final String ATOM_03 = "http://purl.org/atom/ns#";
  private static final String GUID_PREFIX = "urn:rundbrief:guid:";

  private final String source;
  private final List<String> warnings;
  private final Instant now;
  private final Budget budget;

  FeedMapping(String source, List<String> warnings, Instant now, Budget budget) {
    this.source = source;
    this.warnings = warnings;
    this.now = now;
    this.budget = budget;
  }

  FeedDocument map(WireFeed wire, SyndFeed feed, Document document, URI documentUrl) {
    Element root = document.getRootElement();
    Element channel = child(root, "channel");
    URI documentBase = httpOnly(documentUrl);
    URI channelBase = withXmlBase(withXmlBase(documentBase, root), channel);
    boolean atom = root.getName().equals("feed");
    String rawSiteLink = atom ? atomAlternate(root) : feed.getLink();
    URI siteLink = httpOnly(resolve(channelBase, rawSiteLink, channel == null ? root : channel));
    Element titleElement = atom ? child(root, "title") : null;
    String title = titleElement != null ? textConstruct(titleElement) : plain(feed.getTitle());
    if (title.isEmpty()) {
      title = source;
    }
    URI start = siteLink != null ? siteLink : documentBase;
    List<Element> itemElements = itemElements(root, channel);
    List<SyndEntry> entries = feed.getEntries();
    boolean paired = itemElements.size() == entries.size();
    List<Article> articles = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      budget.check();
      Element element = paired ? itemElements.get(i) : null;
      try {
        article(entries.get(i), element, start, title).ifPresent(articles::add);
      } catch (RuntimeException e) {
        if (e instanceof Budget.Exceeded exceeded) {
          throw exceeded;
        }
        // One broken item never costs the feed its other items.
        warnings.add(
            where(element)
                + ": item "
                + (i + 1)
                + " skipped: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
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
    String summary;
    if (contentHtml == null && descriptionIsHtml) {
      // The description is the body too: one parse gives both the body and the summary's text.
      contentHtml = descriptionValue;
      HtmlSanitizer.Sanitized sanitized =
          HtmlSanitizer.sanitizeWithText(descriptionValue, contentBase(element, base));
      summary = sanitized.text();
      b.content(sanitized);
    } else {
      summary = descriptionIsHtml ? plain(descriptionValue) : descriptionValue.strip();
      if (contentHtml != null) {
        b.content(contentHtml, contentBase(element, base));
      }
    }
    b.summary(summary);

    Element titleElement =
        element != null && element.getName().equals("entry") ? child(element, "title") : null;
    String title =
        titleElement != null
            ? textConstruct(titleElement)
            : plain(entry.getTitleEx() != null ? entry.getTitleEx() : null, entry.getTitle());
    if (title.isEmpty()) {
      title = derivedTitle(summary.isEmpty() && contentHtml != null ? plain(contentHtml) : summary);
    }
    if (title.isEmpty()) {
      warnings.add(where(element) + ": <item> has no title, description or content; skipped");
      return Optional.empty();
    }
    if (title.length() > SingleLine.MAX_LENGTH) {
      warnings.add(
          where(element)
              + ": <item> has a title of "
              + title.length()
              + " characters (at most "
              + SingleLine.MAX_LENGTH
              + "); skipped");
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
    return normalizedGuid(rawGuid(entry, element), element);
  }

  /**
   * A guid fit to be an article id: control characters and line breaks collapsed, and an http(s)
   * guid that is not a valid URL replaced by a stable non-URL id; {@code null} when blank.
   */
  String normalizedGuid(String raw, Element element) {
    if (raw == null) {
      return null;
    }
    String guid = collapseControls(raw);
    if (!guid.equals(raw)) {
      warnings.add(
          where(element)
              + ": the guid contains line breaks or control characters; they are removed");
    }
    if (guid.isEmpty()) {
      return null;
    }
    String lower = guid.toLowerCase(Locale.ROOT);
    if ((lower.startsWith("http://") || lower.startsWith("https://")) && !validUrl(guid)) {
      String id = GUID_PREFIX + sha256(guid);
      warnings.add(
          where(element)
              + ": the guid '"
              + guid
              + "' looks like a URL but is not a valid one; the item's id is "
              + id);
      return id;
    }
    return guid;
  }

  private String rawGuid(SyndEntry entry, Element element) {
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
      return romeDate == null ? null : plausible(romeDate.toInstant(), element, "date");
    }
    for (String name : names) {
      Element e = child(element, name);
      if (e == null) {
        continue;
      }
      String raw = e.getTextNormalize();
      Optional<Instant> parsed = FeedDates.parse(raw);
      if (parsed.isPresent()) {
        return plausible(parsed.get(), e, "<" + e.getQualifiedName() + "> '" + raw + "'");
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

  /** {@code date}, or {@code null} with a warning when it is a placeholder or in the future. */
  Instant plausible(Instant date, Element element, String what) {
    if (PublicationDates.isPlausible(date, now)) {
      return date;
    }
    warnings.add(
        where(element)
            + ": "
            + what
            + " is a placeholder or lies implausibly far in the future; the item is kept without"
            + " this date");
    return null;
  }

  private List<Author> authors(SyndEntry entry) {
    List<Author> authors = new ArrayList<>();
    for (SyndPerson p : entry.getAuthors()) {
      String name = plain(p.getName());
      String email = blankToNull(collapseControls(p.getEmail() == null ? "" : p.getEmail()));
      if (name.isEmpty() && email == null) {
        continue;
      }
      authors.add(new Author(name.isEmpty() ? email : name, email, webOrMail(p.getUri())));
    }
    if (authors.isEmpty() && entry.getAuthor() != null && !entry.getAuthor().isBlank()) {
      Author author = mailbox(entry.getAuthor());
      if (author != null) {
        authors.add(author);
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

  static List<Element> itemElements(Element root, Element channel) {
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

  static Element child(Element parent, String localName) {
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

  static String plain(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
      return html.strip().replaceAll("\\s+", " ");
    }
    return Jsoup.parseBodyFragment(html).text().strip();
  }

  static String derivedTitle(String text) {
    if (text.length() <= DERIVED_TITLE_LENGTH) {
      return text;
    }
    int cut = text.lastIndexOf(' ', DERIVED_TITLE_LENGTH);
    return text.substring(0, cut > 20 ? cut : DERIVED_TITLE_LENGTH) + "…";
  }

  static URI httpOnly(URI uri) {
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") ? uri : null;
  }

  /** An author's page: http(s) or mailto only, since writers pass it on to readers as a link. */
  static URI webOrMail(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    try {
      URI u = new URI(uri.strip());
      return SafeUrls.isAllowed(u) ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * An RSS {@code <author>}: "email (Name)", "email", or a name, in one linear pass (a regular
   * expression here backtracked for minutes on a 100 kB value).
   */
  static Author mailbox(String raw) {
    String text = collapseControls(raw);
    String address = text;
    String name = "";
    int open = text.indexOf('(');
    if (open >= 0 && text.endsWith(")")) {
      address = text.substring(0, open).strip();
      name = text.substring(open + 1, text.length() - 1).strip();
    }
    if (isMailbox(address)) {
      String display = plain(name);
      return new Author(display.isEmpty() ? address : display, address, null);
    }
    String plainName = plain(text);
    return plainName.isEmpty() ? null : Author.of(plainName);
  }

  private static boolean isMailbox(String s) {
    int at = s.indexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }

  /**
   * The text with every run of whitespace and control characters (C0, DEL, C1) made one space, and
   * stripped.
   */
  static String collapseControls(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean validUrl(String s) {
    try {
      URI u = new URI(s);
      return u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String sha256(String s) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The text of an Atom text construct, decoded as its {@code type} (and, for Atom 0.3, {@code
   * mode}) says: plain text as it is, HTML and escaped markup as the text a reader sees, XHTML and
   * inline XML as the text of its elements. Base64 was decoded by {@link WireFeeds}.
   */
  private static String textConstruct(Element e) {
    String type = e.getAttributeValue("type", "").strip().toLowerCase(Locale.ROOT);
    String mode = e.getAttributeValue("mode", "").strip().toLowerCase(Locale.ROOT);
    boolean atom03 = e.getNamespace().getURI().equals(ATOM_03);
    if (type.equals("xhtml") || (atom03 && !mode.equals("escaped") && !e.getChildren().isEmpty())) {
      return e.getValue().strip().replaceAll("\\s+", " ");
    }
    if (type.equals("html")
        || type.contains("html")
        || (atom03 && mode.equals("escaped") && !type.equals("text/plain"))) {
      return plain(e.getText());
    }
    return e.getText().strip().replaceAll("\\s+", " ");
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
