package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.RundbriefException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's article tables in the store's database: imported articles, built issues, and the
 * conditional-GET state of feed sources.
 *
 * <p>Articles and issues are kept as documents (the caller's JSON text) with the few columns the
 * store sorts and looks up by; the document format is the caller's. Every method commits before it
 * returns. Not safe for use by several threads at once (one command uses one).
 */
public final class ArticleStore implements AutoCloseable {
  private final Database database;
  private final Connection connection;

  /** One stored article: its id and its document. */
  public record StoredArticle(String id, String json) {
    /** Checks that both parts are there. */
    public StoredArticle {
      requireNonNull(id, "id");
      requireNonNull(json, "json");
    }
  }

  /**
   * What a feed source answered last time, for the next conditional GET; an empty string where it
   * sent no such header.
   */
  public record SourceState(String etag, String lastModified) {
    /** Turns missing values into empty strings. */
    public SourceState {
      etag = etag == null ? "" : etag;
      lastModified = lastModified == null ? "" : lastModified;
    }
  }

  private ArticleStore(Database database, Connection connection) {
    this.database = database;
    this.connection = connection;
  }

  /**
   * Opens the database (creating a SQLite file on first use) and migrates its schema.
   *
   * @throws RundbriefException if it cannot be opened or has a newer schema
   */
  public static ArticleStore open(StoreLocation location) {
    requireNonNull(location, "location");
    try {
      Database db = Database.open(location);
      return new ArticleStore(db, db.connect());
    } catch (SQLException e) {
      throw new RundbriefException(
          "cannot open the store " + location.description() + ": " + e.getMessage(), e);
    }
  }

  /** The document of the stored article with this id, when there is one. */
  public Optional<String> articleJson(String id) {
    requireNonNull(id, "id");
    return one("SELECT json FROM articles WHERE id = ?", id, "read article " + id);
  }

  /** Where the stored article with this id was imported from, when there is one. */
  public Optional<String> origin(String id) {
    requireNonNull(id, "id");
    return one("SELECT origin FROM articles WHERE id = ?", id, "read article " + id);
  }

  /**
   * Inserts an article, or replaces the document, date and origin of the one with the same id (its
   * first import time stays).
   *
   * @param sortDate the article's date for ordering, empty when it has none
   */
  public void putArticle(
      String id, Optional<Instant> sortDate, String origin, String json, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(sortDate, "sortDate");
    requireNonNull(origin, "origin");
    requireNonNull(json, "json");
    requireNonNull(now, "now");
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO articles (id, sort_date, imported_at, origin, json) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET sort_date = excluded.sort_date,"
                + " origin = excluded.origin, json = excluded.json")) {
      ps.setString(1, id);
      ps.setString(2, sortDate.map(Instant::toString).orElse(null));
      ps.setString(3, now.toString());
      ps.setString(4, origin);
      ps.setString(5, json);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("store article " + id, e);
    }
  }

  /** Every stored article, newest first (undated ones last), then by id. */
  public List<StoredArticle> articles() {
    List<StoredArticle> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, json FROM articles ORDER BY sort_date IS NULL, sort_date DESC, id")) {
      while (rs.next()) {
        out.add(new StoredArticle(rs.getString(1), rs.getString(2)));
      }
    } catch (SQLException e) {
      throw failure("read articles", e);
    }
    return out;
  }

  /**
   * Stores a new issue.
   *
   * @throws RundbriefException if an issue with this number is stored already, or writing fails
   */
  public void addIssue(
      int number, Instant periodStart, Instant periodEnd, Instant created, String json) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO issues (number, period_start, period_end, created, json)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setInt(1, number);
      ps.setString(2, periodStart.toString());
      ps.setString(3, periodEnd.toString());
      ps.setString(4, created.toString());
      ps.setString(5, requireNonNull(json, "json"));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("store issue " + number, e);
    }
  }

  /** The documents of every issue, oldest (lowest number) first. */
  public List<String> issueJsons() {
    List<String> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT json FROM issues ORDER BY number")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw failure("read issues", e);
    }
    return out;
  }

  /** The document of one issue by number. */
  public Optional<String> issueJson(int number) {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT json FROM issues WHERE number = ?")) {
      ps.setInt(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read issue " + number, e);
    }
  }

  /** What a feed source answered when it was fetched last, when it was fetched before. */
  public Optional<SourceState> sourceState(String url) {
    requireNonNull(url, "url");
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT etag, last_modified FROM source_state WHERE url = ?")) {
      ps.setString(1, url);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new SourceState(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read source state", e);
    }
  }

  /**
   * Remembers the ETag and Last-Modified of a feed source for the next conditional GET.
   *
   * @param etag the ETag, null or empty when the source sent none
   * @param lastModified the Last-Modified value, null or empty when the source sent none
   */
  public void saveSourceState(String url, String etag, String lastModified, Instant now) {
    requireNonNull(url, "url");
    requireNonNull(now, "now");
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
      throw failure("store source state", e);
    }
  }

  private Optional<String> one(String sql, String key, String what) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private RundbriefException failure(String what, SQLException e) {
    return new RundbriefException(
        "store '" + database.displayUrl() + "': could not " + what + ": " + e.getMessage(), e);
  }

  /** Closes the connection. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close the store", e);
    }
  }
}
