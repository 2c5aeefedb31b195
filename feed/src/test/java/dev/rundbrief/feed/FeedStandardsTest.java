package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** One test per feed line of STANDARDS.md, on the written XML and JSON themselves. */
class FeedStandardsTest {
  private static final String RFC_822 =
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
          + " \\d{4} \\d{2}:\\d{2}:\\d{2} (GMT|[+-]\\d{4})";
  private static final String RFC_3339 =
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

  private static Document dom(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  private static XPath xpath() {
    XPath xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(
        new javax.xml.namespace.NamespaceContext() {
          @Override
          public String getNamespaceURI(String prefix) {
            return switch (prefix) {
              case "a", "atom" -> AtomWriter.ATOM_NS;
              case "dc" -> RssWriter.DC_NS;
              case "content" -> RssWriter.CONTENT_NS;
              case "fh" -> RssWriter.FH_NS;
              default -> XMLConstants.NULL_NS_URI;
            };
          }

          @Override
          public String getPrefix(String uri) {
            return null;
          }

          @Override
          public java.util.Iterator<String> getPrefixes(String uri) {
            return null;
          }
        });
    return xpath;
  }

  private static List<String> values(Document doc, String expression) throws Exception {
    NodeList nodes = (NodeList) xpath().evaluate(expression, doc, XPathConstants.NODESET);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent());
    }
    return values;
  }

  private static double count(Object context, String expression) throws Exception {
    return (Double) xpath().evaluate("count(" + expression + ")", context, XPathConstants.NUMBER);
  }

  private static List<Node> nodes(Document doc, String expression) throws Exception {
    NodeList list = (NodeList) xpath().evaluate(expression, doc, XPathConstants.NODESET);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      nodes.add(list.item(i));
    }
    return nodes;
  }

  @Test
  void testsRunUnderAGermanLocaleAndANonUtcZone() {
    assertThat(Locale.getDefault()).isEqualTo(Locale.GERMANY);
    assertThat(TimeZone.getDefault().getID()).isEqualTo("Europe/Berlin");
  }

  @Test
  void rssChannelHasTitleLinkDescriptionAndEveryItemATitle() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(count(rss, "/rss[@version='2.0']/channel/title")).isEqualTo(1);
    assertThat(count(rss, "/rss/channel/link")).isEqualTo(1);
    assertThat(count(rss, "/rss/channel/description")).isEqualTo(1);
    assertThat(count(rss, "//item[not(title) and not(description)]")).isZero();
  }

  @Test
  void rssDatesAreEnglishRfc822InGmtUnderAGermanDefaultLocale() throws Exception {
    for (byte[] xml :
        List.of(
            FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS),
            FeedWriterGoldenTest.digestsFeed(FeedFormat.RSS))) {
      List<String> dates = values(dom(xml), "//pubDate | //lastBuildDate");
      assertThat(dates).isNotEmpty().allMatch(d -> d.matches(RFC_822), "RFC 822");
      assertThat(dates).noneMatch(d -> d.contains("CEST") || d.contains("MEZ") || d.contains("Di"));
    }
    assertThat(Texts.rfc822(Instant.parse("2026-03-03T23:30:00Z")))
        .isEqualTo("Tue, 3 Mar 2026 23:30:00 GMT");
  }

  @Test
  void rssGuidsAreStableAndMarkedWhenNotAUrl() throws Exception {
    Document first = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    Document again = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(values(first, "//item/guid")).isEqualTo(values(again, "//item/guid"));
    assertThat(values(first, "//item/guid")).doesNotHaveDuplicates();
    for (Node guid : nodes(first, "//item/guid")) {
      String value = guid.getTextContent();
      Node permaLink = guid.getAttributes().getNamedItem("isPermaLink");
      if (value.startsWith("https://")) {
        assertThat(permaLink).isNull();
      } else {
        assertThat(permaLink.getNodeValue()).as(value).isEqualTo("false");
      }
    }
  }

  @Test
  void rssCarriesItsSelfLinkWithTheAtomNamespace() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(
            values(
                rss, "/rss/channel/atom:link[@rel='self' and @type='application/rss+xml']/@href"))
        .containsExactly("https://ki-woche.example/feeds/articles.rss");
  }

  @Test
  void rssStatesNothingTwice() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(count(rss, "//dc:date")).isZero();
    assertThat(count(rss, "//dc:language")).isZero();
    assertThat(count(rss, "//item[author and dc:creator]")).isZero();
    assertThat(count(rss, "/rss/channel[managingEditor and dc:creator]")).isZero();
    assertThat(count(rss, "//item[count(pubDate) > 1 or count(guid) > 1 or count(link) > 1]"))
        .isZero();
  }

  @Test
  void rssAuthorHoldsAnEmailAndPlainNamesGoToDcCreator() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(values(rss, "//item/author"))
        .containsExactly("juergen@ki-woche.example (Jürgen Weiß)")
        .allMatch(a -> a.matches("\\S+@\\S+ \\(.+\\)"));
    assertThat(values(rss, "//item/dc:creator")).containsExactly("Ana Müller", "Sam O'Neil");
  }

  @Test
  void rssPutsTheSummaryInDescriptionBeforeTheFullHtmlInContentEncoded() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(count(rss, "//item[content:encoded and not(description)]")).isZero();
    assertThat(count(rss, "//item/content:encoded[preceding-sibling::description]"))
        .isEqualTo(count(rss, "//item/content:encoded"))
        .isEqualTo(2);
    assertThat(values(rss, "//item/description").stream().map(FeedParseBackTest::seenByReader))
        .contains(WriteFixtures.sprachmodelle().summary());
  }

  @Test
  void rssEnclosuresHaveUrlLengthAndTypeAndAtMostOnePerItem() throws Exception {
    Document rss = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS));
    assertThat(count(rss, "//item[count(enclosure) > 1]")).isZero();
    assertThat(count(rss, "//enclosure")).isEqualTo(2);
    assertThat(count(rss, "//enclosure[not(@url) or not(@length) or not(@type)]")).isZero();
    assertThat(values(rss, "//enclosure/@length")).containsExactly("48213", "0");
  }

  @Test
  void htmlInItemsHasOnlyAbsoluteUrlsAndNothingExecutable() throws Exception {
    List<String> html = new ArrayList<>();
    html.addAll(
        values(dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS)), "//content:encoded"));
    html.addAll(values(dom(FeedWriterGoldenTest.digestsFeed(FeedFormat.RSS)), "//content:encoded"));
    html.addAll(values(dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM)), "//a:content"));
    assertThat(html).hasSizeGreaterThan(4);
    assertThat(String.join("", html)).contains("<img src=\"https://"); // the fixture is dirty
    for (String fragment : html) {
      for (Element element : Jsoup.parseBodyFragment(fragment).body().getAllElements()) {
        assertThat(element.tagName()).isNotIn("script", "iframe", "object", "embed", "style");
        for (Attribute attribute : element.attributes()) {
          assertThat(attribute.getKey()).doesNotStartWith("on");
          if (attribute.getKey().equals("href") || attribute.getKey().equals("src")) {
            assertThat(attribute.getValue()).matches("^(https?|mailto):.+");
          }
        }
      }
      assertThat(fragment.toLowerCase(Locale.ROOT)).doesNotContain("javascript:");
    }
  }

  @Test
  void atomFeedAndEntriesHaveExactlyOneIdTitleAndUpdated() throws Exception {
    for (byte[] xml :
        List.of(
            FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM),
            FeedWriterGoldenTest.digestsFeed(FeedFormat.ATOM))) {
      Document atom = dom(xml);
      assertThat(count(atom, "/a:feed/a:id")).isEqualTo(1);
      assertThat(count(atom, "/a:feed/a:title")).isEqualTo(1);
      assertThat(count(atom, "/a:feed/a:updated")).isEqualTo(1);
      double entries = count(atom, "//a:entry");
      assertThat(entries).isPositive();
      assertThat(
              count(atom, "//a:entry[count(a:id)=1 and count(a:title)=1 and count(a:updated)=1]"))
          .isEqualTo(entries);
      assertThat(count(atom, "//a:entry[not(a:content) and not(a:link[@rel='alternate'])]"))
          .isZero();
      assertThat(values(atom, "/a:feed/a:link[@rel='self']/@href")).hasSize(1);
      assertThat(count(atom, "/a:feed/a:link[@rel='alternate' and @type='text/html']"))
          .isEqualTo(1);
      assertThat(values(atom, "//a:updated | //a:published")).allMatch(d -> d.matches(RFC_3339));
      assertThat(values(atom, "//a:id"))
          .doesNotHaveDuplicates()
          .allMatch(id -> id.matches("^(tag|urn|https?):\\S+$"), "absolute IRI");
      assertThat(atom.getDocumentElement().getAttributeNS(XMLConstants.XML_NS_URI, "lang"))
          .isEqualTo("de-DE");
    }
  }

  @Test
  void atomFeedHasAnAuthorUnlessEveryEntryHasOne() throws Exception {
    Document mixed = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM));
    assertThat(count(mixed, "/a:feed/a:author")).isEqualTo(1);

    Article byline = WriteFixtures.sprachmodelle();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(FeedFormat.ATOM, "a").writeArticles(List.of(byline), out);
    assertThat(count(dom(out.toByteArray()), "/a:feed/a:author")).isZero();
  }

  @Test
  void atomHtmlContentIsEscapedExactlyOnceAndNotReformatted() throws Exception {
    byte[] xml = FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM);
    String raw = new String(xml, StandardCharsets.UTF_8);
    assertThat(raw).contains("&lt;pre&gt;  eingerückt\n    bleibt eingerückt&lt;/pre&gt;");
    assertThat(raw).doesNotContain("&amp;lt;h2").doesNotContain("<h2>");
    List<String> content = values(dom(xml), "//a:content[@type='html']");
    assertThat(content).contains(WriteFixtures.sprachmodelle().contentHtml());
    assertThat(count(dom(xml), "//a:content[@type='html']/*")).isZero();
  }

  @Test
  void feedUpdatedComesFromTheNewestItemAndOnlyAnEmptyFeedAsksTheClock() throws Exception {
    Document atom = dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM));
    assertThat(values(atom, "/a:feed/a:updated")).containsExactly("2026-11-25T10:00:00Z");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(FeedFormat.ATOM, "empty").writeArticles(List.of(), out);
    assertThat(values(dom(out.toByteArray()), "/a:feed/a:updated"))
        .containsExactly(WriteFixtures.CLOCK.instant().toString());
  }

  @Test
  void digestIdsAreTagUrisThatSurviveAChangeOfTheIssueUrl() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(FeedFormat.ATOM, "digests")
        .writeDigests(
            WriteFixtures.digests(), FeedWriter.issueUrls("https://neu.example/n/{number}"), out);
    Document moved = dom(out.toByteArray());
    Document original = dom(FeedWriterGoldenTest.digestsFeed(FeedFormat.ATOM));
    assertThat(values(moved, "//a:entry/a:id"))
        .isEqualTo(values(original, "//a:entry/a:id"))
        .containsExactly(
            "tag:ki-woche.example,2026:issue-48", "tag:ki-woche.example,2026:issue-47");
    assertThat(values(moved, "//a:entry/a:link[@rel='alternate']/@href"))
        .containsExactly("https://neu.example/n/48", "https://neu.example/n/47");
  }

  @Test
  void completeFeedsCarryTheHistoryMarkerAndPlainOnesDoNot() throws Exception {
    assertThat(count(dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS)), "//fh:complete"))
        .isEqualTo(1);
    assertThat(count(dom(FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM)), "//fh:complete"))
        .isEqualTo(1);
    assertThat(count(dom(FeedWriterGoldenTest.digestsFeed(FeedFormat.RSS)), "//fh:complete"))
        .isZero();
  }

  @Test
  void formatsKnowTheirMediaTypes() {
    assertThat(FeedFormat.RSS.mediaType()).isEqualTo("application/rss+xml; charset=utf-8");
    assertThat(FeedFormat.ATOM.mediaType()).isEqualTo("application/atom+xml; charset=utf-8");
    assertThat(FeedFormat.JSON_FEED.mediaType()).isEqualTo("application/feed+json; charset=utf-8");
    assertThat(FeedFormat.JSON_FEED.baseMediaType()).isEqualTo("application/feed+json");
    String xmlDeclaration =
        new String(FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElseThrow();
    assertThat(xmlDeclaration).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  }

  @Test
  void controlCharactersThatXmlCannotHoldAreDropped() throws Exception {
    Article article =
        Article.builder()
            .title("Bell\u0007 and \uD800 lone surrogate 😀")
            .summary("a\u0000b")
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(FeedFormat.RSS, "c").writeArticles(List.of(article), out);
    Document rss = dom(out.toByteArray());
    assertThat(values(rss, "//item/title")).containsExactly("Bell and  lone surrogate 😀");
    assertThat(values(rss, "//item/description")).containsExactly("ab");
  }

  @Test
  void metadataRejectsRelativeLinksAndNamesTheArgument() {
    assertThatThrownBy(
            () ->
                FeedMetadata.builder(
                        "T", URI.create("/relative"), URI.create("https://a.example/f"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("siteLink");
    assertThat(
            FeedMetadata.builder("T", WriteFixtures.SITE, WriteFixtures.SITE)
                .build()
                .generatorVersion())
        .isEqualTo(FeedMetadata.libraryVersion())
        .isEqualTo("dev");
    assertThat(new Author("X", null, null).email()).isNull();
  }
}
