/**
 * Feeds: writes a digest as RSS 2.0, Atom 1.0 and JSON Feed, reads and fetches the feeds articles
 * come from, and keeps the feed archive.
 */
module dev.rundbrief.feed {
  requires transitive dev.rundbrief.core;
  requires java.net.http;
  requires java.xml;
  requires com.rometools.rome;
  requires com.rometools.rome.modules;
  requires org.jdom2;
  requires org.jsoup;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;

  exports dev.rundbrief.feed;
}
