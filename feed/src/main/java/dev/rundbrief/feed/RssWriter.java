package dev.rundbrief.feed;

import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Streams an RSS 2.0 document with StAX.
 *
 * <p>Written by hand rather than through Rome's {@code SyndFeed}, which drops the self link, writes
 * {@code dc:*} duplicates of {@code pubDate}, {@code language} and {@code author}, and builds the
 * whole document in memory before the first byte goes out.
 *
 * <p>RSS readers treat {@code title} and {@code description} as HTML, so the plain text of titles
 * and summaries is HTML-escaped before the XML escaping: a title {@code <img onerror=...>} reads as
 * those characters, never as markup.
 */
final class RssWriter {
  static final String ATOM_NS = "http://www.w3.org/2005/Atom";
  static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
  static final String DC_NS = "http://purl.org/dc/elements/1.1/";
  static final String FH_NS = "http://purl.org/syndication/history/1.0";

  private RssWriter() {}

  static void write(FeedModel doc, OutputStream out) throws XMLStreamException {
    FeedMetadata meta = doc.metadata();
    XMLStreamWriter xml = Xml.open(out);
    xml.writeStartElement("rss");
    xml.writeAttribute("version", "2.0");
    xml.writeNamespace("atom", ATOM_NS);
    xml.writeNamespace("content", CONTENT_NS);
    xml.writeNamespace("dc", DC_NS);
    if (doc.paging().kind() != FeedModel.Kind.PLAIN) {
      xml.writeNamespace("fh", FH_NS);
    }
    Xml.newline(xml);
    xml.writeStartElement("channel");
    Xml.newline(xml);
    Xml.element(xml, "title", Texts.html(meta.title()));
    Xml.element(xml, "link", meta.siteLink().toString());
    Xml.element(
        xml, "description", Texts.html(meta.subtitle().isEmpty() ? meta.title() : meta.subtitle()));
    atomLink(xml, "self", doc.paging().selfOr(meta.selfUrl()));
    pagingLinks(xml, doc.paging());
    if (meta.language().isPresent()) {
      Xml.element(xml, "language", Texts.languageTag(meta.language().get()));
    }
    if (!meta.rights().isEmpty()) {
      Xml.element(xml, "copyright", meta.rights());
    }
    if (meta.author().isPresent()) {
      Author author = meta.author().get();
      if (author.email() != null) {
        Xml.element(xml, "managingEditor", mailbox(author));
      } else {
        Xml.element(xml, DC_NS, "dc", "creator", author.name());
      }
    }
    Xml.element(xml, "lastBuildDate", Texts.rfc822(doc.updated()));
    Xml.element(xml, "generator", meta.generator() + " " + meta.generatorVersion());
    URI image = meta.logo().orElse(meta.icon().orElse(null));
    if (image != null) {
      xml.writeStartElement("image");
      Xml.newline(xml);
      Xml.element(xml, "url", image.toString());
      Xml.element(xml, "title", Texts.html(meta.title()));
      Xml.element(xml, "link", meta.siteLink().toString());
      xml.writeEndElement();
      Xml.newline(xml);
    }
    historyMarker(xml, doc.paging().kind());
    for (FeedItem item : doc.items()) {
      item(xml, item);
    }
    xml.writeEndElement();
    Xml.newline(xml);
    xml.writeEndElement();
    Xml.newline(xml);
    xml.writeEndDocument();
    xml.flush();
    xml.close();
  }

  private static void item(XMLStreamWriter xml, FeedItem item) throws XMLStreamException {
    xml.writeStartElement("item");
    Xml.newline(xml);
    Xml.element(xml, "title", Texts.html(item.title()));
    if (item.link() != null) {
      Xml.element(xml, "link", item.link().toString());
    }
    if (!item.summary().isEmpty()) {
      Xml.element(xml, "description", Texts.html(item.summary()));
    }
    if (!item.contentHtml().isEmpty()) {
      Xml.element(xml, CONTENT_NS, "content", "encoded", item.contentHtml());
    }
    List<Author> authors = item.authors();
    if (authors.size() == 1 && authors.get(0).email() != null) {
      Xml.element(xml, "author", mailbox(authors.get(0)));
    } else {
      for (Author author : authors) {
        Xml.element(xml, DC_NS, "dc", "creator", author.name());
      }
    }
    for (String category : item.categories()) {
      Xml.element(xml, "category", category);
    }
    xml.writeStartElement("guid");
    if (!item.permalink()) {
      xml.writeAttribute("isPermaLink", "false");
    }
    xml.writeCharacters(Texts.xmlSafe(item.id()));
    xml.writeEndElement();
    Xml.newline(xml);
    if (item.date() != null) {
      Xml.element(xml, "pubDate", Texts.rfc822(item.date()));
    }
    Image image = item.image();
    if (image != null) {
      xml.writeEmptyElement("enclosure");
      xml.writeAttribute("url", image.url().toString());
      xml.writeAttribute("length", Long.toString(image.length()));
      xml.writeAttribute("type", Texts.mediaType(image));
      Xml.newline(xml);
    }
    xml.writeEndElement();
    Xml.newline(xml);
  }

  private static String mailbox(Author author) {
    return author.email() + " (" + author.name() + ")";
  }

  private static void atomLink(XMLStreamWriter xml, String rel, URI href)
      throws XMLStreamException {
    xml.writeEmptyElement("atom", "link", ATOM_NS);
    xml.writeAttribute("rel", rel);
    if ("self".equals(rel) || "current".equals(rel)) {
      xml.writeAttribute("type", FeedFormat.RSS.baseMediaType());
    }
    xml.writeAttribute("href", href.toString());
    Xml.newline(xml);
  }

  private static void pagingLinks(XMLStreamWriter xml, FeedModel.Paging paging)
      throws XMLStreamException {
    if (paging.current() != null) {
      atomLink(xml, "current", paging.current());
    }
    if (paging.prevArchive() != null) {
      atomLink(xml, "prev-archive", paging.prevArchive());
    }
    if (paging.nextArchive() != null) {
      atomLink(xml, "next-archive", paging.nextArchive());
    }
  }

  /** Writes {@code fh:complete} or {@code fh:archive} when the document is one. */
  static void historyMarker(XMLStreamWriter xml, FeedModel.Kind kind) throws XMLStreamException {
    if (kind == FeedModel.Kind.COMPLETE) {
      xml.writeEmptyElement("fh", "complete", FH_NS);
      Xml.newline(xml);
    } else if (kind == FeedModel.Kind.ARCHIVE) {
      xml.writeEmptyElement("fh", "archive", FH_NS);
      Xml.newline(xml);
    }
  }
}
