package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rundbrief serve} as a real process on the demo workspace: it serves what {@code demo}
 * published, takes a sign-up into the outbox, and shuts down gracefully on SIGTERM.
 */
class ServeProcessIT {
  @TempDir Path temp;

  @Test
  void servesTheDemoWorkspaceAndStopsGracefullyOnSigterm() throws Exception {
    Path ws = temp.resolve("demo");
    assertThat(CliRunner.runRaw("demo", ws.toString()).exitCode()).isZero();
    long stopNanos;
    Process p =
        PackagedCommand.builder(temp, "-w", ws.toString(), "serve", "--port", "0")
            .redirectError(temp.resolve("serve.err").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("Serving ");
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
      assertThat(m.find()).isTrue();
      URI base = URI.create("http://127.0.0.1:" + m.group(1) + "/");
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> feed =
          http.send(
              HttpRequest.newBuilder(base.resolve("feeds/digests.rss.xml")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(feed.statusCode()).isEqualTo(200);
      assertThat(feed.headers().firstValue("Content-Type"))
          .hasValue("application/rss+xml; charset=utf-8");
      assertThat(feed.body())
          .isEqualTo(Files.readString(ws.resolve("public/feeds/digests.rss.xml")));

      HttpResponse<String> issue =
          http.send(
              HttpRequest.newBuilder(base.resolve("archive/1.html")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(issue.statusCode()).isEqualTo(200);
      assertThat(issue.body()).contains("<link rel=\"alternate\"");

      HttpResponse<String> signup =
          http.send(
              HttpRequest.newBuilder(base.resolve("subscribe"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "email=hanna.berg%40example.org&name=Hanna&consent=yes&website="))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signup.statusCode()).isEqualTo(200);
      assertThat(signup.body()).contains("Fast geschafft");
      Path mail = ws.resolve("outbox/confirmations/hanna.berg@example.org.eml");
      for (int i = 0; i < 100 && !Files.exists(mail); i++) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(mail, StandardCharsets.US_ASCII))
          .contains("https://rundbrief.example.org/confirm?t=3D");
      // Idle again: every request answered, the sign-up's mail written.
      Thread.sleep(500);
    } finally {
      stopNanos = System.nanoTime();
      p.destroy();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    long stopMillis = (System.nanoTime() - stopNanos) / 1_000_000;
    System.out.println("serve: down " + stopMillis + " ms after SIGTERM");
    assertThat(p.exitValue()).as("exit status after SIGTERM").isZero();
    // The issue asks for 1 s on an idle server; the bound leaves room for a loaded test machine.
    assertThat(stopMillis).as("milliseconds from SIGTERM to exit").isLessThan(2_000);
    String err = Files.readString(temp.resolve("serve.err"), StandardCharsets.UTF_8);
    assertThat(err).contains("stopped").doesNotContain("hanna.berg").doesNotContain("Exception");
    assertThat(err).contains("POST /subscribe 200");
  }

  @Test
  void refusesAPortInUseWithOneLineAndExitStatus2() throws Exception {
    Path ws = temp.resolve("demo");
    assertThat(CliRunner.runRaw("demo", ws.toString()).exitCode()).isZero();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      PackagedCommand.Run run =
          PackagedCommand.run(
              PackagedCommand.builder(
                  temp,
                  "-w",
                  ws.toString(),
                  "serve",
                  "--port",
                  Integer.toString(taken.getLocalPort())));
      assertThat(run.exitCode()).isEqualTo(2);
      List<String> errors =
          run.err().lines().filter(l -> l.startsWith("rundbrief:") || l.contains("rror")).toList();
      assertThat(errors)
          .containsExactly(
              "rundbrief: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use; stop the other server or choose another"
                  + " with --port");
      assertThat(run.err()).doesNotContain("unexpected").doesNotContain("Exception");
    }
  }
}
