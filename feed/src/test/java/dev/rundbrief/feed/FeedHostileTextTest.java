package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Text from feeds stays text in every written feed, and only web and mail URLs are written. */
class FeedHostileTextTest {
  private static final String TITLE = "<img src=x onerror=alert(2)> & Co";
  private static final String SUMMARY = "<script>alert(1)</script> A < B";

  private static Article hostile() {
    return Article.builder()
        .id(ArticleId.of("urn:hostile:1"))
        .title(TITLE)
        .summary(SUMMARY)
        .link(URI.create("javascript:alert(3)"))
        .author(new Author("Mallory", null, URI.create("javascript:alert(4)")))
        .leadImage(new Image(URI.create("data:image/png;base64,AAAA"), "", 0, 0, "image/png", 0))
        .published(Instant.parse("2026-11-24T08:15:00Z"))
        .build();
  }

  private static byte[] write(FeedFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(format, "articles").writeArticles(List.of(hostile()), out);
    return out.toByteArray();
  }

  private static Document dom(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  @Test
  void rssTitlesAndDescriptionsReadAsCharactersNeverAsMarkup() throws Exception {
    Document rss = dom(write(FeedFormat.RSS));
    String title =
        rss.getElementsByTagName("item").item(0).getChildNodes().item(1).getTextContent();
    // One XML parse gives HTML; an HTML reader must then see the original characters, no element.
    assertThat(title).doesNotContain("<img");
    assertThat(Jsoup.parseBodyFragment(title).body().children()).isEmpty();
    assertThat(Jsoup.parseBodyFragment(title).text()).isEqualTo(TITLE);
    String description = rss.getElementsByTagName("description").item(1).getTextContent();
    assertThat(Jsoup.parseBodyFragment(description).body().children()).isEmpty();
    assertThat(Jsoup.parseBodyFragment(description).text()).isEqualTo(SUMMARY);
  }

  @Test
  void atomAndJsonFeedCarryTheTitleAsPlainText() throws Exception {
    Document atom = dom(write(FeedFormat.ATOM));
    org.w3c.dom.Element entryTitle =
        (org.w3c.dom.Element)
            atom.getElementsByTagNameNS(RssWriter.ATOM_NS, "entry").item(0).getChildNodes().item(3);
    assertThat(entryTitle.getAttribute("type")).isEqualTo("text");
    assertThat(entryTitle.getTextContent()).isEqualTo(TITLE);
    JsonNode json = new ObjectMapper().readTree(write(FeedFormat.JSON_FEED));
    assertThat(json.path("items").get(0).path("title").asText()).isEqualTo(TITLE);
  }

  @Test
  void noFormatWritesAUrlWhoseSchemeIsNotHttpHttpsOrMailto() {
    for (FeedFormat format : FeedFormat.values()) {
      String text = new String(write(format), UTF_8);
      assertThat(text).as("%s", format).doesNotContain("javascript:").doesNotContain("data:image");
    }
  }

  @Test
  void writesDatesOutsideTheYearsFormatsCanHoldAsNoDate() {
    Article ancient =
        hostile().toBuilder().published(Instant.parse("-0001-06-01T00:00:00Z")).build();
    Article future =
        hostile().toBuilder()
            .id(ArticleId.of("urn:hostile:2"))
            .published(Instant.parse("+10000-01-01T00:00:00Z"))
            .build();
    for (FeedFormat format : FeedFormat.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      WriteFixtures.writer(format, "articles").writeArticles(List.of(ancient, future), out);
      String text = out.toString(UTF_8);
      assertThat(text).as("%s", format).doesNotContain("10000").doesNotContain("-0001");
    }
  }
}
