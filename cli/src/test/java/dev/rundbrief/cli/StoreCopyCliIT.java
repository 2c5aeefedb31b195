package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.core.testing.PostgresServer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.Journal;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.store.StoreLocation;
import dev.rundbrief.store.SubscriberStore;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rundbrief store copy} on a throwaway PostgreSQL server: a workspace with a half-finished
 * send is copied, pointed at PostgreSQL as the command's output says, and the packaged command's
 * {@code send} resumes there and reaches exactly the recipients not yet sent; a second copy into
 * the now non-empty database is refused; unreachable servers, bad URLs and wrong passwords are one
 * line with exit 2.
 */
class StoreCopyCliIT {
  private static final String PASSWORD_ENV = "KI_RUNDBRIEF_DB_PASSWORD";

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir static Path serverDir;
  private static PostgresServer server;
  private static int databases;

  @TempDir Path temp;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static String newDatabase() throws Exception {
    return server.createDatabase("kopie" + ++databases);
  }

  private Path passwordFile(String password) throws IOException {
    Path file = temp.resolve("db-password.txt");
    Files.writeString(file, password + "\n");
    return file;
  }

  @Test
  void aHalfFinishedSendResumesOnPostgresAfterTheCopyAndASecondCopyIsRefused() throws Exception {
    Path ws = SendWorkspace.create(temp, 4, SMTP.getSmtp().getPort());
    // Half of issue 1 was sent from the SQLite workspace when the copy is made.
    Instant now = Instant.parse(SendWorkspace.NOW);
    List<String> sentBefore = new ArrayList<>();
    try (SubscriberStore store =
        SubscriberStore.open(
            StoreLocation.sqlite(ws.resolve("rundbrief.db")), Clock.fixed(now, ZoneOffset.UTC))) {
      List<Recipient> active =
          store.list(SubscriberState.ACTIVE).stream().map(Subscriber::toRecipient).toList();
      assertThat(active).hasSize(4);
      try (Journal.Run run = store.journal().begin(Sending.issueId("1"), SendMode.NEW, 3)) {
        List<Recipient> claimed = run.claim(active);
        for (Recipient r : claimed.subList(0, 2)) {
          run.record(r.address(), DeliveryState.SENT, 1, 250, "250 2.0.0 Ok", false).join();
          sentBefore.add(r.address().value());
        }
      }
      assertThat(store.journal().unsent(Sending.issueId("1"))).isEqualTo(2);
    }
    String url = newDatabase();

    CliRunner.Result copied = copy(ws, url, server.password());

    assertThat(copied.exitCode()).as(copied.err()).isZero();
    assertThat(copied.err()).isEmpty();
    assertThat(copied.out())
        .contains("Copied " + ws.resolve("rundbrief.db") + " to " + url)
        .containsPattern("(?m)^  subscriber +4$")
        .containsPattern("(?m)^  delivery +4$")
        .containsPattern("(?m)^  issues +1$")
        .contains("    jdbc_url: \"" + url + "\"", "    user: \"" + server.user() + "\"")
        .doesNotContain(server.password());
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM articles")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(6);
    }

    // Point the workspace at PostgreSQL with the keys the output named, and remove the SQLite file.
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(
        yaml, PostgresCliIT.usePostgres(Files.readString(yaml), url, server.user(), PASSWORD_ENV));
    Files.move(ws.resolve("rundbrief.db"), temp.resolve("rundbrief.db.backup"));

    PackagedCommand.Run sent = packaged(ws, "send");

    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("Sent 2, deferred 0, failed 0, skipped 2 (already done)");
    Set<String> received = new TreeSet<>();
    for (MimeMessage m : SMTP.getReceivedMessages()) {
      received.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
    }
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 4; i++) {
      expected.add("leser" + i + "@example.org");
    }
    expected.removeAll(sentBefore);
    assertThat(received).hasSize(2);
    assertThat(received.toString()).contains(expected.toArray(String[]::new));
    assertThat(Files.exists(ws.resolve("rundbrief.db"))).as("no new SQLite file").isFalse();

    PackagedCommand.Run shown = packaged(ws, "digest", "show", "1");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    PackagedCommand.Run listed = packaged(ws, "subscribers", "list");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("leser0@example.org", "leser3@example.org");
    PackagedCommand.Run again = packaged(ws, "send");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("issue 1 was already sent");
    assertThat(SMTP.getReceivedMessages()).hasSize(2);

    // Copying again: the workspace is on PostgreSQL now; and the filled database is refused.
    PackagedCommand.Run fromPostgres = packaged(ws, "store", "copy", "--to", url);
    assertThat(fromPostgres.exitCode()).isEqualTo(2);
    assertThat(fromPostgres.err()).contains("is already a PostgreSQL database");

    Path other = temp.resolve("zweiter");
    Files.createDirectories(other);
    Path second = SendWorkspace.create(other, 1, SMTP.getSmtp().getPort());
    CliRunner.Result refused = copy(second, url, server.password());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip())
        .isEqualTo(
            "rundbrief: the target "
                + url
                + " is not empty (table articles has rows); store copy only fills an empty"
                + " database, nothing was changed");
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM subscriber")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(4);
    }
  }

  @Test
  void theJsonReportNamesEveryTableWithItsCountAndTheStoreKeys() throws Exception {
    Path ws = SendWorkspace.create(temp, 2, SMTP.getSmtp().getPort());
    String url = newDatabase();

    CliRunner.Result r = copy(ws, url, server.password(), "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(r.out());
    assertThat(report.get("target").asText()).isEqualTo(url);
    assertThat(report.get("rows").asLong()).isPositive();
    List<String> tables = new ArrayList<>();
    report.get("tables").forEach(t -> tables.add(t.get("table").asText()));
    assertThat(tables)
        .contains(
            "articles",
            "issues",
            "source_state",
            "subscriber",
            "signup_count",
            "delivery_issue",
            "delivery",
            "bounce_event");
    assertThat(report.get("store").get("jdbc_url").asText()).isEqualTo(url);
    assertThat(report.get("store").get("password_env").asText())
        .isEqualTo(StoreAccess.DEFAULT_PASSWORD_ENV);
  }

  @Test
  void aForeignEmptySubscriberTableLeavesTheTargetExactlyAsItWasWithOneLine() throws Exception {
    Path ws = SendWorkspace.create(temp, 2, SMTP.getSmtp().getPort());
    String url = newDatabase();
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE subscriber (kundennummer BIGINT PRIMARY KEY, notiz TEXT)");
    }
    List<String> before = publicColumns(url);
    assertThat(before)
        .contains("subscriber.kundennummer", "subscriber.notiz")
        .noneMatch(c -> c.startsWith("flyway"));

    Path password = passwordFile(server.password());
    ProcessBuilder pb =
        SendWorkspace.command(
            ws,
            "store",
            "copy",
            "--to",
            url,
            "--user",
            server.user(),
            "--password-file",
            password.toString());
    PackagedCommand.Run r = PackagedCommand.run(pb);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err())
        .startsWith("rundbrief: ")
        .contains(url, "table subscriber", "nothing was changed")
        .doesNotContain("SEVERE", "Flyway", "\tat ");
    assertThat(publicColumns(url)).isEqualTo(before);
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM subscriber")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  /** Every table and column in the public schema, as "table.column", sorted. */
  private static List<String> publicColumns(String url) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname, a.attname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
                    + " AND NOT a.attisdropped"
                    + " WHERE n.nspname = 'public' ORDER BY 1, 2")) {
      while (rs.next()) {
        columns.add(rs.getString(1) + (rs.getString(2) == null ? "" : "." + rs.getString(2)));
      }
    }
    return columns;
  }

  @Test
  void aWrongPasswordIsOneLineWithoutThePassword() throws Exception {
    Path ws = initWorkspace();
    String url = newDatabase();

    CliRunner.Result r = copy(ws, url, "falsches-Kennwort-7");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("rundbrief: cannot copy the store to " + url + ": ")
        .contains("password authentication failed")
        .doesNotContain("falsches-Kennwort-7", "\tat ");

    String missing = server.jdbcUrl("gibt_es_nicht");
    CliRunner.Result noDatabase = copy(ws, missing, server.password());
    assertThat(noDatabase.exitCode()).isEqualTo(2);
    assertThat(noDatabase.err().strip())
        .startsWith("rundbrief: cannot copy the store to " + missing + ": ")
        .contains("gibt_es_nicht")
        .doesNotContain("\n");
  }

  @Test
  void anUnreachableServerIsOneLineNamingTheMaskedTarget() throws Exception {
    Path ws = initWorkspace();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closed + "/rundbrief?password=geheim";

    CliRunner.Result r = CliRunner.run(ws, "store", "copy", "--to", url);

    assertThat(r.exitCode()).isEqualTo(2);
    List<String> lines = r.err().strip().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("warning: the password in --to is visible to other users of this machine");
    assertThat(lines.get(1))
        .startsWith(
            "rundbrief: cannot copy the store to jdbc:postgresql://127.0.0.1:"
                + closed
                + "/rundbrief?password=***: ");
    assertThat(r.err()).doesNotContain("geheim", "\tat ");
  }

  @Test
  void badUrlsAndPasswordOptionsAreUsageErrors() throws Exception {
    Path ws = initWorkspace();

    CliRunner.Result mysql = CliRunner.run(ws, "store", "copy", "--to", "jdbc:mysql://db/x");
    assertThat(mysql.exitCode()).isEqualTo(2);
    assertThat(mysql.err().strip())
        .isEqualTo(
            "rundbrief: --to: database URL 'jdbc:mysql://db/x' is neither jdbc:postgresql: nor"
                + " jdbc:sqlite:");

    CliRunner.Result sqlite =
        CliRunner.run(ws, "store", "copy", "--to", "jdbc:sqlite:" + temp.resolve("b.db"));
    assertThat(sqlite.exitCode()).isEqualTo(2);
    assertThat(sqlite.err()).contains("the target must be a jdbc:postgresql: URL");

    CliRunner.Result garbled =
        CliRunner.run(ws, "store", "copy", "--to", "jdbc:postgresql://[::1/x?password=geheim");
    assertThat(garbled.exitCode()).isEqualTo(2);
    assertThat(garbled.err())
        .contains("rundbrief: cannot copy the store to jdbc:postgresql://[::1/x?password=***: ")
        .doesNotContain("geheim", "\tat ");
    assertThat(garbled.err().strip().lines()).hasSize(2); // the warning and the error

    CliRunner.Result noFile =
        CliRunner.run(
            ws,
            "store",
            "copy",
            "--to",
            "jdbc:postgresql://localhost/x",
            "--password-file",
            temp.resolve("fehlt.txt").toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err().strip())
        .isEqualTo("rundbrief: --password-file: " + temp.resolve("fehlt.txt") + ": no such file");

    CliRunner.Result noUrl = CliRunner.run(ws, "store", "copy");
    assertThat(noUrl.exitCode()).isEqualTo(2);
    assertThat(noUrl.err()).contains("Missing required option: '--to=JDBC_URL'");
  }

  @Test
  void aNamedPasswordVariableMustBeSet() {
    StoreCommand.Copy copy = new StoreCommand.Copy();
    copy.to = "jdbc:postgresql://localhost/x";
    copy.passwordEnv = "KI_DB";
    assertThatThrownBy(() -> copy.target(v -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--password-env: the environment variable KI_DB is not set");
    assertThat(copy.target(v -> v.equals("KI_DB") ? "geheim" : null).description())
        .isEqualTo("jdbc:postgresql://localhost/x");
    copy.passwordEnv = null;
    assertThat(copy.target(v -> null)).isNotNull(); // the default variable may be unset
  }

  /** {@code store copy --to URL} as the server's user, the password from a file. */
  private CliRunner.Result copy(Path ws, String url, String password, String... more)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "store",
                "copy",
                "--to",
                url,
                "--user",
                server.user(),
                "--password-file",
                passwordFile(password).toString()));
    args.addAll(List.of(more));
    return CliRunner.run(ws, args.toArray(String[]::new));
  }

  private Path initWorkspace() {
    Path ws = temp.resolve("leer");
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "Leer", "--site", "https://leer.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    return ws;
  }

  private PackagedCommand.Run packaged(Path ws, String... args) throws Exception {
    ProcessBuilder pb = SendWorkspace.command(ws, args);
    pb.environment().remove(StoreAccess.DEFAULT_PASSWORD_ENV);
    pb.environment().put(PASSWORD_ENV, server.password());
    return PackagedCommand.run(pb);
  }
}
