package dev.rundbrief.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A summary-only feed with {@code full_text: true}: the articles come from their pages. */
class FullTextIT {
  private static final String PAGE =
      "<!doctype html><html lang=\"de\"><head><title>Seitentitel | Beispiel</title>"
          + "<meta property=\"article:published_time\" content=\"2020-01-01T09:00:00+01:00\">"
          + "</head><body><nav><a href=\"/\">Start</a></nav><article><h1>Seitentitel</h1>"
          + "<p>Der vollständige Artikel beginnt hier mit einem ersten Absatz, der lang genug ist,"
          + " um als Inhalt erkannt zu werden, und von Pflegerobotern im Alltag erzählt.</p>"
          + "<p>Ein zweiter Absatz berichtet vom Pilotprojekt in Hamburg, das wissenschaftlich"
          + " begleitet und im Frühjahr ausgewertet wird, bevor weitere Häuser folgen.</p>"
          + "</article><footer>Impressum</footer></body></html>";

  @TempDir Path temp;
  Path ws;
  HttpServer http;
  final List<String> pageRequests = new CopyOnWriteArrayList<>();
  final List<Long> pageTimes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("rundbrief.now", "2026-11-26T08:00:00Z");
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    String feed =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            + "<title>Teaser</title><link>"
            + base
            + "/</link><description>d</description>"
            + item("Roboter in der Pflege", base + "/artikel/1", "urn:teaser:1")
            + item("Leere Seite", base + "/artikel/leer", "urn:teaser:2")
            + item("Verschwunden", base + "/artikel/weg", "urn:teaser:3")
            + "</channel></rss>";
    http.createContext("/feed.xml", ex -> respond(ex, 200, "application/rss+xml", feed));
    http.createContext(
        "/artikel/",
        ex -> {
          pageRequests.add(ex.getRequestURI().getPath());
          pageTimes.add(System.nanoTime());
          switch (ex.getRequestURI().getPath()) {
            case "/artikel/1" -> respond(ex, 200, "text/html; charset=utf-8", PAGE);
            case "/artikel/leer" -> respond(ex, 200, "text/html", "<html><body></body></html>");
            default -> respond(ex, 404, "text/plain", "weg");
          }
        });
    http.start();

    ws = temp.resolve("ws");
    CliRunner.Result init =
        CliRunner.runRaw("init", ws.toString(), "--title", "T", "--site", "https://t.example/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
                .replace(
                    "sources: []\n",
                    "sources:\n  - name: \"Teaser\"\n    url: \""
                        + base
                        + "/feed.xml\"\n    full_text: true\n")
            + "fetch:\n  allow_networks: [\"127.0.0.0/8\"]\n");
  }

  private static String item(String title, String link, String guid) {
    return "<item><title>"
        + title
        + "</title><link>"
        + link
        + "</link><guid isPermaLink=\"false\">"
        + guid
        + "</guid><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>"
        + "<description>Nur der Anreißer.</description></item>";
  }

  private static void respond(
      com.sun.net.httpserver.HttpExchange ex, int status, String type, String body)
      throws java.io.IOException {
    try (ex) {
      byte[] bytes = body.getBytes(UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  @AfterEach
  void tearDown() {
    http.stop(0);
    System.clearProperty("rundbrief.now");
  }

  private JsonNode stored(String id) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("rundbrief.db"));
        PreparedStatement ps = c.prepareStatement("SELECT json FROM articles WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("article %s stored", id).isTrue();
        return Json.MAPPER.readTree(rs.getString(1));
      }
    }
  }

  @Test
  void importsEachArticleFromItsPageKeepingTheFeedsTitleDateAndGuid() throws Exception {
    CliRunner.Result r = CliRunner.run(ws, "import", "--sources");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(pageRequests).containsExactly("/artikel/1", "/artikel/leer", "/artikel/weg");
    // One host: the pages were fetched at least the per-host delay apart.
    assertThat(pageTimes.get(1) - pageTimes.get(0))
        .isGreaterThanOrEqualTo(Imports.HOST_DELAY.toNanos());

    JsonNode full = stored("urn:teaser:1");
    assertThat(full.path("title").asText()).isEqualTo("Roboter in der Pflege");
    assertThat(full.path("published").asText()).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(full.path("content_html").asText())
        .contains("Der vollständige Artikel", "Pilotprojekt in Hamburg")
        .doesNotContain("Impressum");
    assertThat(full.path("summary").asText()).isEqualTo("Nur der Anreißer.");

    for (String id : List.of("urn:teaser:2", "urn:teaser:3")) {
      JsonNode teaser = stored(id);
      assertThat(teaser.path("summary").asText()).isEqualTo("Nur der Anreißer.");
    }
    assertThat(r.err())
        .contains("'Leere Seite' not imported")
        .contains("'Verschwunden' not imported")
        .contains("404")
        .contains("kept the feed's summary");

    CliRunner.Result again = CliRunner.run(ws, "import", "--sources");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(pageRequests).as("known items are not fetched again").hasSize(3);
  }

  @Test
  void neverFetchesAPageOnAnAddressTheSettingsDoNotAllow() throws Exception {
    Path yaml = ws.resolve("rundbrief.yaml");
    int port = http.getAddress().getPort();
    // The feed is allowed (127.0.0.1); its item links point at 127.0.0.2, which is not.
    Files.writeString(
        yaml, Files.readString(yaml).replace("[\"127.0.0.0/8\"]", "[\"127.0.0.1/32\"]"));
    http.removeContext("/feed.xml");
    String feed =
        "<rss version=\"2.0\"><channel><title>T</title><link>https://t.example/</link>"
            + "<description>d</description>"
            + item("Intern", "http://127.0.0.2:" + port + "/artikel/1", "urn:intern:1")
            + "</channel></rss>";
    http.createContext("/feed.xml", ex -> respond(ex, 200, "application/rss+xml", feed));
    CliRunner.Result r = CliRunner.run(ws, "import", "--sources");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(pageRequests).isEmpty();
    assertThat(r.err()).contains("internal address").contains("kept the feed's summary");
    assertThat(stored("urn:intern:1").path("summary").asText()).isEqualTo("Nur der Anreißer.");
  }
}
