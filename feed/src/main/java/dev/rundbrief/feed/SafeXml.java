package dev.rundbrief.feed;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jdom2.located.LocatedJDOMFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Parses XML text without ever resolving a DTD or an entity.
 *
 * <p>A DOCTYPE is a fatal error here (its removal, for a DOCTYPE without an internal subset, is a
 * repair of {@link FeedTexts}); external general and parameter entities and external DTDs are off;
 * secure processing limits entity expansion; the entity resolver refuses every lookup. If the XML
 * parser of the running JDK does not support one of these settings, parsing fails rather than
 * running unprotected.
 *
 * <p>Elements nested deeper than {@link #MAX_DEPTH} are refused (building a tree costs time that
 * grows with the square of the depth), and parsing stops once the reader's time budget is spent.
 */
final class SafeXml {
  /** The deepest element nesting accepted; real feeds with XHTML content stay below 100. */
  static final int MAX_DEPTH = 256;

  private SafeXml() {}

  /**
   * Parses text into a JDOM document whose elements know their line and column.
   *
   * @throws JDOMException if the text is not well-formed XML or declares a DOCTYPE
   * @throws FeedFormatException if elements nest deeper than {@link #MAX_DEPTH} or the budget ends
   */
  static Document parse(String text, Budget budget) throws JDOMException {
    SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
    builder.setXMLFilter(new Guard(budget));
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

  /** Counts depth and checks the time budget on every element. */
  private static final class Guard extends XMLFilterImpl {
    private final Budget budget;
    private int depth;
    private Locator locator;

    Guard(Budget budget) {
      this.budget = budget;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
      super.setDocumentLocator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts)
        throws SAXException {
      if (++depth > MAX_DEPTH) {
        throw new FeedFormatException(
            budget.source(),
            locator == null ? 0 : locator.getLineNumber(),
            locator == null ? 0 : locator.getColumnNumber(),
            "has elements nested deeper than " + MAX_DEPTH + " levels; refused");
      }
      budget.checkOften();
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      depth--;
      super.endElement(uri, localName, qName);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      budget.checkOften();
      super.characters(ch, start, length);
    }
  }
}
