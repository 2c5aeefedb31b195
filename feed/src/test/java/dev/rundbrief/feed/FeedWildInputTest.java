package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Feeds as they come from the wild: each trigger that once crashed or hung the reader. */
class FeedWildInputTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
  private final FeedReader reader = FeedReader.builder().clock(CLOCK).build();

  private static String rss(String items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
        + "<title>Wild</title><link>https://wild.example/</link><description>d</description>"
        + items
        + "</channel></rss>";
  }

  private static String item(String title, String extra) {
    return "<item><title>"
        + title
        + "</title><link>https://wild.example/"
        + title.hashCode()
        + "</link>"
        + extra
        + "</item>";
  }

  private FeedDocument read(String xml) {
    return reader.read(xml.getBytes(UTF_8), "wild.xml");
  }

  @Test
  void refusesAnRssDocumentWithoutAChannelWithAClearMessage() {
    assertThatThrownBy(() -> read("<rss version=\"2.0\"></rss>"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("wild.xml")
        .hasMessageContaining("without a <channel>");
  }

  @Test
  void readsAtom03Base64ContentInsteadOfCrashing() {
    String encoded = Base64.getEncoder().encodeToString("<p>Hallo <b>Welt</b></p>".getBytes(UTF_8));
    String atom =
        "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>A</title>"
            + "<link rel=\"alternate\" type=\"text/html\" href=\"https://a.example/\"/>"
            + "<modified>2025-06-02T08:00:00Z</modified>"
            + "<entry><title>Eins</title><id>tag:a.example,2025:1</id>"
            + "<link rel=\"alternate\" type=\"text/html\" href=\"https://a.example/1\"/>"
            + "<issued>2025-06-02T08:00:00Z</issued><modified>2025-06-02T08:00:00Z</modified>"
            + "<content type=\"text/html\" mode=\"base64\">"
            + encoded.substring(0, 10)
            + "\n"
            + encoded.substring(10)
            + "</content></entry></feed>";
    FeedDocument doc = read(atom);
    assertThat(doc.articles()).hasSize(1);
    assertThat(doc.articles().get(0).contentHtml()).contains("<b>Welt</b>");
  }

  @Test
  void keepsItemsWhoseGuidHoldsLineBreaksTabsOrC1Controls() {
    FeedDocument doc =
        read(
            rss(
                item("Eins", "<guid isPermaLink=\"false\">abc\ndef</guid>")
                    + item("Zwei", "<guid isPermaLink=\"false\">abc\tghi</guid>")
                    + item("Drei", "<guid isPermaLink=\"false\">abc\u0085jkl</guid>")));
    assertThat(doc.articles())
        .extracting(a -> a.id().value())
        .containsExactly("abc def", "abc ghi", "abc jkl");
  }

  @Test
  void keepsAnItemWhoseAuthorIsOnlyMarkupWithoutTheAuthor() {
    FeedDocument doc =
        read(rss(item("Eins", "<author>&lt;b&gt;&lt;/b&gt;</author>") + item("Zwei", "")));
    assertThat(doc.articles()).hasSize(2);
    assertThat(doc.articles().get(0).authors()).isEmpty();
  }

  @Test
  void aGuidThatLooksLikeAUrlButIsNotOneBecomesAStableNonPermalinkId() {
    FeedDocument once = read(rss(item("Eins", "<guid>http://x/a b</guid>")));
    FeedDocument twice = read(rss(item("Eins", "<guid>http://x/a b</guid>")));
    Article article = once.articles().get(0);
    assertThat(article.id().value()).startsWith("urn:rundbrief:guid:");
    assertThat(article.id().isPermalink()).isFalse();
    assertThat(article.id()).isEqualTo(twice.articles().get(0).id());
    assertThat(article.link()).isPresent();
    assertThat(once.warnings()).anyMatch(w -> w.contains("http://x/a b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2999-12-31T00:00:00Z"})
  void treatsPlaceholderAndFarFutureDatesAsMissing(String date) {
    FeedDocument doc =
        read(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>urn:a</id>"
                + "<updated>2025-01-01T00:00:00Z</updated><entry><title>Eins</title>"
                + "<id>urn:a:1</id><published>"
                + date
                + "</published><updated>"
                + date
                + "</updated></entry></feed>");
    assertThat(doc.articles().get(0).date()).isEmpty();
    assertThat(doc.warnings()).anyMatch(w -> w.contains(date) && w.contains("placeholder"));
  }

  @Test
  void refusesADocumentNestedTwoHundredThousandLevelsDeepWithinSeconds() {
    StringBuilder xml = new StringBuilder(rss("").replace("</channel></rss>", "<item>"));
    xml.append("<a>".repeat(200_000)).append("</a>".repeat(200_000));
    xml.append("</item></channel></rss>");
    byte[] bytes = xml.toString().getBytes(UTF_8);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> reader.read(bytes, "deep.xml"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageContaining("deep.xml")
                .hasMessageContaining("nested deeper than " + SafeXml.MAX_DEPTH));
  }

  @Test
  void readsAHundredKilobyteAuthorInLinearTimeWithinSeconds() {
    String author = "a@".repeat(50_000) + " (x";
    FeedDocument doc =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> read(rss(item("Eins", "<author>" + author + "</author>"))));
    assertThat(doc.articles()).hasSize(1);
  }

  @Test
  void splitsAnRssAuthorIntoAddressAndName() {
    assertThat(FeedMapping.mailbox("kim@ki.example (Kim Schulz)"))
        .isEqualTo(new Author("Kim Schulz", "kim@ki.example", null));
    assertThat(FeedMapping.mailbox("kim@ki.example"))
        .isEqualTo(new Author("kim@ki.example", "kim@ki.example", null));
    assertThat(FeedMapping.mailbox("Kim Schulz")).isEqualTo(Author.of("Kim Schulz"));
    assertThat(FeedMapping.mailbox("<b></b>")).isNull();
  }

  @Test
  void refusesAFeedThatOutlastsItsTimeBudget() {
    FeedReader hurried = FeedReader.builder().timeBudget(Duration.ofNanos(1)).build();
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      items.append(item("Artikel " + i, "<description>Text " + i + "</description>"));
    }
    byte[] bytes = rss(items.toString()).getBytes(UTF_8);
    assertThatThrownBy(() -> hurried.read(bytes, "slow.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("slow.xml")
        .hasMessageContaining("time budget");
  }

  @Test
  void decodesAtomTitlesAsTheirTypeSays() {
    String base64 = Base64.getEncoder().encodeToString("Basis & <Sechzig>".getBytes(UTF_8));
    FeedDocument atom10 =
        read(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">"
                + "Feed &amp;lt;b&amp;gt;</title><id>urn:a</id>"
                + "<updated>2025-01-01T00:00:00Z</updated>"
                + "<entry><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                + "X<b>HTML</b></div></title><id>urn:a:1</id>"
                + "<updated>2025-01-01T00:00:00Z</updated></entry>"
                + "<entry><title type=\"text\">&#x26;</title><id>urn:a:2</id>"
                + "<updated>2025-01-01T00:00:00Z</updated></entry>"
                + "<entry><title type=\"text/plain\" mode=\"base64\">"
                + base64
                + "</title><id>urn:a:3</id><updated>2025-01-01T00:00:00Z</updated></entry>"
                + "</feed>");
    assertThat(atom10.title()).isEqualTo("Feed <b>");
    assertThat(atom10.articles())
        .extracting(Article::title)
        .containsExactly("XHTML", "&", "Basis & <Sechzig>");
    FeedDocument atom03 =
        read(
            "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>A</title>"
                + "<modified>2025-06-02T08:00:00Z</modified>"
                + "<entry><title type=\"text/html\" mode=\"escaped\">Fett &lt;b&gt;gedruckt"
                + "&lt;/b&gt; &amp;amp; mehr</title><id>tag:a,2025:1</id>"
                + "<issued>2025-06-02T08:00:00Z</issued><modified>2025-06-02T08:00:00Z</modified>"
                + "</entry><entry><title type=\"application/xhtml+xml\" mode=\"xml\">"
                + "<div xmlns=\"http://www.w3.org/1999/xhtml\">Inline <i>XHTML</i></div>"
                + "</title><id>tag:a,2025:2</id><issued>2025-06-02T08:00:00Z</issued>"
                + "<modified>2025-06-02T08:00:00Z</modified></entry></feed>");
    assertThat(atom03.articles())
        .extracting(Article::title)
        .containsExactly("Fett gedruckt & mehr", "Inline XHTML");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
  void readsEveryUnicodeEncodingWithAndWithoutByteOrderMark(String encoding) {
    Charset charset = Charset.forName(encoding);
    String declared = encoding.startsWith("UTF-8") ? "UTF-8" : encoding.substring(0, 6);
    String xml =
        rss(item("Grüße aus Köln – 🚀", ""))
            .replace("encoding=\"UTF-8\"", "encoding=\"" + declared + "\"");
    byte[] body = xml.getBytes(charset);
    byte[] bom = "\uFEFF".getBytes(charset);
    byte[] withBom = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(body, 0, withBom, bom.length, body.length);
    for (byte[] bytes : List.of(body, withBom)) {
      FeedDocument doc = reader.read(bytes, encoding + ".xml");
      assertThat(doc.articles()).extracting(Article::title).containsExactly("Grüße aus Köln – 🚀");
      assertThat(FeedReader.looksLikeFeed(bytes)).isTrue();
    }
  }

  @Test
  void readsRssVersionsItDoesNotKnowAsRss20WithAWarning() {
    FeedDocument doc = read(rss(item("Eins", "")).replace("version=\"2.0\"", "version=\"2.1\""));
    assertThat(doc.articles()).hasSize(1);
    assertThat(doc.warnings()).anyMatch(w -> w.contains("2.1"));
  }

  @Test
  void readsJsonFeed11And10() {
    String v11 =
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"JSON & Co\","
            + "\"home_page_url\":\"https://j.example/\",\"language\":\"de-DE\","
            + "\"authors\":[{\"name\":\"Redaktion\"}],\"items\":["
            + "{\"id\":\"1\",\"url\":\"/a/1\",\"title\":\"Erster\",\"content_html\":"
            + "\"<p>Hallo<script>x()</script></p>\",\"date_published\":\"2025-06-02T08:00:00+02:00\","
            + "\"tags\":[\"KI\"],\"authors\":[{\"name\":\"Kim\",\"url\":\"javascript:alert(1)\"}]},"
            + "{\"id\":2,\"content_text\":\"Nur Text ohne Titel\"},"
            + "{\"id\":\"3\",\"title\":\"\"}]}";
    byte[] bytes = v11.getBytes(UTF_8);
    assertThat(FeedReader.looksLikeFeed(bytes)).isTrue();
    FeedDocument doc = reader.read(bytes, "feed.json");
    assertThat(doc.format()).isEqualTo("JSON Feed 1.1");
    assertThat(doc.title()).isEqualTo("JSON & Co");
    assertThat(doc.articles()).hasSize(2);
    Article first = doc.articles().get(0);
    assertThat(first.title()).isEqualTo("Erster");
    assertThat(first.link()).contains(java.net.URI.create("https://j.example/a/1"));
    assertThat(first.contentHtml()).contains("Hallo").doesNotContain("script");
    assertThat(first.published()).contains(Instant.parse("2025-06-02T06:00:00Z"));
    assertThat(first.authors()).containsExactly(new Author("Kim", null, null));
    assertThat(doc.articles().get(1).title()).isEqualTo("Nur Text ohne Titel");
    assertThat(doc.articles().get(1).authors()).containsExactly(Author.of("Redaktion"));

    String v10 =
        "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"Alt\",\"items\":["
            + "{\"id\":\"x\",\"title\":\"Eins\",\"author\":{\"name\":\"Ada\"},"
            + "\"content_text\":\"t\"}]}";
    FeedDocument old = reader.read(v10.getBytes(UTF_8), "old.json");
    assertThat(old.format()).isEqualTo("JSON Feed 1");
    assertThat(old.articles().get(0).authors()).containsExactly(Author.of("Ada"));
  }

  @Test
  void refusesJsonThatIsNotAJsonFeed() {
    assertThatThrownBy(() -> reader.read("{\"a\":1}".getBytes(UTF_8), "x.json"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("x.json")
        .hasMessageContaining("not a JSON Feed");
  }
}
