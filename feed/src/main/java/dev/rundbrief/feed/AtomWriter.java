package dev.rundbrief.feed;

import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Streams an Atom 1.0 document (RFC 4287) with StAX.
 *
 * <p>Rome's Atom output has no {@code xml:lang} and pretty-prints content; this writer puts {@code
 * xml:lang} on the feed element and writes content exactly as given, escaped once.
 */
final class AtomWriter {
  static final String ATOM_NS = "http://www.w3.org/2005/Atom";
  private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  private AtomWriter() {}

  static void write(FeedModel doc, OutputStream out) throws XMLStreamException {
    FeedMetadata meta = doc.metadata();
    XMLStreamWriter xml = Xml.open(out);
    xml.writeStartElement("feed");
    xml.writeDefaultNamespace(ATOM_NS);
    if (doc.paging().kind() != FeedModel.Kind.PLAIN) {
      xml.writeNamespace("fh", RssWriter.FH_NS);
    }
    if (meta.language().isPresent()) {
      xml.writeAttribute("xml", XML_NS, "lang", Texts.languageTag(meta.language().get()));
    }
    Xml.newline(xml);
    // The subscription document and its archives are one logical feed, so they share the id.
    Xml.element(xml, "id", meta.selfUrl().toString());
    text(xml, "title", meta.title());
    if (!meta.subtitle().isEmpty()) {
      text(xml, "subtitle", meta.subtitle());
    }
    Xml.element(xml, "updated", Texts.rfc3339(doc.updated()));
    link(xml, "self", FeedFormat.ATOM.baseMediaType(), doc.paging().selfOr(meta.selfUrl()));
    link(xml, "alternate", "text/html", meta.siteLink());
    FeedModel.Paging paging = doc.paging();
    if (paging.current() != null) {
      link(xml, "current", FeedFormat.ATOM.baseMediaType(), paging.current());
    }
    if (paging.prevArchive() != null) {
      link(xml, "prev-archive", FeedFormat.ATOM.baseMediaType(), paging.prevArchive());
    }
    if (paging.nextArchive() != null) {
      link(xml, "next-archive", FeedFormat.ATOM.baseMediaType(), paging.nextArchive());
    }
    boolean everyEntryHasAuthor = doc.items().stream().noneMatch(i -> i.authors().isEmpty());
    if (!everyEntryHasAuthor || doc.items().isEmpty()) {
      person(xml, meta.author().orElse(Author.of(meta.title())));
    }
    xml.writeStartElement("generator");
    if (meta.generatorUri().isPresent()) {
      xml.writeAttribute("uri", meta.generatorUri().get().toString());
    }
    xml.writeAttribute("version", meta.generatorVersion());
    xml.writeCharacters(Texts.xmlSafe(meta.generator()));
    xml.writeEndElement();
    Xml.newline(xml);
    if (meta.icon().isPresent()) {
      Xml.element(xml, "icon", meta.icon().get().toString());
    }
    if (meta.logo().isPresent()) {
      Xml.element(xml, "logo", meta.logo().get().toString());
    }
    if (!meta.rights().isEmpty()) {
      text(xml, "rights", meta.rights());
    }
    RssWriter.historyMarker(xml, paging.kind());
    for (FeedItem item : doc.items()) {
      entry(xml, item, doc.updated(), meta.language().orElse(null));
    }
    xml.writeEndElement();
    Xml.newline(xml);
    xml.writeEndDocument();
    xml.flush();
    xml.close();
  }

  private static void entry(
      XMLStreamWriter xml, FeedItem item, Instant fallbackUpdated, Locale feedLanguage)
      throws XMLStreamException {
    xml.writeStartElement("entry");
    if (item.language() != null && !item.language().equals(feedLanguage)) {
      xml.writeAttribute("xml", XML_NS, "lang", Texts.languageTag(item.language()));
    }
    Xml.newline(xml);
    Xml.element(xml, "id", item.atomId());
    text(xml, "title", item.title());
    Instant updated = item.lastModified() != null ? item.lastModified() : fallbackUpdated;
    Xml.element(xml, "updated", Texts.rfc3339(updated));
    if (item.published() != null) {
      Xml.element(xml, "published", Texts.rfc3339(item.published()));
    }
    if (item.link() != null) {
      link(xml, "alternate", "text/html", item.link());
    }
    Image image = item.image();
    if (image != null) {
      xml.writeEmptyElement("link");
      xml.writeAttribute("rel", "enclosure");
      xml.writeAttribute("type", Texts.mediaType(image));
      if (image.length() > 0) {
        xml.writeAttribute("length", Long.toString(image.length()));
      }
      xml.writeAttribute("href", image.url().toString());
      Xml.newline(xml);
    }
    for (Author author : item.authors()) {
      person(xml, author);
    }
    for (String category : item.categories()) {
      xml.writeEmptyElement("category");
      xml.writeAttribute("term", Texts.xmlSafe(category));
      Xml.newline(xml);
    }
    if (!item.summary().isEmpty()) {
      text(xml, "summary", item.summary());
    }
    if (!item.contentHtml().isEmpty()) {
      xml.writeStartElement("content");
      xml.writeAttribute("type", "html");
      xml.writeCharacters(Texts.xmlSafe(item.contentHtml()));
      xml.writeEndElement();
      Xml.newline(xml);
    } else if (item.link() == null) {
      // RFC 4287 4.1.2: an entry without content needs an alternate link; give it text instead.
      text(xml, "content", item.summary().isEmpty() ? item.title() : item.summary());
    }
    xml.writeEndElement();
    Xml.newline(xml);
  }

  private static void text(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeAttribute("type", "text");
    xml.writeCharacters(Texts.xmlSafe(value));
    xml.writeEndElement();
    Xml.newline(xml);
  }

  private static void link(XMLStreamWriter xml, String rel, String type, URI href)
      throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", href.toString());
    Xml.newline(xml);
  }

  private static void person(XMLStreamWriter xml, Author author) throws XMLStreamException {
    xml.writeStartElement("author");
    Xml.newline(xml);
    Xml.element(xml, "name", author.name());
    if (author.email() != null) {
      Xml.element(xml, "email", author.email());
    }
    if (author.url() != null) {
      Xml.element(xml, "uri", author.url().toString());
    }
    xml.writeEndElement();
    Xml.newline(xml);
  }
}
