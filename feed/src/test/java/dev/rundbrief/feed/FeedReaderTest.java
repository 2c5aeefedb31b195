package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FeedReaderTest {
  private final FeedReader reader = FeedReader.create();

  static byte[] fixture(String name) {
    try (InputStream in = FeedReaderTest.class.getResourceAsStream("/reading/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path fixturePath(String name) {
    try {
      return Paths.get(FeedReaderTest.class.getResource("/reading/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private FeedDocument read(String name) {
    return reader.read(fixture(name), name);
  }

  @Test
  void sniffsFeedsApartFromPages() {
    byte[] rss =
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] atom =
        "\uFEFF<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] rdf = "<rdf:RDF xmlns:rdf=\"x\"/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] page =
        "<!doctype html><html lang=\"de\"><body><p>Kein Feed</p></body></html>"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    org.assertj.core.api.Assertions.assertThat(FeedReader.looksLikeFeed(rss)).isTrue();
    org.assertj.core.api.Assertions.assertThat(FeedReader.looksLikeFeed(atom)).isTrue();
    org.assertj.core.api.Assertions.assertThat(FeedReader.looksLikeFeed(rdf)).isTrue();
    org.assertj.core.api.Assertions.assertThat(FeedReader.looksLikeFeed(page)).isFalse();
  }

  @Test
  void readsRss20WithEveryPartMapped() {
    FeedDocument feed = reader.read(fixturePath("rss20.xml"));

    assertThat(feed.format()).isEqualTo("RSS 2.0");
    assertThat(feed.source()).isEqualTo("rss20.xml");
    assertThat(feed.title()).isEqualTo("KI-Rundschau");
    assertThat(feed.siteLink()).contains(URI.create("https://ki-rundschau.example/"));
    assertThat(feed.language()).contains(Locale.forLanguageTag("de-DE"));
    assertThat(feed.articles()).hasSize(4);

    Article first = feed.articles().get(0);
    assertThat(first.id()).isEqualTo(ArticleId.of("ki-rundschau-4711"));
    assertThat(first.title()).isEqualTo("Sprachmodelle lernen Bairisch");
    assertThat(first.link())
        .contains(URI.create("https://ki-rundschau.example/artikel/bairisch?utm_source=rss"));
    assertThat(first.published()).contains(Instant.parse("2025-06-02T06:15:00Z"));
    assertThat(first.authors())
        .containsExactly(new Author("Anna Größer", "redaktion@ki-rundschau.example", null));
    assertThat(first.tags()).containsExactly("Sprache", "Forschung");
    assertThat(first.summary())
        .isEqualTo("Ein Team aus Regensburg trainiert ein Modell auf Mundart.");
    assertThat(first.contentHtml())
        .contains("href=\"https://ki-rundschau.example/orte/regensburg\"")
        .contains("src=\"https://ki-rundschau.example/bilder/dialekt.png\"")
        .doesNotContain("<script", "alert", "onerror");
    assertThat(first.leadImage())
        .contains(
            new Image(
                URI.create("https://ki-rundschau.example/bilder/lead.webp"),
                "",
                0,
                0,
                "image/webp",
                0));
    assertThat(first.source()).isEqualTo("KI-Rundschau");
  }

  @Test
  void resolvesAnItemsRelativeLinksAgainstItsXmlBase() {
    Article second = read("rss20.xml").articles().get(1);

    assertThat(second.link())
        .contains(URI.create("https://archiv.ki-rundschau.example/2024/chips-dresden"));
    assertThat(second.leadImage().map(Image::url))
        .contains(URI.create("https://archiv.ki-rundschau.example/2024/thumbs/chip.jpg"));
    assertThat(second.leadImage().map(Image::width)).contains(320);
  }

  @Test
  void derivesTheIdFromTheLinkWhenThereIsNoGuid() {
    Article second = read("rss20.xml").articles().get(1);

    assertThat(second.id())
        .isEqualTo(
            ArticleId.fromUrl(
                URI.create("https://archiv.ki-rundschau.example/2024/chips-dresden")));
    assertThat(second.authors()).containsExactly(Author.of("Bernd Weiß"));
    assertThat(second.published()).contains(Instant.parse("2025-06-03T14:05:00Z"));
    assertThat(second.summary()).isEqualTo("Short English summary & more.");
  }

  @Test
  void derivesTitleAndIdFromTheTextWhenAnItemHasNeitherTitleNorLink() {
    Article third = read("rss20.xml").articles().get(2);

    assertThat(third.title())
        .startsWith("Eine Meldung ganz ohne Titel: Der Übersetzer-Wettbewerb")
        .endsWith("…")
        .hasSizeLessThanOrEqualTo(81);
    assertThat(third.id())
        .isEqualTo(ArticleId.fromContent(third.title(), LocalDate.of(2025, 6, 4)));
    assertThat(third.published()).contains(Instant.parse("2025-06-04T00:00:00Z"));
    assertThat(read("rss20.xml").articles().get(2).id()).isEqualTo(third.id());
  }

  @Test
  void skipsAnItemWhoseTitleIsLongerThanTheSingleLineBoundAndKeepsTheOthers() {
    String rss =
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>K</title>"
            + "<link>https://k.example.org/</link><description>d</description>"
            + "<item><title>"
            + "T".repeat(100_000)
            + "</title><link>https://k.example.org/a</link></item>"
            + "<item><title>Kurz</title><link>https://k.example.org/b</link></item>"
            + "</channel></rss>";
    String json =
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"K\",\"items\":["
            + "{\"id\":\"1\",\"title\":\""
            + "T".repeat(100_000)
            + "\",\"content_text\":\"x\"},{\"id\":\"2\",\"title\":\"Kurz\",\"content_text\":\"y\"}]}";
    for (String[] feed : new String[][] {{rss, "lang.xml"}, {json, "lang.json"}}) {
      FeedDocument doc = reader.read(feed[0].getBytes(StandardCharsets.UTF_8), feed[1]);
      assertThat(doc.articles()).extracting(Article::title).containsExactly("Kurz");
      assertThat(doc.warnings())
          .singleElement()
          .satisfies(
              w ->
                  assertThat(w)
                      .contains("has a title of 100000 characters (at most 1000); skipped")
                      .hasSizeLessThan(200));
    }
  }

  @Test
  void keepsAnItemWithAnUnreadableDateAndWarnsWithTheLine() {
    FeedDocument feed = read("rss20.xml");
    Article fourth = feed.articles().get(3);

    assertThat(fourth.title()).isEqualTo("Datum kaputt");
    assertThat(fourth.published()).isEmpty();
    assertThat(feed.warnings())
        .containsExactly(
            "feed 'rss20.xml' line 38: <pubDate> 'Mo., 2 Juni' is not an RFC 822 date;"
                + " the item is kept without this date");
  }

  @Test
  void readsRss091AndIgnoresItsDoctypeWithoutLoadingIt() {
    FeedDocument feed = read("rss091.xml");

    assertThat(feed.format()).isEqualTo("RSS 0.91");
    assertThat(feed.title()).isEqualTo("Grüne Welle");
    Article article = feed.articles().get(0);
    assertThat(article.title()).isEqualTo("Fußgängerzone wird länger");
    assertThat(article.link())
        .contains(URI.create("https://gruene-welle.example/2025/06/fussgaengerzone"));
    assertThat(feed.warnings()).anyMatch(w -> w.contains("removed the DOCTYPE"));
  }

  @Test
  void readsRss092WithHtmlDescriptionAsContentAndTextAsSummary() {
    FeedDocument feed = read("rss092.xml");

    assertThat(feed.format()).isEqualTo("RSS 0.92");
    Article article = feed.articles().get(0);
    assertThat(article.link())
        .contains(URI.create("https://baeckerei.example/blog/rezepte/kuerbis"));
    assertThat(article.summary()).isEqualTo("Ab heute gibt es Kürbiskernbrötchen");
    assertThat(article.contentHtml())
        .contains("<b>Kürbiskernbrötchen</b>")
        .contains("src=\"https://baeckerei.example/img/kuerbis.jpg\"");
    assertThat(article.tags()).containsExactly("Rezepte");
    assertThat(article.leadImage().map(Image::url))
        .contains(URI.create("https://baeckerei.example/img/kuerbis-gross.jpg"));
    assertThat(article.leadImage().map(Image::length)).contains(48213L);
    assertThat(feed.warnings()).isEmpty();
  }

  @Test
  void readsRss10() {
    FeedDocument feed = read("rss10.rdf");

    assertThat(feed.format()).isEqualTo("RSS 1.0");
    assertThat(feed.title()).isEqualTo("Wetterdienst Süd");
    Article article = feed.articles().get(0);
    assertThat(article.id()).isEqualTo(ArticleId.of("https://wetter.example/2025/06/hitze"));
    assertThat(article.authors()).containsExactly(Author.of("Jörg Müller"));
    assertThat(article.published()).contains(Instant.parse("2025-06-02T12:30:00Z"));
    assertThat(article.tags()).containsExactly("Wetter");
    assertThat(article.contentHtml())
        .contains("<strong>34 Grad</strong>")
        .contains("href=\"https://wetter.example/karte\"");
  }

  @Test
  void readsAtom03() {
    FeedDocument feed = read("atom03.xml");

    assertThat(feed.format()).isEqualTo("Atom 0.3");
    Article article = feed.articles().get(0);
    assertThat(article.id()).isEqualTo(ArticleId.of("tag:tagebuch.example,2025:wetter"));
    assertThat(article.title()).isEqualTo("Über das Wetter");
    assertThat(article.published()).contains(Instant.parse("2025-06-01T07:00:00Z"));
    assertThat(article.updated()).contains(Instant.parse("2025-06-01T09:30:00Z"));
    assertThat(article.authors())
        .containsExactly(new Author("Käthe Schröder", "kaethe@tagebuch.example", null));
    assertThat(article.contentHtml()).contains("<em>schon wieder</em>");
    assertThat(article.summary()).isEqualTo("Es regnet schon wieder.");
  }

  @Test
  void readsAtom10ResolvingXmlBaseOnFeedEntryAndContent() {
    FeedDocument feed = read("atom10.xml");

    assertThat(feed.format()).isEqualTo("Atom 1.0");
    assertThat(feed.title()).isEqualTo("Technik & Gesellschaft");
    assertThat(feed.description()).isEqualTo("Notizen über Maschinen");
    assertThat(feed.siteLink()).contains(URI.create("https://technik.example/blog/"));
    assertThat(feed.language()).contains(Locale.GERMAN);

    Article first = feed.articles().get(0);
    assertThat(first.title()).isEqualTo("Roboter räumen auf");
    assertThat(first.link()).contains(URI.create("https://technik.example/blog/2025/roboter"));
    assertThat(first.published()).contains(Instant.parse("2025-06-05T07:30:00Z"));
    assertThat(first.updated()).contains(Instant.parse("2025-06-05T08:00:00.250Z"));
    assertThat(first.authors())
        .containsExactly(
            new Author("Lena Öztürk", null, URI.create("https://technik.example/lena")));
    assertThat(first.tags()).containsExactly("Robotik");
    assertThat(first.contentHtml())
        .contains("href=\"https://technik.example/blog/2025/roboter/test\"");
    assertThat(first.leadImage().map(Image::url))
        .contains(URI.create("https://technik.example/media/roboter.png"));

    Article second = feed.articles().get(1);
    assertThat(second.link()).contains(URI.create("https://andere.example/posts/second"));
    assertThat(second.id())
        .isEqualTo(ArticleId.fromUrl(URI.create("https://andere.example/posts/second")));
    assertThat(second.updated()).contains(Instant.parse("2025-06-04T08:00:00Z"));
    assertThat(second.contentHtml()).contains("Plain text &lt;not a tag&gt; and ümlauts.");
  }

  @Test
  void usesTheDocumentUrlAsBaseWhenTheFeedHasNoSiteLink() {
    FeedDocument feed =
        reader.read(
            ("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title>"
                    + "<link>a/b</link></item></channel></rss>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "inline",
            URI.create("https://feeds.example/dir/feed.xml"));

    assertThat(feed.articles().get(0).link()).contains(URI.create("https://feeds.example/dir/a/b"));
  }

  @Test
  void tellsARefusedDocumentFromAWebPage() {
    assertThatThrownBy(() -> read("broken/web-page.html"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage(
            "feed 'broken/web-page.html' line 2: the root element <html> is not RSS or Atom"
                + " (this is a web page; use the feed address it links to)");
  }

  @Test
  void refusesAnEmptyDocument() {
    assertThatThrownBy(() -> read("broken/empty.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("feed 'broken/empty.xml': is empty");
  }

  @Test
  void refusesTextThatIsNotXml() {
    assertThatThrownBy(() -> read("broken/not-xml.txt"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage(
            "feed 'broken/not-xml.txt' line 1 column 1: contains no XML element; it is not a feed");
  }

  @Test
  void refusesATruncatedFeedNamingTheLine() {
    assertThatThrownBy(() -> read("broken/truncated.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("feed 'broken/truncated.xml' line 10 column ")
        .hasMessageContaining("is not well-formed XML: ")
        .satisfies(e -> assertThat(((FeedFormatException) e).line()).isEqualTo(10));
  }

  @Test
  void refusesMismatchedTagsNamingLineAndColumn() {
    assertThatThrownBy(() -> read("broken/mismatched-tags.xml"))
        .isInstanceOf(FeedFormatException.class)
        // The rest of the message is the XML parser's, in the JVM's language.
        .hasMessageStartingWith(
            "feed 'broken/mismatched-tags.xml' line 6 column 15: is not well-formed XML: ")
        .hasMessageContaining("\"</title>\"");
  }

  @Test
  void refusesAFeedLargerThanTheLimit() {
    FeedReader small = FeedReader.builder().maxBytes(100).build();

    assertThatThrownBy(() -> small.read(fixture("rss20.xml"), "big.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("feed 'big.xml': is ")
        .hasMessageEndingWith(" bytes, larger than the limit of 100 bytes");
  }
}
