package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedMergerTest {
  private static Article.Builder article(String title, String link, String published) {
    return Article.builder()
        .title(title)
        .link(link == null ? null : URI.create(link))
        .published(published == null ? null : Instant.parse(published));
  }

  @Test
  void removesArticlesWithTheSameGuid() {
    Article a = article("Eins", null, "2025-06-01T10:00:00Z").id(ArticleId.of("g-1")).build();
    Article b =
        article("Eins (Kopie)", null, "2025-06-01T10:00:00Z").id(ArticleId.of("g-1")).build();

    assertThat(FeedMerger.mergeArticles(List.of(a, b)))
        .extracting(Article::title)
        .containsExactly("Eins");
  }

  @Test
  void removesArticlesWhoseLinksAreTheSameCanonicalUrl() {
    Article plain =
        article("Köln", "https://stadt.example/koeln", "2025-06-01T10:00:00Z")
            .id(ArticleId.of("feed-a-1"))
            .build();
    Article tracked =
        article("Köln", "http://www.stadt.example/koeln/?utm_source=rss", "2025-06-01T10:00:00Z")
            .id(ArticleId.of("feed-b-9"))
            .build();

    assertThat(FeedMerger.mergeArticles(List.of(plain, tracked))).hasSize(1);
  }

  @Test
  void keepsTheRichestVersionOfADuplicate() {
    Article poor = article("Bonn", "https://stadt.example/bonn", "2025-06-02T10:00:00Z").build();
    Article rich =
        article("Bonn", "https://stadt.example/bonn", "2025-06-02T10:00:00Z")
            .content("<p>Ausführlicher Bericht über Bonn.</p>", null)
            .build();

    List<Article> merged = FeedMerger.mergeArticles(List.of(poor, rich));

    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).contentHtml()).contains("Ausführlicher Bericht");
  }

  @Test
  void keepsTheEarliestVersionWhenBothAreEquallyRich() {
    Article later =
        article("Gleich", null, "2025-06-03T12:00:00Z").id(ArticleId.of("g")).summary("x").build();
    Article earlier =
        article("Gleich", null, "2025-06-03T08:00:00Z").id(ArticleId.of("g")).summary("y").build();

    List<Article> merged = FeedMerger.mergeArticles(List.of(later, earlier));

    assertThat(merged.get(0).published()).contains(Instant.parse("2025-06-03T08:00:00Z"));
  }

  @Test
  void ordersNewestFirstWithUndatedArticlesLast() {
    Article old = article("Alt", "https://a.example/1", "2025-01-01T00:00:00Z").build();
    Article undated = article("Ohne Datum", "https://a.example/2", null).build();
    Article fresh = article("Neu", "https://b.example/3", "2025-06-01T00:00:00Z").build();

    assertThat(FeedMerger.mergeArticles(List.of(old, undated, fresh)))
        .extracting(Article::title)
        .containsExactly("Neu", "Alt", "Ohne Datum");
  }

  @Test
  void mergesTheArticlesOfSeveralFeedsRead() {
    FeedReader reader = FeedReader.create();
    FeedDocument one = reader.read(FeedReaderTest.fixture("rss20.xml"), "one.xml");
    FeedDocument again = reader.read(FeedReaderTest.fixture("rss20.xml"), "two.xml");
    FeedDocument other = reader.read(FeedReaderTest.fixture("atom10.xml"), "atom.xml");

    List<Article> merged = FeedMerger.merge(List.of(one, again, other));

    assertThat(merged).hasSize(one.articles().size() + other.articles().size());
  }
}
