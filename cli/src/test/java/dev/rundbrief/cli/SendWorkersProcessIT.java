package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rundbrief.core.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rundbrief send --worker}: several packaged commands as child processes share one send
 * through a throwaway PostgreSQL server and send over a socket to a recording SMTP server; one is
 * killed with SIGKILL in the middle. Skipped where PostgreSQL is not installed (and failing then
 * under {@code RUNDBRIEF_REQUIRE_TOOLS=1}, as {@link PostgresServer} decides).
 */
class SendWorkersProcessIT {
  private static final String PASSWORD_ENV = "KI_RUNDBRIEF_DB_PASSWORD";
  private static final int POOL = 2;

  @TempDir Path temp;
  private PostgresServer server;
  private RejectingSmtpServer smtp;
  private String url;
  private Path ws;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void serverAndSmtp() throws Exception {
    server = PostgresServer.start(temp);
    url = server.createDatabase("rundbrief");
    smtp = new RejectingSmtpServer();
  }

  @AfterEach
  void stop() throws Exception {
    processes.forEach(Process::destroyForcibly);
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
    smtp.close();
    server.close();
  }

  /** A PostgreSQL workspace with issue 1 and {@code n} active subscribers leser0..leser(n-1). */
  private void workspace(int n, String smtpExtra) throws Exception {
    ws = temp.resolve("ki");
    PackagedCommand.Run init =
        run("init", ws.toString(), "--title", "KI-Rundbrief", "--site", "https://ki.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path file = ws.resolve("rundbrief.yaml");
    String smtpConfig =
        SendWorkspace.withLoopbackSmtp(
                SendWorkspace.withPublisher(Files.readString(file)), smtp.port())
            .replace(
                "    port: " + smtp.port() + "\n",
                "    port: " + smtp.port() + "\n    pool_size: " + POOL + "\n" + smtpExtra);
    String config = PostgresCliIT.usePostgres(smtpConfig, url, server.user(), PASSWORD_ENV);
    assertThat(config).contains("port: " + smtp.port());
    Files.writeString(file, config);
    // init made the default SQLite file; from now on nothing may use it.
    SendWorkspace.dropSqliteFile(ws);
    SendWorkspace.copyDemoArticles(ws);
    assertThat(run("-w", ws.toString(), "import", ws.resolve("articles").toString()).exitCode())
        .isZero();
    PackagedCommand.Run built =
        run("-w", ws.toString(), "digest", "build", "--period", "since-last");
    assertThat(built.exitCode()).as(built.err()).isZero();
    StringBuilder csv = new StringBuilder("email,name,confirmed_at\n");
    for (int i = 0; i < n; i++) {
      csv.append("leser").append(i).append("@example.org,Leser ").append(i);
      csv.append(",2026-11-01T08:00:00Z\n");
    }
    Path list = temp.resolve("subscribers.csv");
    Files.writeString(list, csv, StandardCharsets.UTF_8);
    PackagedCommand.Run imported =
        run("-w", ws.toString(), "subscribers", "import", list.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
  }

  private ProcessBuilder command(String... args) {
    ProcessBuilder pb = PackagedCommand.builder(temp, args);
    pb.environment().put(PASSWORD_ENV, server.password());
    pb.environment().put("RUNDBRIEF_NOW", SendWorkspace.NOW);
    return pb;
  }

  private PackagedCommand.Run run(String... args) throws Exception {
    return PackagedCommand.run(command(args));
  }

  private Process worker(String name, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-w", ws.toString(), "send", "--worker"));
    args.addAll(List.of(extra));
    Process p =
        command(args.toArray(String[]::new))
            .redirectOutput(temp.resolve(name + ".out").toFile())
            .redirectError(temp.resolve(name + ".err").toFile())
            .start();
    p.getOutputStream().close();
    processes.add(p);
    return p;
  }

  private String log(String name) throws Exception {
    return Files.readString(temp.resolve(name + ".out"), StandardCharsets.UTF_8)
        + Files.readString(temp.resolve(name + ".err"), StandardCharsets.UTF_8);
  }

  private Map<String, String> journal() throws Exception {
    Map<String, String> states = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, server.credentials());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT address, state FROM delivery WHERE issue_id = 'issue-1'")) {
      while (rs.next()) {
        states.put(rs.getString(1), rs.getString(2));
      }
    }
    return states;
  }

  @Test
  void threeWorkersOneKilledMidSendAndOneStartedLaterReachEveryoneWithinTheDuplicateBound()
      throws Exception {
    int n = 1500;
    // A per-second limit keeps the send long enough to kill a worker in the middle of it.
    workspace(n, "    rate_per_second: 150\n");
    String[] opts = {"--batch", "25", "--lease", "4"};
    Process a = worker("a", opts);
    Process b = worker("b", opts);
    Process c = worker("c", opts);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (smtp.accepted().size() < n / 4 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(a.isAlive()).as("worker a is still sending: " + log("a")).isTrue();
    int beforeKill = smtp.accepted().size();
    a.destroyForcibly(); // SIGKILL
    assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(beforeKill).isLessThan(n);
    Process d = worker("d", opts);

    for (Process p : List.of(b, c, d)) {
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("a worker ends").isTrue();
    }
    assertThat(b.exitValue()).as(log("b")).isZero();
    assertThat(c.exitValue()).as(log("c")).isZero();
    assertThat(d.exitValue()).as(log("d")).isZero();

    Map<String, Integer> received = new HashMap<>();
    for (String r : smtp.accepted()) {
      received.merge(r, 1, Integer::sum);
    }
    Set<String> everyone = new HashSet<>();
    for (int i = 0; i < n; i++) {
      everyone.add("leser" + i + "@example.org");
    }
    assertThat(received.keySet()).as("every recipient received the issue").isEqualTo(everyone);
    int duplicates = received.values().stream().mapToInt(k -> k - 1).sum();
    // One kill: at most two messages per connection of the killed worker were accepted but not
    // recorded.
    assertThat(duplicates).isLessThanOrEqualTo(2 * POOL);

    Map<String, String> journal = journal();
    assertThat(journal).hasSize(n);
    assertThat(journal.values()).containsOnly("sent");
    assertThat(journal.keySet()).isEqualTo(received.keySet());

    PackagedCommand.Run status = run("-w", ws.toString(), "send", "--status", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode json = Json.MAPPER.readTree(status.out());
    assertThat(json.get("sent").asInt()).isEqualTo(n);
    assertThat(json.get("pending").asInt()).isZero();
    assertThat(json.get("finished_at").isNull()).isFalse();
    assertThat(json.get("active_workers").asInt()).isZero();
    assertThat(json.get("workers")).hasSize(4);
    int ended = 0;
    for (JsonNode w : json.get("workers")) {
      assertThat(w.get("id").asText()).matches(".+:\\d+:\\d{4}-.+Z");
      if (!w.get("ended_at").isNull()) {
        ended++;
      }
    }
    assertThat(ended).as("the killed worker never ended normally").isEqualTo(3);

    PackagedCommand.Run late =
        PackagedCommand.run(command("-w", ws.toString(), "send", "--worker"));
    assertThat(late.exitCode()).as(late.err()).isZero();
    assertThat(late.out() + late.err()).contains("Sent 0");
    assertThat(smtp.accepted()).hasSize(n + duplicates);
  }

  @Test
  void twoWorkersKeepTheSharedPerSecondLimit() throws Exception {
    int n = 240;
    int perSecond = 20;
    workspace(n, "    rate_per_second: " + perSecond + "\n");
    Process a = worker("a");
    Process b = worker("b");
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(log("a")).isZero();
    assertThat(b.exitValue()).as(log("b")).isZero();
    assertThat(smtp.accepted()).hasSize(n);
    assertThat(log("a") + log("b")).contains("Sent ");
    // Both took part.
    assertThat(log("a")).doesNotContain("Sent 0,");
    assertThat(log("b")).doesNotContain("Sent 0,");

    // The limiter lets a burst of one second's worth (perSecond) go at once, then perSecond a
    // second over both workers. At the server a message arrives after its slot, never before; a
    // late one can fall into a later window, which the slack of one more second's worth allows.
    // Per-process limits (40 a second here) would put about 200 messages in a 5 s window.
    List<Long> at = smtp.acceptedAt();
    long window = TimeUnit.SECONDS.toNanos(5);
    int max = 0;
    int from = 0;
    for (int to = 0; to < at.size(); to++) {
      while (at.get(to) - at.get(from) >= window) {
        from++;
      }
      max = Math.max(max, to - from + 1);
    }
    assertThat(max)
        .as("messages in a 5 s window")
        .isLessThanOrEqualTo(perSecond * 5 + 2 * perSecond);
    // Overall: after the burst, n - perSecond messages at perSecond a second; the first message
    // may arrive up to a second after its slot (connecting), which the second perSecond allows.
    double seconds = (at.get(at.size() - 1) - at.get(0)) / 1e9;
    assertThat(seconds).isGreaterThanOrEqualTo((n - 2.0 * perSecond) / perSecond);
  }

  @Test
  void statusShowsCountsAndActiveWorkersInTextAndJsonWhileASendRuns() throws Exception {
    // 100 s at this rate: the worker still sends while three commands start on a busy machine.
    int n = 1000;
    workspace(n, "    rate_per_second: 10\n");
    PackagedCommand.Run before = run("-w", ws.toString(), "send", "--status");
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(before.out()).contains("Issue 1", "not started", "sent 0, pending 0");

    Process a = worker("a", "--lease", "5");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (smtp.accepted().size() < 20 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    PackagedCommand.Run text = run("-w", ws.toString(), "send", "--status");
    PackagedCommand.Run json = run("-w", ws.toString(), "send", "--status", "--json");
    PackagedCommand.Run plain = run("-w", ws.toString(), "send");
    assertThat(a.isAlive()).as("the worker still sends: " + log("a")).isTrue();
    assertThat(plain.exitCode()).isEqualTo(2);
    assertThat(plain.err()).contains("issue 1 is being sent by 1 worker");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("Issue 1", "not finished, sent by workers", "workers: 1 active of 1", "active");
    JsonNode node = Json.MAPPER.readTree(json.out());
    assertThat(node.get("shared").asBoolean()).isTrue();
    assertThat(node.get("active_workers").asInt()).isEqualTo(1);
    int sent = node.get("sent").asInt();
    int pending = node.get("pending").asInt();
    assertThat(sent).isPositive();
    assertThat(pending).isPositive();
    assertThat(sent + pending + node.get("failed").asInt()).isEqualTo(n);
    JsonNode w = node.get("workers").get(0);
    assertThat(w.get("pid").asLong()).isEqualTo(a.pid());
    assertThat(w.get("active").asBoolean()).isTrue();
    assertThat(w.get("ended_at").isNull()).isTrue();

    // The worker dies: once its lease (5 s) is over, the status shows it gone, nobody active.
    a.destroyForcibly();
    assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(6_000);
    PackagedCommand.Run after = run("-w", ws.toString(), "send", "--status");
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(after.out()).contains("not finished", "workers: 0 active of 1", "  gone  ");
    assertThat(after.out()).contains("of them held by workers 0;");
  }

  @Test
  void aWorkerOnASqliteWorkspaceIsRefusedWithOneLine() throws Exception {
    Path sqlite = SendWorkspace.create(temp.resolve("sqlite"), 3, smtp.port());
    PackagedCommand.Run r = PackagedCommand.run(SendWorkspace.command(sqlite, "send", "--worker"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("rundbrief: send --worker: several workers need a PostgreSQL store")
        .doesNotContain("\n", "\tat ");
    assertThat(smtp.accepted()).isEmpty();
  }
}
