package dev.rundbrief.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.PlainText;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.store.ArticleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace's articles and issues as the command sees them: {@link Article}s and {@link
 * Digest}s, kept as the command's JSON in the store's article tables ({@link ArticleStore}), with
 * the rule that decides whether a re-imported article replaces the stored one.
 */
final class Stores implements AutoCloseable {
  private final ArticleStore store;

  private Stores(ArticleStore store) {
    this.store = store;
  }

  /**
   * Opens (and creates or migrates) the store of a workspace: the SQLite file or the PostgreSQL
   * database that {@link StoreAccess} picks.
   *
   * @throws ConfigException if it cannot be opened
   */
  static Stores open(Workspace ws, Config config) {
    StoreAccess access = StoreAccess.of(config.store());
    try {
      return new Stores(ArticleStore.open(access.location()));
    } catch (RundbriefException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private List<String> unreadable = List.of();

  /** What storing an article did. */
  enum Saved {
    NEW,
    UPDATED,
    UNCHANGED,
    /** Another article with the same id is stored; it was kept and this one was not stored. */
    CONFLICT
  }

  /**
   * Inserts or updates an article by id, and says which. An update must be the same article: from
   * the same origin, with the same link, or with mostly the same text; a different article with the
   * same id (two pages with one generic title and no date or URL) is not stored ({@link
   * Saved#CONFLICT}), so it never silently replaces the one already there.
   */
  Saved save(Article article, String origin, Instant now) {
    String id = article.id().value();
    String json = write(Json.article(article));
    Optional<String> existing = store.articleJson(id);
    if (existing.isPresent() && existing.get().equals(json)) {
      return Saved.UNCHANGED;
    }
    try {
      if (existing.isPresent()
          && !sameArticle(
              Json.article(Json.MAPPER.readTree(existing.get())),
              store.origin(id).orElse(""),
              article,
              origin)) {
        return Saved.CONFLICT;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot store article " + article.id() + ": " + e.getMessage(), e);
    }
    store.putArticle(id, article.date(), origin, json, now);
    return existing.isPresent() ? Saved.UPDATED : Saved.NEW;
  }

  /** Where the stored article with this id was imported from, when there is one. */
  Optional<String> origin(ArticleId id) {
    return store.origin(id.value());
  }

  /**
   * Whether a new version replaces a stored article: same origin, same link, or at least half of
   * the distinct words of the text in common.
   */
  static boolean sameArticle(Article stored, String storedOrigin, Article next, String origin) {
    if (storedOrigin.equals(origin)) {
      return true;
    }
    if (stored.link().isPresent() && stored.link().equals(next.link())) {
      return true;
    }
    Set<String> a = words(stored);
    Set<String> b = words(next);
    if (a.isEmpty() && b.isEmpty()) {
      return true;
    }
    Set<String> common = new HashSet<>(a);
    common.retainAll(b);
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return common.size() * 2 >= all.size();
  }

  private static Set<String> words(Article article) {
    String text =
        article.contentHtml().isEmpty()
            ? article.summary()
            : PlainText.fromHtml(article.contentHtml());
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  /**
   * Every stored article that can be read, newest first. A stored article that can no longer be
   * read (stored by an older version with a value that is now refused) is left out and named in
   * {@link #unreadableArticles()}, so that one row never stops publishing.
   */
  List<Article> articles() {
    List<Article> out = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (ArticleStore.StoredArticle row : store.articles()) {
      try {
        out.add(Json.article(Json.MAPPER.readTree(row.json())));
      } catch (JsonProcessingException | RuntimeException e) {
        unreadable.add(
            "stored article '" + row.id() + "' cannot be read and is skipped: " + e.getMessage());
      }
    }
    this.unreadable = List.copyOf(unreadable);
    return out;
  }

  /** Whether an article with this id is stored. */
  boolean contains(ArticleId id) {
    return store.articleJson(id.value()).isPresent();
  }

  /** What the last {@link #articles()} call had to skip, one line per article. */
  List<String> unreadableArticles() {
    return unreadable;
  }

  /** Stores a new issue; its number must be the next one. */
  void saveIssue(Digest digest) {
    store.addIssue(
        digest.number(),
        digest.period().start(),
        digest.period().end(),
        digest.created(),
        write(Json.digest(digest)));
  }

  /** Every issue, oldest first. */
  List<Digest> issues() {
    List<Digest> out = new ArrayList<>();
    for (String json : store.issueJsons()) {
      out.add(digest(json, "cannot read issues: "));
    }
    return out;
  }

  /** One issue by number. */
  Optional<Digest> issue(int number) {
    return store.issueJson(number).map(j -> digest(j, "cannot read issue " + number + ": "));
  }

  private static Digest digest(String json, String failure) {
    try {
      return Json.digest(Json.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(failure + e.getMessage(), e);
    }
  }

  /** The newest issue, when there is one. */
  Optional<Digest> latestIssue() {
    List<Digest> all = issues();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * The conditional-GET state of a configured feed source (ETag and Last-Modified, null where the
   * source sent none), when it was fetched before.
   */
  Optional<String[]> sourceState(String url) {
    return store
        .sourceState(url)
        .map(s -> new String[] {nullIfEmpty(s.etag()), nullIfEmpty(s.lastModified())});
  }

  private static String nullIfEmpty(String s) {
    return s.isEmpty() ? null : s;
  }

  /** Remembers the ETag and Last-Modified of a feed source for the next conditional GET. */
  void saveSourceState(String url, String etag, String lastModified, Instant now) {
    store.saveSourceState(url, etag, lastModified, now);
  }

  private static String write(Object node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
