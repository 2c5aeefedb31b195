package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.bounce.BounceDecision;
import dev.rundbrief.mail.bounce.BounceKind;
import dev.rundbrief.mail.bounce.BounceMessage;
import dev.rundbrief.mail.bounce.VerpToken;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.Journal;
import dev.rundbrief.mail.delivery.SendMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreCopy} from a real SQLite store with rows in every table into a throwaway PostgreSQL
 * database: everything reads back equal through raw SQL and through the store's own API, ids go on
 * after the copied ones, a non-empty target is refused unchanged, and values PostgreSQL cannot hold
 * stop the copy with nothing copied.
 */
class StoreCopyIT {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final String UMLAUTS = "Grüße aus Köln – Straße, Öl, Ärger, ẞ 🚀";
  private static final BouncePolicy POLICY =
      new BouncePolicy(3, Duration.ofDays(30), true, "issue-");

  @RegisterExtension static final PostgresDatabases POSTGRES = new PostgresDatabases("copy");

  @TempDir Path dir;
  private StoreLocation sqlite;
  private StoreLocation postgres;

  @BeforeEach
  void databases() throws Exception {
    sqlite = StoreLocation.sqlite(dir.resolve("rundbrief.db"));
    postgres = POSTGRES.newDatabase();
  }

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  /**
   * A workspace store with rows in every table: articles and an issue with German text, feed state,
   * active, pending (with a live confirmation link and sign-up count), unsubscribed and bounced
   * subscribers, one finished and one half-finished send, and bounce records.
   */
  private void fill(StoreLocation location) {
    try (ArticleStore articles = ArticleStore.open(location)) {
      articles.putArticle(
          "gruesse", Optional.of(T0), "articles/grüße.md", "{\"title\":\"" + UMLAUTS + "\"}", T0);
      articles.putArticle("ohne-datum", Optional.empty(), "feed", "{\"title\":\"Ohne\"}", T0);
      articles.addIssue(
          1, T0.minus(Duration.ofDays(7)), T0, T0, "{\"title\":\"Ausgabe 1 – Übersicht\"}");
      articles.saveSourceState("https://blog.example.org/feed.xml", "\"etag-ä\"", "", T0);
    }
    try (SubscriberStore store = SubscriberStore.open(location, at(T0))) {
      List<Recipient> recipients = new ArrayList<>();
      for (String name : List.of("Jürgen Weiß", "Anna Jäger", "Lea Brandt", "Ömer Çelik")) {
        String local = name.substring(0, name.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
        Subscriber s =
            store.subscribe(
                EmailAddress.parse(local.replaceAll("[^a-z]", "x") + "@example.org"),
                name,
                Consent.of(T0, "web", "v2").withIp("192.0.2.7"));
        recipients.add(store.confirm(s.address()).orElseThrow().toRecipient());
      }
      SignUp pending =
          store.signUp(
              EmailAddress.parse("neu@example.org"),
              "Neue Leserin",
              Consent.of(T0, "web", "v2").withIp("2001:db8::1"),
              Duration.ofHours(72),
              3,
              Duration.ofHours(24));
      assertThat(pending.outcome()).isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
      store.unsubscribe(recipients.get(3).address());

      // Issue 1 fully sent; issue 2 half-finished: one sent, one deferred, one still queued.
      try (Journal.Run run = store.journal().begin("issue-1", SendMode.NEW, 3)) {
        for (Recipient r : run.claim(recipients.subList(0, 3))) {
          run.record(r.address(), DeliveryState.SENT, 1, 250, "250 2.0.0 Ok: queued", false).join();
        }
      }
      try (Journal.Run run = store.journal().begin("issue-2", SendMode.NEW, 3)) {
        List<Recipient> claimed = run.claim(recipients.subList(0, 3));
        run.record(claimed.get(0).address(), DeliveryState.SENT, 1, 250, "250 Ok", false).join();
        run.record(
                claimed.get(1).address(),
                DeliveryState.DEFERRED,
                2,
                451,
                "451 4.7.1 Später – bitte",
                false)
            .join();
      }
      Subscriber lea = store.find(recipients.get(2).address()).orElseThrow();
      BounceOutcome bounced =
          store
              .bounceLog()
              .process(
                  new BounceMessage(
                      "mbox#1",
                      "Subject: Unzustellbar\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                  new BounceDecision(
                      BounceKind.HARD,
                      lea.address().value(),
                      "5.1.1",
                      "550 Benutzer unbekannt",
                      "Postfach gibt es nicht – ungültig",
                      false,
                      new VerpToken(VerpToken.State.VALID, lea.id(), 1)),
                  POLICY,
                  false);
      assertThat(bounced.action()).isEqualTo(BounceAction.BOUNCED);
    }
    // The shared-send tables (workers and the shared rate), which only send --worker fills.
    long t0 = T0.toEpochMilli();
    try (Connection c = sqliteConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO send_worker (worker_id, issue_id, host, pid, started_at, heartbeat_at,"
              + " lease_ms, sent, ended_at) VALUES ('host:4711:1', 'issue-2', 'host', 4711, "
              + t0
              + ", "
              + t0
              + ", 60000, 1, "
              + t0
              + ")");
      s.execute(
          "INSERT INTO send_rate (name, second_tat, hour_tat) VALUES ('smtp', "
              + t0
              + ", "
              + t0
              + ")");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Every row of every store table, as comparable values, sorted; for equality across dialects. */
  private static Map<String, List<String>> contents(Connection c, Set<String> tables)
      throws SQLException {
    Map<String, List<String>> all = new TreeMap<>();
    for (String table : tables) {
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, String> row = new TreeMap<>();
        while (rs.next()) {
          row.clear();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            String value =
                v == null
                    ? "NULL"
                    : v instanceof Number n ? "n:" + n.longValue() : "t:" + v.toString();
            row.put(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT), value);
          }
          rows.add(row.toString());
        }
      }
      rows.sort(Comparator.naturalOrder());
      all.put(table, rows);
    }
    return all;
  }

  /** The tables a freshly migrated SQLite store has (all of the schema, from the migrations). */
  private Set<String> tablesAfterMigration() throws Exception {
    StoreLocation fresh = StoreLocation.sqlite(dir.resolve("frisch.db"));
    SubscriberStore.open(fresh, at(T0)).close();
    Set<String> names = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("frisch.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private Connection sqliteConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rundbrief.db"));
  }

  /** Changes the SQLite file behind the store's back, as another program could. */
  private void updateSqlite(String... updates) throws SQLException {
    try (Connection c = sqliteConnection();
        Statement s = c.createStatement()) {
      for (String update : updates) {
        s.executeUpdate(update);
      }
    }
  }

  @Test
  void everyTableIsCopiedAndReadsBackEqualOnPostgres() throws Exception {
    fill(sqlite);
    Set<String> tables = tablesAfterMigration();
    assertThat(tables).contains("articles", "subscriber", "delivery", "bounce_event");
    Map<String, List<String>> before;
    try (Connection c = sqliteConnection()) {
      before = contents(c, tables);
    }
    // The fixture must cover every table: a new table without rows here fails this test.
    before.forEach((table, rows) -> assertThat(rows).as("rows in " + table).isNotEmpty());

    StoreCopy.Report report = StoreCopy.copy(sqlite, postgres);

    assertThat(report.tables())
        .extracting(StoreCopy.Table::table)
        .containsExactlyElementsOf(tables);
    for (StoreCopy.Table t : report.tables()) {
      assertThat(t.rows()).as(t.table()).isEqualTo(before.get(t.table()).size());
      assertThat(t.checksum()).matches("[0-9a-f]{16}");
    }
    assertThat(report.target()).isEqualTo(postgres.description());
    try (Connection c = POSTGRES.connect()) {
      assertThat(contents(c, tables)).isEqualTo(before);
    }
    try (Connection c = sqliteConnection()) {
      assertThat(contents(c, tables)).as("the source is unchanged").isEqualTo(before);
    }
  }

  @Test
  void theStoreWorksOnPostgresAfterTheCopyAndNewIdsFollowTheCopiedOnes() throws Exception {
    fill(sqlite);
    long maxId;
    Map<DeliveryState, Integer> counts;
    int unsent;
    List<BounceRecord> history;
    try (SubscriberStore store = SubscriberStore.open(sqlite, at(T0))) {
      maxId = store.list(null).stream().mapToLong(Subscriber::id).max().orElseThrow();
      counts = store.journal().counts("issue-2");
      unsent = store.journal().unsent("issue-2");
      history = store.bounceLog().history(EmailAddress.parse("lea@example.org"));
    }
    assertThat(counts.get(DeliveryState.SENT)).isEqualTo(1);
    assertThat(unsent).isPositive();
    assertThat(history).hasSize(1);

    StoreCopy.copy(sqlite, postgres);

    Instant later = T0.plus(Duration.ofHours(1));
    try (SubscriberStore store = SubscriberStore.open(postgres, at(later))) {
      assertThat(store.journal().counts("issue-2")).isEqualTo(counts);
      assertThat(store.journal().unsent("issue-2")).isEqualTo(unsent);
      assertThat(store.journal().finishedAt("issue-1")).contains(T0);
      assertThat(store.journal().finishedAt("issue-2")).isEmpty();
      assertThat(store.bounceLog().history(EmailAddress.parse("lea@example.org")))
          .isEqualTo(history);
      assertThat(store.find(EmailAddress.parse("jxrgen@example.org")).orElseThrow().name())
          .isEqualTo("Jürgen Weiß");
      assertThat(store.countByState())
          .containsEntry(SubscriberState.ACTIVE, 2)
          .containsEntry(SubscriberState.PENDING, 1)
          .containsEntry(SubscriberState.UNSUBSCRIBED, 1)
          .containsEntry(SubscriberState.BOUNCED, 1);
      Subscriber added =
          store.subscribe(
              EmailAddress.parse("danach@example.org"), "Danach", Consent.of(later, "web", "v2"));
      assertThat(added.id()).isGreaterThan(maxId);

      // The half-finished send resumes on PostgreSQL with the two recipients not yet sent.
      List<Recipient> active =
          store.list(SubscriberState.ACTIVE).stream().map(Subscriber::toRecipient).toList();
      try (Journal.Run run = store.journal().begin("issue-2", SendMode.RESUME, 3)) {
        List<Recipient> claimed = run.claim(active);
        assertThat(claimed).extracting(r -> r.address().value()).hasSize(1);
      }
    }
    try (ArticleStore articles = ArticleStore.open(postgres)) {
      assertThat(articles.articleJson("gruesse")).contains("{\"title\":\"" + UMLAUTS + "\"}");
      assertThat(articles.origin("gruesse")).contains("articles/grüße.md");
      assertThat(articles.issueJson(1)).contains("{\"title\":\"Ausgabe 1 – Übersicht\"}");
      assertThat(articles.sourceState("https://blog.example.org/feed.xml"))
          .contains(new ArticleStore.SourceState("\"etag-ä\"", ""));
    }
  }

  @Test
  void aTargetWithAnyRowIsRefusedAndLeftUnchanged() throws Exception {
    fill(sqlite);
    try (SubscriberStore store = SubscriberStore.open(postgres, at(T0))) {
      store.subscribe(
          EmailAddress.parse("schon@example.org"), "Schon da", Consent.of(T0, "x", "1"));
    }
    Map<String, List<String>> before;
    Set<String> tables = tablesAfterMigration();
    try (Connection c = POSTGRES.connect()) {
      before = contents(c, tables);
    }

    assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
        .isInstanceOf(RundbriefException.class)
        .hasMessage(
            "the target "
                + postgres.description()
                + " is not empty (table subscriber has rows); store copy only fills an empty"
                + " database, nothing was changed");

    try (Connection c = POSTGRES.connect()) {
      assertThat(contents(c, tables)).isEqualTo(before);
    }
  }

  @Test
  void aValuePostgresCannotHoldStopsTheCopyWithNothingCopied() throws Exception {
    fill(sqlite);
    updateSqlite("UPDATE subscriber SET name = 'Nul' || char(0) || 'Byte' WHERE id = 2");

    assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
        .isInstanceOf(RundbriefException.class)
        .hasMessageContaining("subscriber.name")
        .hasMessageContaining("NUL character")
        .hasMessageNotContaining("\n");

    try (Connection c = POSTGRES.connect()) {
      for (List<String> rows : contents(c, tablesAfterMigration()).values()) {
        assertThat(rows).isEmpty();
      }
    }
    // With the value repaired, the same (migrated, empty) target takes the copy.
    updateSqlite("UPDATE subscriber SET name = 'Nul Byte' WHERE id = 2");
    assertThat(StoreCopy.copy(sqlite, postgres).rows()).isPositive();
  }

  @Test
  void aTooLongTextOrTextInAnIntegerColumnIsNamedNotTruncated() throws Exception {
    fill(sqlite);
    updateSqlite("UPDATE delivery SET reply_code = 'fünf' WHERE issue_id = 'issue-1'");
    assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
        .hasMessageContaining("delivery.reply_code")
        .hasMessageContaining("'fünf', which is not an integer");

    updateSqlite(
        "UPDATE delivery SET reply_code = 250 WHERE issue_id = 'issue-1'",
        "UPDATE subscriber SET ip = '" + "9".repeat(65) + "' WHERE id = 1");
    assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
        .hasMessageContaining("subscriber.ip")
        .hasMessageContaining("65 characters long; the column holds at most 64");
  }

  @Test
  void theSourceMustBeAnExistingSqliteFileAndTheTargetPostgres() {
    assertThatThrownBy(() -> StoreCopy.copy(sqlite, postgres))
        .hasMessage("there is no store to copy: " + sqlite.description() + " does not exist");
    assertThatThrownBy(() -> StoreCopy.copy(postgres, postgres))
        .hasMessageContaining("is already a PostgreSQL database");
    fill(sqlite);
    assertThatThrownBy(() -> StoreCopy.copy(sqlite, StoreLocation.sqlite(dir.resolve("andere.db"))))
        .hasMessageContaining("the target must be a jdbc:postgresql: URL");
  }

  @Test
  void aWrongPasswordIsOneLineWithTheMaskedUrl() {
    fill(sqlite);
    StoreLocation wrong =
        StoreLocation.jdbc(POSTGRES.url() + "?password=geheim", POSTGRES.user(), "falsch");
    assertThatThrownBy(() -> StoreCopy.copy(sqlite, wrong))
        .isInstanceOf(RundbriefException.class)
        .hasMessageStartingWith("cannot copy the store to " + POSTGRES.url() + "?password=***: ")
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining("geheim")
        .hasMessageNotContaining("falsch")
        .hasMessageNotContaining("\n");
  }
}
