package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rundbrief feed} pings a configured WebSub hub after writing new content, and only then.
 */
class HubPingIT {
  @TempDir Path dir;
  private HttpServer hub;
  private final List<String> pings = new CopyOnWriteArrayList<>();
  private final List<String> types = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startHub() throws Exception {
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext(
        "/hub",
        ex -> {
          types.add(ex.getRequestHeaders().getFirst("Content-Type"));
          pings.add(
              URLDecoder.decode(
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.stop(0);
  }

  @Test
  void pingsTheHubForEveryFeedAfterNewContentAndNotWhenNothingChanged() throws Exception {
    Path ws = dir.resolve("ws");
    assertThat(run("demo", ws.toString())).isZero();
    Path config = ws.resolve("rundbrief.yaml");
    String hubUrl = "http://127.0.0.1:" + hub.getAddress().getPort() + "/hub";
    Files.writeString(
        config,
        Files.readString(config)
            .replace("\nserve:\n", "\nserve:\n  websub_hub: \"" + hubUrl + "\"\n"));
    Files.delete(ws.resolve("public/feeds/digests.atom.xml"));

    assertThat(run("-w", ws.toString(), "feed")).isZero();
    assertThat(pings)
        .containsExactlyInAnyOrder(
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/articles.rss.xml",
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/digests.rss.xml",
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/articles.atom.xml",
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/digests.atom.xml",
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/articles.json",
            "hub.mode=publish&hub.url=https://rundbrief.example.org/feeds/digests.json");
    assertThat(types).allMatch("application/x-www-form-urlencoded"::equals);

    pings.clear();
    assertThat(run("-w", ws.toString(), "feed")).isZero();
    assertThat(pings).isEmpty();
  }

  @Test
  void warnsButSucceedsWhenTheHubIsDown() throws Exception {
    Path ws = dir.resolve("ws");
    assertThat(run("demo", ws.toString())).isZero();
    int port = hub.getAddress().getPort();
    hub.stop(0);
    Path config = ws.resolve("rundbrief.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("\nserve:\n", "\nserve:\n  websub_hub: \"http://127.0.0.1:" + port + "/\"\n"));
    Files.delete(ws.resolve("public/feeds/articles.json"));

    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
            .execute("-w", ws.toString(), "feed");
    assertThat(code).isZero();
    assertThat(err.toString()).contains("warning: WebSub hub http://127.0.0.1:" + port);
    assertThat(Files.exists(ws.resolve("public/feeds/articles.json"))).isTrue();
  }

  private static int run(String... args) {
    return Main.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
        .execute(args);
  }
}
