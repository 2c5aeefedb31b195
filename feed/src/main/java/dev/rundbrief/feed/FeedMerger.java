package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.CanonicalUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the articles of several feeds into one stream without duplicates.
 *
 * <p>Two articles are duplicates when they have the same {@linkplain Article#id() id} (the same
 * guid), or the same link after {@link CanonicalUrls#normalize} (so {@code http://www.x.org/a/} and
 * {@code https://x.org/a?utm_source=feed} are one article). Of duplicates, the richest version is
 * kept: the longest HTML content, then the longest summary, then one with a lead image, then the
 * one published earliest, then the one seen first.
 *
 * <p>The result is ordered newest first by {@link Article#date()}; articles without a date come
 * last, in the order they were given.
 */
public final class FeedMerger {
  private static final Comparator<Article> RICHNESS =
      Comparator.<Article>comparingInt(a -> a.contentHtml().length())
          .thenComparingInt(a -> a.summary().length())
          .thenComparing(a -> a.leadImage().isPresent())
          .thenComparing(
              (Article a) -> a.published().orElse(Instant.MAX), Comparator.reverseOrder());

  private FeedMerger() {}

  /** Merges the articles of the given feeds; see the class description for the rules. */
  public static List<Article> merge(List<FeedDocument> feeds) {
    requireNonNull(feeds, "feeds");
    List<Article> all = new ArrayList<>();
    feeds.forEach(f -> all.addAll(f.articles()));
    return mergeArticles(all);
  }

  /** Removes duplicates from a stream of articles; see the class description for the rules. */
  public static List<Article> mergeArticles(List<Article> articles) {
    requireNonNull(articles, "articles");
    List<Article> kept = new ArrayList<>();
    Map<String, Integer> slots = new HashMap<>();
    for (Article article : articles) {
      List<String> keys = keys(article);
      Integer slot = null;
      for (String key : keys) {
        slot = slots.get(key);
        if (slot != null) {
          break;
        }
      }
      if (slot == null) {
        slot = kept.size();
        kept.add(article);
      } else if (RICHNESS.compare(article, kept.get(slot)) > 0) {
        kept.set(slot, article);
      }
      for (String key : keys) {
        slots.putIfAbsent(key, slot);
      }
    }
    List<Article> ordered = new ArrayList<>(kept);
    ordered.sort(
        Comparator.comparing(
            (Article a) -> a.date().orElse(Instant.MIN), Comparator.reverseOrder()));
    return List.copyOf(ordered);
  }

  private static List<String> keys(Article article) {
    List<String> keys = new ArrayList<>(3);
    keys.add("id:" + article.id().value());
    if (article.id().isPermalink()) {
      try {
        keys.add("url:" + normalize(new URI(article.id().value())));
      } catch (URISyntaxException e) {
        // A guid that only looks like a URL is still matched by its id key.
      }
    }
    article.link().ifPresent(link -> keys.add("url:" + normalize(link)));
    return keys;
  }

  private static String normalize(URI url) {
    try {
      return CanonicalUrls.normalize(url).toString();
    } catch (IllegalArgumentException e) {
      return url.toString();
    }
  }
}
