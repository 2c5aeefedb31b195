package dev.rundbrief.feed;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The StAX plumbing both XML writers share. */
final class Xml {
  /**
   * The JDK's own implementation, whatever else is on the class path, so that the output does not
   * depend on which StAX library an application happens to bundle.
   */
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

  private Xml() {}

  /**
   * A writer of UTF-8 XML to {@code out}. It writes through a buffered {@link OutputStreamWriter}:
   * given the stream itself, the JDK's writer encodes every character on its own, which took most
   * of the time of writing a feed. (Not the {@code OutputStreamWriter} itself either: the JDK's
   * writer would then write characters outside the BMP as character references.) {@link
   * XMLStreamWriter#flush} flushes all of them.
   */
  static XMLStreamWriter open(OutputStream out) throws XMLStreamException {
    XMLStreamWriter xml =
        FACTORY.createXMLStreamWriter(
            new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    xml.writeStartDocument("UTF-8", "1.0");
    newline(xml);
    return xml;
  }

  /**
   * A line break between elements, never inside content: readable output without the
   * pretty-printing that would change whitespace inside content.
   */
  static void newline(XMLStreamWriter xml) throws XMLStreamException {
    xml.writeCharacters("\n");
  }

  static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(Texts.xmlSafe(text));
    xml.writeEndElement();
    newline(xml);
  }

  static void element(XMLStreamWriter xml, String ns, String prefix, String name, String text)
      throws XMLStreamException {
    xml.writeStartElement(prefix, name, ns);
    xml.writeCharacters(Texts.xmlSafe(text));
    xml.writeEndElement();
    newline(xml);
  }
}
