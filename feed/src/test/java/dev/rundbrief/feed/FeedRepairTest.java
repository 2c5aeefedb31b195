package dev.rundbrief.feed;

import static dev.rundbrief.feed.FeedReaderTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.Article;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedRepairTest {
  private final FeedReader reader = FeedReader.create();

  private FeedDocument read(String name) {
    return reader.read(fixture("broken/" + name), name);
  }

  @ParameterizedTest
  @CsvSource({"bom-and-whitespace.xml, 4", "whitespace-before-declaration.xml, 5"})
  void toleratesWhitespaceAndAByteOrderMarkBeforeTheDeclaration(String name, int removed) {
    FeedDocument feed = read(name);

    assertThat(feed.articles()).extracting(Article::title).containsExactly("Straßenfest in Köln");
    assertThat(feed.warnings())
        .containsExactly(
            "feed '"
                + name
                + "' line 1 column 1: removed "
                + removed
                + " characters before the XML declaration");
  }

  @Test
  void readsUtf8BytesAsUtf8WhenTheDeclarationSaysLatin1() {
    FeedDocument feed = read("declared-latin1-but-utf8.xml");

    assertThat(feed.articles().get(0).title()).isEqualTo("Straßenfest in Köln");
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'declared-latin1-but-utf8.xml': declares encoding 'ISO-8859-1' but the bytes are"
                + " UTF-8; read as UTF-8");
  }

  @Test
  void readsLatin1BytesWhenTheDeclarationSaysUtf8() {
    FeedDocument feed = read("declared-utf8-but-latin1.xml");

    assertThat(feed.articles().get(0).title()).isEqualTo("Straßenfest in Köln");
    assertThat(feed.articles().get(0).summary()).isEqualTo("Am Samstag feiert die Südstadt.");
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'declared-utf8-but-latin1.xml': declares 'UTF-8' but is not valid UTF-8; read as"
                + " windows-1252");
  }

  @Test
  void replacesHtmlEntitiesThatXmlDoesNotDefine() {
    FeedDocument feed = read("html-entities.xml");

    Article article = feed.articles().get(0);
    assertThat(article.title()).isEqualTo("Café & Bäckerei\u00a0eröffnet © 2025");
    assertThat(article.summary()).isEqualTo("Mit ä Grüßen");
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'html-entities.xml': replaced 9 HTML entities that XML does not define (such as"
                + " &nbsp;)");
  }

  @Test
  void escapesAmpersandsThatStartNoEntityAndLeavesCdataAlone() {
    FeedDocument feed = read("unescaped-ampersand.xml");

    Article article = feed.articles().get(0);
    assertThat(article.title()).isEqualTo("Kunst & Kultur im Park");
    assertThat(article.link())
        .contains(URI.create("https://stadtblatt.example/kunst?tag=1&ort=park"));
    // Had the repair touched the CDATA section, "&nbsp;" would have survived as text.
    assertThat(article.summary()).isEqualTo("Musik & Theater, AT&T-Sponsoring, M&M; Tom & Jerry");
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'unescaped-ampersand.xml': escaped 5 '&' that did not start an entity");
  }

  @Test
  void removesControlCharactersThatXmlForbids() {
    FeedDocument feed = read("control-characters.xml");

    assertThat(feed.articles().get(0).title()).isEqualTo("Steuerzeichen im Titel");
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'control-characters.xml': removed 2 control characters that XML does not allow");
  }

  @Test
  void readsAFeedWithoutChannelLinkAsComplete() {
    FeedDocument feed = read("missing-channel-link.xml");

    assertThat(feed.siteLink()).isEmpty();
    assertThat(feed.title()).isEqualTo("Stadtblatt");
    assertThat(feed.articles().get(0).link())
        .contains(URI.create("https://stadtblatt.example/fest"));
    assertThat(feed.warnings()).isEmpty();
  }

  @Test
  void leavesAWellFormedFeedUnrepaired() {
    FeedDocument feed = reader.read(fixture("rss092.xml"), "rss092.xml");

    assertThat(feed.warnings()).isEmpty();
  }
}
