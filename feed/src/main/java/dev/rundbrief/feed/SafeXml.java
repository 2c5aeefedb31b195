package dev.rundbrief.feed;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jdom2.located.LocatedJDOMFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses XML text without ever resolving a DTD or an entity.
 *
 * <p>A DOCTYPE is a fatal error here (its removal, for a DOCTYPE without an internal subset, is a
 * repair of {@link FeedTexts}); external general and parameter entities and external DTDs are off;
 * secure processing limits entity expansion; the entity resolver refuses every lookup. If the XML
 * parser of the running JDK does not support one of these settings, parsing fails rather than
 * running unprotected.
 */
final class SafeXml {
  private SafeXml() {}

  /**
   * Parses text into a JDOM document whose elements know their line and column.
   *
   * @throws JDOMException if the text is not well-formed XML or declares a DOCTYPE
   */
  static Document parse(String text) throws JDOMException {
    SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
    builder.setJDOMFactory(new LocatedJDOMFactory());
    builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
    builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    builder.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    builder.setExpandEntities(false);
    builder.setEntityResolver(
        (publicId, systemId) -> {
          throw new SAXException("external entity '" + systemId + "' is refused");
        });
    try {
      return builder.build(new InputSource(new StringReader(text)));
    } catch (IOException e) {
      throw new IllegalStateException("reading from a string cannot fail", e);
    }
  }
}
