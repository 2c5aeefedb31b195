package dev.rundbrief.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdom2.Content;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.located.Located;

/**
 * Prepares a parsed document for Rome: refuses what Rome would crash on and rewrites what Rome
 * misreads, with a warning for each change.
 */
final class WireFeeds {
  /** The RSS versions Rome has a parser for; any other version is read as RSS 2.0. */
  private static final Set<String> RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");

  private static final String ATOM_03 = "http://purl.org/atom/ns#";
  private static final String ATOM_10 = "http://www.w3.org/2005/Atom";

  private WireFeeds() {}

  /**
   * Checks and rewrites the document in place.
   *
   * @throws FeedFormatException if an {@code <rss>} document has no {@code <channel>}
   */
  static void prepare(Document document, String source, List<String> warnings) {
    Element root = document.getRootElement();
    if (root.getName().equals("rss") && root.getNamespace().getURI().isEmpty()) {
      if (root.getChildren().stream().noneMatch(e -> e.getName().equals("channel"))) {
        throw new FeedFormatException(
            source, line(root), 0, "is an <rss> document without a <channel>; it has no items");
      }
      String version = root.getAttributeValue("version", "").strip();
      if (!RSS_VERSIONS.contains(version)) {
        warnings.add(
            FeedFormatException.location(source, line(root), 0)
                + ": <rss version=\""
                + version
                + "\"> is not a version this reader knows; read as RSS 2.0");
        root.setAttribute("version", "2.0");
      }
    }
    String ns = root.getNamespace().getURI();
    if (root.getName().equals("feed") && (ns.equals(ATOM_03) || ns.equals(ATOM_10))) {
      decodeBase64(root, source, warnings);
    }
  }

  /**
   * Replaces {@code mode="base64"} text (Atom 0.3, and Atom 1.0 feeds written to the 0.3 rules)
   * with its decoded text, since Rome's own decoder fails on real-world base64.
   */
  private static void decodeBase64(Element root, String source, List<String> warnings) {
    List<Element> encoded = new ArrayList<>();
    for (Element e : root.getDescendants(org.jdom2.filter.Filters.element())) {
      if ("base64".equalsIgnoreCase(e.getAttributeValue("mode", "").strip())) {
        encoded.add(e);
      }
    }
    for (Element e : encoded) {
      String type = e.getAttributeValue("type", "text/plain").toLowerCase(Locale.ROOT);
      e.removeAttribute("mode");
      try {
        byte[] bytes = Base64.getMimeDecoder().decode(e.getTextTrim());
        String text = new String(bytes, StandardCharsets.UTF_8);
        e.setText(text);
        if (e.getNamespace().getURI().equals(ATOM_03)) {
          e.setAttribute("mode", "escaped");
        } else {
          e.setAttribute("type", type.contains("html") ? "html" : "text");
        }
      } catch (IllegalArgumentException bad) {
        warnings.add(
            FeedFormatException.location(source, line(e), 0)
                + ": <"
                + e.getName()
                + "> is not valid base64; left out");
        e.setText("");
      }
    }
  }

  /**
   * Rome's model of the document, built without the items' date elements, which Rome would parse
   * only for {@link FeedMapping} to parse them again from the elements: Rome's date parser builds a
   * {@code SimpleDateFormat} per pattern for every date, a fifth of the time of reading a large
   * feed. The elements are put back before this returns. When Rome's items do not pair with the
   * item elements, {@link FeedMapping} falls back on Rome's dates, so the document is built again
   * with them.
   *
   * @throws FeedException or any runtime exception Rome's parsers throw on a malformed document
   */
  static WireFeed build(Document document) throws FeedException {
    Element root = document.getRootElement();
    List<Element> items = FeedMapping.itemElements(root, FeedMapping.child(root, "channel"));
    List<Element> parents = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<Content> dates = new ArrayList<>();
    for (Element item : items) {
      List<Content> content = item.getContent();
      for (int i = content.size() - 1; i >= 0; i--) {
        if (content.get(i) instanceof Element e
            && (FeedMapping.PUBLISHED.contains(e.getName())
                || FeedMapping.UPDATED.contains(e.getName()))) {
          parents.add(item);
          indexes.add(i);
          dates.add(item.removeContent(i));
        }
      }
    }
    WireFeed wire;
    try {
      wire = new WireFeedInput(false, Locale.US).build(document);
    } finally {
      for (int k = dates.size() - 1; k >= 0; k--) {
        parents.get(k).addContent(indexes.get(k), dates.get(k));
      }
    }
    int entries =
        wire instanceof Channel channel
            ? channel.getItems().size()
            : wire instanceof Feed feed ? feed.getEntries().size() : -1;
    if (!dates.isEmpty() && entries != items.size()) {
      wire = new WireFeedInput(false, Locale.US).build(document);
    }
    return wire;
  }

  /** An exception from Rome as one line, without the stack. */
  static String describe(Exception e) {
    String message = e.getMessage();
    if (e instanceof RuntimeException) {
      return "the feed parser failed on it ("
          + e.getClass().getSimpleName()
          + (message == null ? "" : ": " + firstLine(message))
          + ")";
    }
    return message == null ? e.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  static int line(Element element) {
    return element instanceof Located located ? located.getLine() : 0;
  }
}
