package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command with {@code store.jdbc_url} on a throwaway PostgreSQL server, run as child
 * processes the way cron runs it, the password only in the environment: init, import, subscriber
 * import, digest build, send to the outbox.
 */
class PostgresCliIT {
  private static final String PASSWORD_ENV = "KI_RUNDBRIEF_DB_PASSWORD";

  @TempDir Path temp;
  private PostgresServer server;
  private String url;
  private Path ws;

  @BeforeEach
  void serverAndWorkspace() throws Exception {
    server = PostgresServer.start(temp);
    url = server.createDatabase("rundbrief");
    ws = temp.resolve("ki");
    PackagedCommand.Run init =
        rundbrief(
            server.password(),
            "init",
            ws.toString(),
            "--title",
            "KI-Rundbrief",
            "--site",
            "https://ki.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path file = ws.resolve("rundbrief.yaml");
    String config = SendWorkspace.withPublisher(Files.readString(file));
    config = usePostgres(config, url, server.user(), PASSWORD_ENV);
    Files.writeString(file, config);
    // init made the default SQLite file; from now on nothing may use it.
    SendWorkspace.dropSqliteFile(ws);
    SendWorkspace.copyDemoArticles(ws);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  @Test
  void importBuildAndSendKeepEverythingInPostgresAndASecondSendRefuses() throws Exception {
    List<PackagedCommand.Run> runs = new ArrayList<>();
    PackagedCommand.Run imported =
        rundbrief(
            server.password(), "-w", ws.toString(), "import", ws.resolve("articles").toString());
    runs.add(imported);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 6, updated 0, unchanged 0, rejected 0.");
    PackagedCommand.Run again =
        rundbrief(
            server.password(), "-w", ws.toString(), "import", ws.resolve("articles").toString());
    runs.add(again);
    assertThat(again.out()).contains("Imported 0, updated 0, unchanged 6, rejected 0.");

    Files.writeString(
        ws.resolve("leser.csv"),
        "email,name,confirmed_at\r\n"
            + "anna@example.org,Anna Jäger,2026-10-01T08:00:00Z\r\n"
            + "jonas@example.org,Jonas Weiß,2026-10-02T08:00:00Z\r\n"
            + "lea@example.org,Lea Brandt,2026-10-03T08:00:00Z\r\n"
            + "kaputt@,Kaputt,\r\n",
        StandardCharsets.UTF_8);
    PackagedCommand.Run subscribers =
        rundbrief(
            server.password(),
            "-w",
            ws.toString(),
            "subscribers",
            "import",
            ws.resolve("leser.csv").toString());
    runs.add(subscribers);
    assertThat(subscribers.out()).contains("Added 3, merged 0, kept unsubscribed 0, rejected 1.");
    assertThat(subscribers.err()).contains("line 5");

    PackagedCommand.Run built =
        rundbrief(
            server.password(), "-w", ws.toString(), "digest", "build", "--period", "since-last");
    runs.add(built);
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("Built issue 1");

    PackagedCommand.Run sent = rundbrief(server.password(), "-w", ws.toString(), "send");
    runs.add(sent);
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("Sent 3, deferred 0, failed 0");
    try (Stream<Path> emls = Files.walk(ws.resolve("outbox"))) {
      assertThat(emls.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(3);
    }

    PackagedCommand.Run twice = rundbrief(server.password(), "-w", ws.toString(), "send");
    runs.add(twice);
    assertThat(twice.exitCode()).isNotZero();
    assertThat(twice.err()).contains("issue 1 was already sent (finished 2026-11-26T08:00:00Z)");
    try (Stream<Path> emls = Files.walk(ws.resolve("outbox"))) {
      assertThat(emls.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(3);
    }

    Map<String, Integer> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, server.credentials())) {
      for (String query :
          List.of(
              "SELECT COUNT(*) FROM articles",
              "SELECT COUNT(*) FROM issues",
              "SELECT COUNT(*) FROM subscriber WHERE state = 'active'",
              "SELECT COUNT(*) FROM delivery WHERE state = 'sent'")) {
        rows.put(query.substring(query.indexOf("FROM ") + 5), count(c, query));
      }
    }
    assertThat(rows)
        .containsEntry("articles", 6)
        .containsEntry("issues", 1)
        .containsEntry("subscriber WHERE state = 'active'", 3)
        .containsEntry("delivery WHERE state = 'sent'", 3);
    try (Stream<Path> files = Files.list(ws)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".db"));
    }
    for (PackagedCommand.Run r : runs) {
      assertThat(r.out() + r.err()).doesNotContain(server.password());
    }
  }

  @Test
  void aWrongPasswordFailsWithTheUrlAndWithoutThePassword() throws Exception {
    PackagedCommand.Run r =
        rundbrief(
            "falsches-Kennwort-7",
            "-w",
            ws.toString(),
            "import",
            ws.resolve("articles").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains(url).doesNotContain("falsches-Kennwort-7", "\tat ");
  }

  @Test
  void aMissingPasswordVariableIsAConfigurationError() throws Exception {
    PackagedCommand.Run r = rundbrief(null, "-w", ws.toString(), "subscribers", "list");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(PASSWORD_ENV + " is not set");
  }

  /**
   * The configuration of a workspace that {@code init} made, switched to PostgreSQL: the template's
   * commented {@code store} keys set to the database, its user and the password variable.
   */
  static String usePostgres(String config, String url, String user, String passwordEnv) {
    String switched =
        config
            .replace(
                "  # jdbc_url: \"jdbc:postgresql://localhost:5432/rundbrief\"\n"
                    + "  # user: \"rundbrief\"\n",
                "  jdbc_url: \"" + url + "\"\n  user: \"" + user + "\"\n")
            .replace(
                "  # password_env: \"RUNDBRIEF_STORE_PASSWORD\"\n",
                "  password_env: \"" + passwordEnv + "\"\n");
    assertThat(switched).contains("jdbc_url: \"" + url, "password_env: \"" + passwordEnv);
    return switched;
  }

  private static int count(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Runs the packaged command; {@code password} goes into the environment (none when null). */
  private PackagedCommand.Run rundbrief(String password, String... args) throws Exception {
    ProcessBuilder pb = PackagedCommand.builder(temp, args);
    pb.environment().put("RUNDBRIEF_NOW", "2026-11-26T08:00:00Z");
    pb.environment().remove(PASSWORD_ENV);
    pb.environment().remove(StoreAccess.DEFAULT_PASSWORD_ENV);
    if (password != null) {
      pb.environment().put(PASSWORD_ENV, password);
    }
    return PackagedCommand.run(pb);
  }
}
