package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code rundbrief send} and {@code run} as child processes against a real SMTP server
 * (GreenMail) over a socket: the server dies mid-send, the process is killed with SIGKILL in its
 * first moments, a run lock is left by a killed run or held by a stuck one.
 */
class SendFaultsProcessIT {
  @TempDir Path temp;

  private final List<GreenMail> servers = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    servers.forEach(GreenMail::stop);
  }

  private GreenMail smtp() {
    GreenMail g = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    g.start();
    servers.add(g);
    return g;
  }

  private Process start(ProcessBuilder pb, String name) throws Exception {
    Process p =
        pb.redirectOutput(temp.resolve(name + ".out").toFile())
            .redirectError(temp.resolve(name + ".err").toFile())
            .start();
    p.getOutputStream().close();
    processes.add(p);
    return p;
  }

  private String out(String name) throws Exception {
    return Files.readString(temp.resolve(name + ".out"), StandardCharsets.UTF_8);
  }

  private String err(String name) throws Exception {
    return Files.readString(temp.resolve(name + ".err"), StandardCharsets.UTF_8);
  }

  /** Messages per recipient address, over all the given servers. */
  private static Map<String, Integer> received(GreenMail... servers) throws MessagingException {
    Map<String, Integer> counts = new HashMap<>();
    for (GreenMail g : servers) {
      for (MimeMessage m : g.getReceivedMessages()) {
        counts.merge(m.getRecipients(Message.RecipientType.TO)[0].toString(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void aSendWhoseServerStopsEndsWithinAMinuteWithExitOneAndTheNextSendReachesEveryoneElse()
      throws Exception {
    int n = 3000;
    GreenMail first = smtp();
    Path ws = SendWorkspace.create(temp, n, first.getSmtp().getPort());

    Process send = start(SendWorkspace.command(ws, "send"), "first");
    assertThat(first.waitForIncomingEmail(120_000, 1)).as("the first message arrives").isTrue();
    Thread.sleep(1000);
    // The SMTP service stops and closes its connections; the messages it took stay readable.
    first.getSmtp().stopService();
    boolean ended = send.waitFor(60, TimeUnit.SECONDS);

    assertThat(ended).as("the send ends within 60 s after the server stopped").isTrue();
    assertThat(send.exitValue()).as(err("first")).isEqualTo(ExitCode.PARTIAL);
    assertThat(err("first"))
        .contains("rundbrief: issue 'issue-1' stopped after")
        .contains("could not be reached")
        .contains("resume the send")
        .doesNotContain("\tat ");
    Map<String, Integer> before = received(first);
    assertThat(before.size()).as("the server stopped part-way").isBetween(1, n - 1);
    assertThat(out("first")).contains("Sent ");
    PackagedCommand.Run dry = PackagedCommand.run(SendWorkspace.command(ws, "send", "--dry-run"));
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("interrupted after", "a resume would send to");
    PackagedCommand.Run dryJson =
        PackagedCommand.run(SendWorkspace.command(ws, "send", "--dry-run", "--json"));
    int wouldSend = Json.MAPPER.readTree(dryJson.out()).path("would_send").asInt();
    // Everyone the server did not take; plus those it took as its connections were cut, before
    // the sender read the 250 (at most one per connection).
    assertThat(wouldSend).isBetween(n - before.size(), n - before.size() + 4);

    GreenMail second = smtp();
    SendWorkspace.smtpPort(ws, second.getSmtp().getPort());
    Process resume = start(SendWorkspace.command(ws, "send"), "second");
    assertThat(resume.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(resume.exitValue()).as(err("second")).isZero();
    assertThat(out("second")).contains("Resuming issue 1");
    Map<String, Integer> all = received(first, second);
    assertThat(all).hasSize(n);
    int duplicates = all.values().stream().mapToInt(c -> c - 1).sum();
    // A message the server took as its connection was cut, before the client read the 250: at most
    // one per pool connection (4).
    assertThat(duplicates).isLessThanOrEqualTo(4);
  }

  @Test
  void killedWithSigkillInItsFirstMomentsOverAndOverOneSendThenReachesEveryone() throws Exception {
    int n = 2000;
    GreenMail server = smtp();
    Path ws = SendWorkspace.create(temp, n, server.getSmtp().getPort());
    int kills = 0;
    // As the issue measured it: 0.05 to 0.8 s after the start of the process.
    for (long delay : new long[] {50, 200, 350, 500, 650, 800}) {
      Process p = start(SendWorkspace.command(ws, "send"), "early-" + delay);
      Thread.sleep(delay);
      kills += kill(p);
    }
    // And at the first write of the send to the journal (the issue started, or the first
    // recipients claimed), watched through the database.
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("rundbrief.db"));
        Statement s = db.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      for (int i = 0; i < 4; i++) {
        long before = journalState(s);
        Process p = start(SendWorkspace.command(ws, "send"), "started-" + i);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && journalState(s) == before) {
          Thread.sleep(1);
        }
        kills += kill(p);
      }
    }
    assertThat(kills).isGreaterThanOrEqualTo(8);

    Process last = start(SendWorkspace.command(ws, "send"), "last");
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(last.exitValue()).as(err("last")).isZero();
    Map<String, Integer> all = received(server);
    assertThat(all).hasSize(n);
    int duplicates = all.values().stream().mapToInt(c -> c - 1).sum();
    assertThat(duplicates).isLessThanOrEqualTo(kills * 2 * 4);
    PackagedCommand.Run again = PackagedCommand.run(SendWorkspace.command(ws, "send"));
    assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(again.err()).contains("issue 1 was already sent");
  }

  /** Changes when a send starts the issue or claims recipients. */
  private static long journalState(Statement s) throws Exception {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT (SELECT COALESCE(MAX(started_at), 0) FROM delivery_issue)"
                + " + (SELECT COUNT(*) FROM delivery)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int kill(Process p) throws InterruptedException {
    boolean alive = p.isAlive();
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return alive ? 1 : 0;
  }

  @Test
  void aRunLockHeldByAStuckRunIsReportedAndOneLeftByAKilledRunIsTakenOver() throws Exception {
    GreenMail server = smtp();
    try (ServerSocket silent = new ServerSocket(0)) {
      // A server that accepts connections and never says a word: the first run waits in it.
      Thread acceptor =
          new Thread(
              () -> {
                List<Socket> held = new ArrayList<>();
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException e) {
                  held.forEach(SendFaultsProcessIT::closeQuietly);
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Path ws = SendWorkspace.create(temp, 20, silent.getLocalPort());

      Process stuck = start(SendWorkspace.command(ws, "run"), "stuck");
      Path lock = ws.resolve(".rundbrief/run.lock");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline
          && !(Files.exists(lock) && Files.readString(lock).contains("pid=" + stuck.pid()))) {
        Thread.sleep(20);
      }
      assertThat(stuck.isAlive()).isTrue();

      PackagedCommand.Run soon = PackagedCommand.run(SendWorkspace.command(ws, "run"));
      assertThat(soon.exitCode()).isZero();
      assertThat(soon.out()).contains("Another 'rundbrief run' (process " + stuck.pid());

      ProcessBuilder sevenHoursLater = SendWorkspace.command(ws, "run");
      sevenHoursLater.environment().put("RUNDBRIEF_NOW", "2026-11-26T15:00:00Z");
      PackagedCommand.Run late = PackagedCommand.run(sevenHoursLater);
      assertThat(late.exitCode()).isEqualTo(ExitCode.PARTIAL);
      assertThat(late.err())
          .contains("warning: another 'rundbrief run' (process " + stuck.pid())
          .contains("has been running for 7 h");

      assertThat(kill(stuck)).isOne();
      SendWorkspace.smtpPort(ws, server.getSmtp().getPort());
      PackagedCommand.Run after = PackagedCommand.run(SendWorkspace.command(ws, "run"));
      assertThat(after.exitCode()).as(after.err()).isZero();
      assertThat(after.out()).doesNotContain("Another").contains("Sent ");
      assertThat(received(server)).hasSize(20);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (java.io.IOException e) {
      // closing anyway
    }
  }
}
