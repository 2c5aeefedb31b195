package dev.rundbrief.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.PlainText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace's own tables in the SQLite store: imported articles and built issues. (The
 * subscriber list and the delivery journal live in the same file, managed by the mail module.)
 */
final class Stores implements AutoCloseable {
  private static final int SCHEMA_VERSION = 1;

  private final Connection connection;

  private Stores(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (and creates or migrates) the store of a workspace: the SQLite file or the PostgreSQL
   * database that {@link StoreAccess} picks. The SQL is plain SQL both run; only the SQLite pragmas
   * are SQLite's.
   */
  static Stores open(Workspace ws, Config config) {
    StoreAccess access = StoreAccess.of(config.store());
    try {
      Connection c = access.connect();
      try (Statement s = c.createStatement()) {
        if (access.sqlite()) {
          // The busy timeout first: switching to WAL takes a lock, and a second process starting
          // at the same moment must wait for it, not fail with SQLITE_BUSY.
          s.execute("PRAGMA busy_timeout=10000");
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
        }
        s.execute(
            "CREATE TABLE IF NOT EXISTS workspace_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, sort_date TEXT,"
                + " imported_at TEXT NOT NULL, origin TEXT NOT NULL, json TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS issues (number INTEGER PRIMARY KEY, period_start TEXT NOT NULL,"
                + " period_end TEXT NOT NULL, created TEXT NOT NULL, json TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS source_state (url TEXT PRIMARY KEY, etag TEXT,"
                + " last_modified TEXT, fetched_at TEXT NOT NULL)");
        s.execute(
            "INSERT INTO workspace_schema (name, version) VALUES ('workspace', "
                + SCHEMA_VERSION
                + ") ON CONFLICT (name) DO NOTHING");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new Stores(c);
    } catch (SQLException e) {
      throw new ConfigException(
          "cannot open the store " + access.description() + ": " + e.getMessage(), e);
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
    String json = write(Json.article(article));
    try {
      Optional<String> existing = articleJson(article.id().value());
      if (existing.isPresent() && existing.get().equals(json)) {
        return Saved.UNCHANGED;
      }
      if (existing.isPresent()
          && !sameArticle(
              Json.article(Json.MAPPER.readTree(existing.get())),
              originOf(article.id().value()).orElse(""),
              article,
              origin)) {
        return Saved.CONFLICT;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO articles (id, sort_date, imported_at, origin, json) VALUES (?, ?, ?, ?, ?)"
                  + " ON CONFLICT (id) DO UPDATE SET sort_date = excluded.sort_date,"
                  + " origin = excluded.origin, json = excluded.json")) {
        ps.setString(1, article.id().value());
        ps.setString(2, article.date().map(Instant::toString).orElse(null));
        ps.setString(3, now.toString());
        ps.setString(4, origin);
        ps.setString(5, json);
        ps.executeUpdate();
      }
      return existing.isPresent() ? Saved.UPDATED : Saved.NEW;
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot store article " + article.id() + ": " + e.getMessage(), e);
    }
  }

  /** Where the stored article with this id was imported from, when there is one. */
  Optional<String> origin(ArticleId id) {
    try {
      return originOf(id.value());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read article " + id + ": " + e.getMessage(), e);
    }
  }

  private Optional<String> originOf(String id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT origin FROM articles WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
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
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, json FROM articles ORDER BY sort_date IS NULL, sort_date DESC, id")) {
      while (rs.next()) {
        String id = rs.getString(1);
        try {
          out.add(Json.article(Json.MAPPER.readTree(rs.getString(2))));
        } catch (JsonProcessingException | RuntimeException e) {
          unreadable.add(
              "stored article '" + id + "' cannot be read and is skipped: " + e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read articles: " + e.getMessage(), e);
    }
    this.unreadable = List.copyOf(unreadable);
    return out;
  }

  /** Whether an article with this id is stored. */
  boolean contains(dev.rundbrief.core.ArticleId id) {
    try {
      return articleJson(id.value()).isPresent();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read article " + id + ": " + e.getMessage(), e);
    }
  }

  /** What the last {@link #articles()} call had to skip, one line per article. */
  List<String> unreadableArticles() {
    return unreadable;
  }

  /** Stores a new issue; its number must be the next one. */
  void saveIssue(Digest digest) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO issues (number, period_start, period_end, created, json) VALUES (?, ?, ?, ?, ?)")) {
      ps.setInt(1, digest.number());
      ps.setString(2, digest.period().start().toString());
      ps.setString(3, digest.period().end().toString());
      ps.setString(4, digest.created().toString());
      ps.setString(5, write(Json.digest(digest)));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot store issue " + digest.number() + ": " + e.getMessage(), e);
    }
  }

  /** Every issue, oldest first. */
  List<Digest> issues() {
    List<Digest> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT json FROM issues ORDER BY number")) {
      while (rs.next()) {
        out.add(Json.digest(Json.MAPPER.readTree(rs.getString(1))));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot read issues: " + e.getMessage(), e);
    }
    return out;
  }

  /** One issue by number. */
  Optional<Digest> issue(int number) {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT json FROM issues WHERE number = ?")) {
      ps.setInt(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(Json.digest(Json.MAPPER.readTree(rs.getString(1))))
            : Optional.empty();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot read issue " + number + ": " + e.getMessage(), e);
    }
  }

  /** The newest issue, when there is one. */
  Optional<Digest> latestIssue() {
    List<Digest> all = issues();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The conditional-GET state of a configured feed source, when it was fetched before. */
  Optional<String[]> sourceState(String url) {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT etag, last_modified FROM source_state WHERE url = ?")) {
      ps.setString(1, url);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new String[] {rs.getString(1), rs.getString(2)})
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read source state: " + e.getMessage(), e);
    }
  }

  /** Remembers the ETag and Last-Modified of a feed source for the next conditional GET. */
  void saveSourceState(String url, String etag, String lastModified, Instant now) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO source_state (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
                + " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at")) {
      ps.setString(1, url);
      ps.setString(2, etag);
      ps.setString(3, lastModified);
      ps.setString(4, now.toString());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store source state: " + e.getMessage(), e);
    }
  }

  private Optional<String> articleJson(String id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT json FROM articles WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
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
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the store: " + e.getMessage(), e);
    }
  }
}
