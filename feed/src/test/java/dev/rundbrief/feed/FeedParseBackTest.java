package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.rometools.modules.atom.modules.AtomLinkModule;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/**
 * Parses every written feed back with an independent parser (Rome for RSS and Atom, Jackson and a
 * JSON Feed 1.1 schema for JSON Feed) and compares the values field by field with the input.
 */
class FeedParseBackTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SyndFeed rome(byte[] xml) throws Exception {
    SyndFeedInput input = new SyndFeedInput();
    input.setPreserveWireFeed(true);
    return input.build(new InputSource(new ByteArrayInputStream(xml)));
  }

  @Test
  void rssArticlesFeedReadsBackFieldByField() throws Exception {
    byte[] xml = FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS);
    SyndFeed feed = rome(xml);
    FeedMetadata meta = WriteFixtures.metadata(FeedFormat.RSS, "articles");
    assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
    assertThat(seenByReader(feed.getTitle())).isEqualTo(meta.title());
    assertThat(feed.getLink()).isEqualTo(meta.siteLink().toString());
    assertThat(seenByReader(feed.getDescription())).isEqualTo(meta.subtitle());
    assertThat(feed.getLanguage()).isEqualTo("de-DE");
    assertThat(feed.getCopyright()).isEqualTo(meta.rights());
    assertThat(feed.getGenerator()).isEqualTo("Rundbrief 1.0-test");
    assertThat(feed.getImage().getUrl()).isEqualTo("https://ki-woche.example/logo.png");

    List<Article> expected = newestFirst(WriteFixtures.articles());
    assertThat(feed.getEntries()).hasSize(expected.size());
    Channel channel = (Channel) feed.originalWireFeed();
    for (int i = 0; i < expected.size(); i++) {
      Article article = expected.get(i);
      SyndEntry entry = feed.getEntries().get(i);
      Item item = channel.getItems().get(i);
      assertThat(seenByReader(entry.getTitle())).isEqualTo(article.title());
      assertThat(entry.getLink()).isEqualTo(article.link().map(Object::toString).orElse(null));
      assertThat(seenByReader(entry.getDescription().getValue())).isEqualTo(article.summary());
      if (article.contentHtml().isEmpty()) {
        assertThat(entry.getContents()).isEmpty();
      } else {
        assertThat(entry.getContents().get(0).getValue()).isEqualTo(article.contentHtml());
      }
      assertThat(item.getGuid().getValue()).isEqualTo(article.id().value());
      assertThat(item.getGuid().isPermaLink()).isEqualTo(article.id().isPermalink());
      assertThat(entry.getPublishedDate().toInstant()).isEqualTo(article.date().orElseThrow());
      assertThat(names(entry.getCategories())).isEqualTo(article.tags());
      assertEnclosure(entry.getEnclosures(), article);
      assertRssAuthors(item, entry, article.authors());
    }
  }

  /** What an RSS reader shows for a title or description: the text with HTML entities decoded. */
  static String seenByReader(String rssText) {
    return org.jsoup.parser.Parser.unescapeEntities(rssText, false);
  }

  private static void assertRssAuthors(Item item, SyndEntry entry, List<Author> authors) {
    if (authors.size() == 1 && authors.get(0).email() != null) {
      Author author = authors.get(0);
      assertThat(item.getAuthor()).isEqualTo(author.email() + " (" + author.name() + ")");
    } else {
      assertThat(item.getAuthor()).isNull();
      DCModule dc = (DCModule) entry.getModule(DCModule.URI);
      assertThat(dc.getCreators()).isEqualTo(authors.stream().map(Author::name).toList());
    }
  }

  private static void assertEnclosure(List<SyndEnclosure> enclosures, Article article) {
    if (article.leadImage().isEmpty()) {
      assertThat(enclosures).isEmpty();
      return;
    }
    assertThat(enclosures).hasSize(1);
    SyndEnclosure enclosure = enclosures.get(0);
    assertThat(enclosure.getUrl()).isEqualTo(article.leadImage().get().url().toString());
    assertThat(enclosure.getLength()).isEqualTo(article.leadImage().get().length());
    assertThat(enclosure.getType()).startsWith("image/");
  }

  @Test
  void atomArticlesFeedReadsBackFieldByField() throws Exception {
    byte[] xml = FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM);
    SyndFeed feed = rome(xml);
    FeedMetadata meta = WriteFixtures.metadata(FeedFormat.ATOM, "articles");
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getTitle()).isEqualTo(meta.title());
    assertThat(feed.getUri()).isEqualTo(meta.selfUrl().toString());
    assertThat(feed.getDescription()).isEqualTo(meta.subtitle());
    assertThat(feed.getCopyright()).isEqualTo(meta.rights());
    assertThat(feed.getPublishedDate().toInstant())
        .as("feed updated = newest item change")
        .isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(feed.getAuthors())
        .extracting(SyndPerson::getName)
        .containsExactly("Redaktion KI-Woche");

    List<Article> expected = newestFirst(WriteFixtures.articles());
    assertThat(feed.getEntries()).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Article article = expected.get(i);
      SyndEntry entry = feed.getEntries().get(i);
      assertThat(entry.getUri()).isEqualTo(FeedItems.atomId(article.id().value()));
      assertThat(entry.getUri()).matches("^(https?|urn|tag):.+");
      assertThat(seenByReader(entry.getTitle())).isEqualTo(article.title());
      assertThat(entry.getLink()).isEqualTo(article.link().map(Object::toString).orElse(null));
      assertThat(seenByReader(entry.getDescription().getValue())).isEqualTo(article.summary());
      if (article.contentHtml().isEmpty()) {
        assertThat(entry.getContents().get(0).getType()).isEqualTo("text");
      } else {
        assertThat(entry.getContents().get(0).getType()).isEqualTo("html");
        assertThat(entry.getContents().get(0).getValue()).isEqualTo(article.contentHtml());
      }
      assertThat(entry.getPublishedDate().toInstant()).isEqualTo(article.published().orElseThrow());
      assertThat(entry.getUpdatedDate().toInstant())
          .isEqualTo(article.updated().orElse(article.published().orElseThrow()));
      assertThat(names(entry.getCategories())).isEqualTo(article.tags());
      assertThat(entry.getAuthors().stream().map(SyndPerson::getName).toList())
          .isEqualTo(article.authors().stream().map(Author::name).toList());
      assertThat(entry.getAuthors().stream().map(SyndPerson::getEmail).toList())
          .isEqualTo(article.authors().stream().map(Author::email).toList());
      if (article.leadImage().isPresent()) {
        assertThat(entry.getEnclosures()).hasSize(1);
        assertThat(entry.getEnclosures().get(0).getUrl())
            .isEqualTo(article.leadImage().get().url().toString());
      } else {
        assertThat(entry.getEnclosures()).isEmpty();
      }
    }
  }

  @Test
  void digestsFeedsReadBackWithOneItemPerIssueInEveryXmlFormat() throws Exception {
    List<Digest> expected = List.of(WriteFixtures.issue48(), WriteFixtures.issue47());
    for (FeedFormat format : List.of(FeedFormat.RSS, FeedFormat.ATOM)) {
      SyndFeed feed = rome(FeedWriterGoldenTest.digestsFeed(format));
      assertThat(feed.getEntries()).as("%s", format).hasSize(2);
      for (int i = 0; i < expected.size(); i++) {
        Digest digest = expected.get(i);
        SyndEntry entry = feed.getEntries().get(i);
        assertThat(format == FeedFormat.RSS ? seenByReader(entry.getTitle()) : entry.getTitle())
            .isEqualTo(digest.title());
        assertThat(entry.getLink())
            .isEqualTo("https://ki-woche.example/ausgaben/" + digest.number() + ".html");
        assertThat(entry.getUri()).isEqualTo("tag:ki-woche.example,2026:issue-" + digest.number());
        assertThat(entry.getPublishedDate().toInstant()).isEqualTo(digest.created());
        String html = entry.getContents().get(0).getValue();
        assertThat(html).isEqualTo(FeedItems.digestHtml(digest));
        for (Article article : digest.articles()) {
          assertThat(html).contains(escapeHtml(article.title()));
          article.link().ifPresent(link -> assertThat(html).contains("href=\"" + link + "\""));
        }
      }
      String description = feed.getEntries().get(1).getDescription().getValue();
      assertThat(format == FeedFormat.RSS ? seenByReader(description) : description)
          .isEqualTo("Diese Woche: Förderung & Forschung <kompakt>.");
      assertThat(feed.getEntries().get(0).getContents().get(0).getValue())
          .contains("<h2>Forschung &lt;Labor&gt; &amp; Praxis</h2>");
    }
  }

  @Test
  void rssKeepsTheSelfLinkThatRomesSyndFeedPathDrops() throws Exception {
    byte[] xml = FeedWriterGoldenTest.articlesFeed(FeedFormat.RSS);
    Channel channel =
        (Channel)
            new WireFeedInput()
                .build(
                    new InputStreamReader(new ByteArrayInputStream(xml), StandardCharsets.UTF_8));
    AtomLinkModule atom = (AtomLinkModule) channel.getModule(AtomLinkModule.URI);
    assertThat(atom.getLinks())
        .filteredOn(link -> "self".equals(link.getRel()))
        .extracting(Link::getHref, Link::getType)
        .containsExactly(
            tuple("https://ki-woche.example/feeds/articles.rss", "application/rss+xml"));
  }

  @Test
  void jsonFeedsAreValidAgainstTheSchemaAndReadBackFieldByField() throws Exception {
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/jsonfeed-1.1.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    JsonNode feed = JSON.readTree(FeedWriterGoldenTest.articlesFeed(FeedFormat.JSON_FEED));
    assertThat(schema.validate(feed)).isEmpty();
    JsonNode digests = JSON.readTree(FeedWriterGoldenTest.digestsFeed(FeedFormat.JSON_FEED));
    assertThat(schema.validate(digests)).isEmpty();

    FeedMetadata meta = WriteFixtures.metadata(FeedFormat.JSON_FEED, "articles");
    assertThat(feed.get("title").asText()).isEqualTo(meta.title());
    assertThat(feed.get("feed_url").asText()).isEqualTo(meta.selfUrl().toString());
    assertThat(feed.get("language").asText()).isEqualTo("de-DE");
    assertThat(feed.get("_fh").get("complete").asBoolean()).isTrue();
    assertThat(feed.has("next_url")).isFalse();
    List<Article> expected = newestFirst(WriteFixtures.articles());
    assertThat(feed.get("items")).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Article article = expected.get(i);
      JsonNode item = feed.get("items").get(i);
      assertThat(item.get("id").isTextual()).isTrue();
      assertThat(item.get("id").asText()).isEqualTo(article.id().value());
      assertThat(item.get("title").asText()).isEqualTo(article.title());
      assertThat(text(item, "summary")).isEqualTo(article.summary());
      assertThat(text(item, "content_html")).isEqualTo(article.contentHtml());
      assertThat(Instant.parse(item.get("date_published").asText()))
          .isEqualTo(article.published().orElseThrow());
      List<String> tags = new ArrayList<>();
      if (item.has("tags")) {
        item.get("tags").forEach(t -> tags.add(t.asText()));
      }
      assertThat(tags).isEqualTo(article.tags());
      List<String> authors = new ArrayList<>();
      if (item.has("authors")) {
        item.get("authors").forEach(a -> authors.add(a.get("name").asText()));
      }
      assertThat(authors).isEqualTo(article.authors().stream().map(Author::name).toList());
      assertThat(text(item, "language"))
          .isEqualTo(article.language().map(java.util.Locale::toLanguageTag).orElse(""));
    }
  }

  @Test
  void theSchemaRejectsAFeedThatBreaksJsonFeed() throws Exception {
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/jsonfeed-1.1.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    JsonNode broken =
        JSON.readTree(
            "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"x\","
                + "\"home_page_url\":\"https://a.example/\",\"feed_url\":\"https://a.example/f\","
                + "\"items\":[{\"id\":7,\"date_published\":\"Mo., 2 Juni\"}]}");
    Set<ValidationMessage> errors = schema.validate(broken);
    assertThat(errors)
        .extracting(ValidationMessage::getInstanceLocation)
        .map(Object::toString)
        .contains("$.version", "$.items[0].id", "$.items[0].date_published");
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : "";
  }

  private static List<String> names(List<SyndCategory> categories) {
    return categories.stream().map(SyndCategory::getName).toList();
  }

  private static List<Article> newestFirst(List<Article> articles) {
    return articles.stream()
        .sorted((a, b) -> b.date().orElseThrow().compareTo(a.date().orElseThrow()))
        .toList();
  }

  private static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder();
    Texts.escapeHtml(text, out);
    return out.toString();
  }

  static byte[] bytes(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
