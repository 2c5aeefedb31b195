package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.FileAccessException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.located.Located;

/**
 * Reads and writes source lists as OPML 2.0, the format feed readers import and export
 * subscriptions in.
 *
 * <p>Reading is as safe as reading feeds: no DTD or entity is ever loaded, and a DOCTYPE with an
 * internal subset is refused. Outlines nested in folders are read too (the folders themselves are
 * not kept); outlines without an {@code xmlUrl} are skipped.
 */
public final class Opml {
  private Opml() {}

  /**
   * Reads the feed sources of an OPML file.
   *
   * @throws FeedFormatException if the file is not OPML or not well-formed
   * @throws FileAccessException if the file is missing or cannot be read; the message names it
   */
  public static List<FeedSource> read(Path file) {
    requireNonNull(file, "file");
    try {
      return read(Files.readAllBytes(file), String.valueOf(file.getFileName()));
    } catch (IOException e) {
      throw FileAccessException.reading(file, e);
    }
  }

  /**
   * Reads the feed sources of an OPML document, in document order.
   *
   * @param name the name for messages, such as a file name
   * @throws FeedFormatException if the bytes are not OPML or not well-formed; an outline whose
   *     {@code xmlUrl} is not an absolute URL is an error too, naming its line
   */
  public static List<FeedSource> read(byte[] bytes, String name) {
    requireNonNull(bytes, "bytes");
    requireNonNull(name, "name");
    String text = FeedTexts.decode(bytes, name).text();
    Document document =
        FeedReader.parse(
            text, name, new ArrayList<>(), Budget.start(name, FeedReader.DEFAULT_TIME_BUDGET));
    Element root = document.getRootElement();
    if (!root.getName().equals("opml")) {
      throw new FeedFormatException(
          name, line(root), 0, "the root element <" + root.getQualifiedName() + "> is not <opml>");
    }
    Element body = root.getChild("body", root.getNamespace());
    List<FeedSource> sources = new ArrayList<>();
    if (body != null) {
      collect(body, name, sources);
    }
    return List.copyOf(sources);
  }

  /**
   * Writes sources as an OPML 2.0 document in UTF-8: one {@code outline type="rss"} per source,
   * with {@code text}, {@code title}, {@code xmlUrl} and, when known, {@code htmlUrl}.
   *
   * <p>The output does not depend on the time or the locale, so writing the same list twice gives
   * the same bytes. The stream is flushed, not closed.
   *
   * @param title the document title, such as "Rundbrief sources"
   */
  public static void write(List<FeedSource> sources, String title, OutputStream out) {
    requireNonNull(sources, "sources");
    requireNonNull(title, "title");
    requireNonNull(out, "out");
    try {
      XMLStreamWriter xml =
          XMLOutputFactory.newFactory().createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("opml");
      xml.writeAttribute("version", "2.0");
      xml.writeCharacters("\n  ");
      xml.writeStartElement("head");
      xml.writeCharacters("\n    ");
      xml.writeStartElement("title");
      xml.writeCharacters(title);
      xml.writeEndElement();
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      xml.writeCharacters("\n  ");
      xml.writeStartElement("body");
      for (FeedSource source : sources) {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("outline");
        xml.writeAttribute("type", "rss");
        xml.writeAttribute("text", source.title());
        xml.writeAttribute("title", source.title());
        xml.writeAttribute("xmlUrl", source.xmlUrl().toString());
        if (source.htmlUrl() != null) {
          xml.writeAttribute("htmlUrl", source.htmlUrl().toString());
        }
      }
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
      out.flush();
    } catch (XMLStreamException e) {
      throw new UncheckedIOException(new IOException("cannot write OPML: " + e.getMessage(), e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write OPML: " + e.getMessage(), e);
    }
  }

  private static void collect(Element parent, String name, List<FeedSource> sources) {
    for (Element outline : parent.getChildren()) {
      if (!outline.getName().equals("outline")) {
        continue;
      }
      String xmlUrl = attribute(outline, "xmlUrl");
      if (!xmlUrl.isEmpty()) {
        String title = attribute(outline, "title");
        if (title.isEmpty()) {
          title = attribute(outline, "text");
        }
        String htmlUrl = attribute(outline, "htmlUrl");
        sources.add(
            new FeedSource(
                title,
                uri(xmlUrl, name, outline, true),
                htmlUrl.isEmpty() ? null : uri(htmlUrl, name, outline, false)));
      }
      collect(outline, name, sources);
    }
  }

  private static URI uri(String value, String name, Element outline, boolean required) {
    try {
      URI uri = new URI(value.replace(" ", "%20"));
      if (uri.isAbsolute()) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // handled below
    }
    if (!required) {
      return null;
    }
    throw new FeedFormatException(
        name, line(outline), 0, "<outline> xmlUrl '" + value + "' is not an absolute URL");
  }

  private static String attribute(Element e, String name) {
    String v = e.getAttributeValue(name);
    return v == null ? "" : v.strip();
  }

  private static int line(Element e) {
    return e instanceof Located l ? l.getLine() : 0;
  }
}
