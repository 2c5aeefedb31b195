package dev.rundbrief.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that mixes every input that once crashed the command with good feeds: each input succeeds
 * or fails on its own, in {@code import}, {@code import --sources} and {@code run}.
 */
class WildFeedsIT {
  private static final String NOW = "2026-11-26T08:00:00Z";

  /** Every trigger from the field, each beside good items, plus two wholly good feeds. */
  static Map<String, String> batch() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("a-good.xml", rss("Gut Eins", "<guid>https://good.example/1</guid>"));
    files.put("b-no-channel.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"></rss>");
    String base64 = Base64.getEncoder().encodeToString("<p>Basis <b>64</b></p>".getBytes(UTF_8));
    files.put(
        "c-atom03-base64.xml",
        "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>Alt</title>"
            + "<modified>2026-11-24T08:00:00Z</modified><entry><title>Atom Null Drei</title>"
            + "<id>tag:alt.example,2026:1</id>"
            + "<link rel=\"alternate\" type=\"text/html\" href=\"https://alt.example/1\"/>"
            + "<issued>2026-11-24T08:00:00Z</issued><modified>2026-11-24T08:00:00Z</modified>"
            + "<content type=\"text/html\" mode=\"base64\">"
            + base64.substring(0, 7)
            + "\n"
            + base64.substring(7)
            + "</content></entry></feed>");
    files.put(
        "d-guid-controls.xml",
        rss("Steuerzeichen", "<guid isPermaLink=\"false\">id\nmit\tumbruch\u0085</guid>"));
    files.put("e-author-markup.xml", rss("Autor Markup", "<author>&lt;b&gt;&lt;/b&gt;</author>"));
    files.put(
        "f-bad-guid.xml",
        rss(
                "Kaputte Guid",
                "<guid>http://x/a b</guid><pubDate>Mon, 01 Jan 0001 00:00:00 GMT" + "</pubDate>")
            .replace("<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>", ""));
    files.put("g-not-xml.xml", "this is not a feed at all <<<");
    files.put(
        "h-good.atom",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Gut</title><id>urn:gut</id>"
            + "<updated>2026-11-24T08:00:00Z</updated><entry><title>Gut Zwei</title>"
            + "<id>urn:gut:2</id><link href=\"https://good.example/2\"/>"
            + "<updated>2026-11-24T08:00:00Z</updated><summary>s</summary></entry></feed>");
    files.put(
        "i-feed.json",
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":"
            + "[{\"id\":\"j1\",\"title\":\"Json Eins\",\"content_text\":\"t\","
            + "\"date_published\":\"2026-11-24T08:00:00Z\"}]}");
    return files;
  }

  private static String rss(String title, String extra) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
        + "<title>Quelle "
        + title
        + "</title><link>https://src.example/</link><description>d</description>"
        + "<item><title>"
        + title
        + "</title><link>https://src.example/"
        + Math.abs(title.hashCode())
        + "</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>"
        + extra
        + "</item></channel></rss>";
  }

  /** The titles that must be imported from {@link #batch()}. */
  private static final List<String> GOOD_TITLES =
      List.of(
          "Gut Eins",
          "Atom Null Drei",
          "Steuerzeichen",
          "Autor Markup",
          "Kaputte Guid",
          "Gut Zwei",
          "Json Eins");

  @TempDir Path temp;
  Path ws;
  HttpServer http;

  @BeforeEach
  void workspace() throws Exception {
    System.setProperty("rundbrief.now", NOW);
    ws = temp.resolve("ws");
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "Wild", "--site", "https://wild.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    String config =
        SendWorkspace.withPublisher(Files.readString(ws.resolve("rundbrief.yaml")))
            .replace("  # period: weekly\n", "  period: since-last\n");
    Files.writeString(ws.resolve("rundbrief.yaml"), config);
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (Map.Entry<String, String> f : batch().entrySet()) {
      byte[] body = f.getValue().getBytes(UTF_8);
      http.createContext(
          "/" + f.getKey(),
          ex -> {
            try (ex) {
              ex.getResponseHeaders().set("Content-Type", "application/xml");
              ex.sendResponseHeaders(200, body.length);
              ex.getResponseBody().write(body);
            }
          });
    }
    for (String encoding : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      String xml =
          rss("Grüße " + encoding, "")
              .replace("encoding=\"UTF-8\"", "encoding=\"" + encoding.substring(0, 6) + "\"");
      byte[] body = xml.getBytes(java.nio.charset.Charset.forName(encoding));
      http.createContext(
          "/" + encoding,
          ex -> {
            try (ex) {
              ex.sendResponseHeaders(200, body.length);
              ex.getResponseBody().write(body);
            }
          });
    }
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    System.clearProperty("rundbrief.now");
  }

  private void useSources(boolean allowLoopback) throws Exception {
    StringBuilder sources = new StringBuilder("sources:\n");
    for (String name : batch().keySet()) {
      sources
          .append("  - name: \"")
          .append(name)
          .append("\"\n    url: \"http://127.0.0.1:")
          .append(http.getAddress().getPort())
          .append("/")
          .append(name)
          .append("\"\n");
    }
    if (allowLoopback) {
      sources.append("fetch:\n  allow_networks: [\"127.0.0.0/8\"]\n");
    }
    Path file = ws.resolve("rundbrief.yaml");
    Files.writeString(file, Files.readString(file).replace("sources: []\n", sources.toString()));
  }

  private static void assertReportsEachBadInputAndImportsTheRest(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.out() + r.err()).doesNotContain("unexpected error").doesNotContain("\tat ");
    assertThat(r.out()).contains(GOOD_TITLES);
    assertThat(r.err())
        .contains("b-no-channel.xml")
        .contains("without a <channel>")
        .contains("g-not-xml.xml");
    assertThat(r.out()).contains("Imported " + GOOD_TITLES.size() + ",").contains("rejected 2.");
  }

  @Test
  void importOfAFolderReportsEachBadFileAndImportsEveryGoodItem() throws Exception {
    Path dir = temp.resolve("wild");
    Files.createDirectories(dir);
    for (Map.Entry<String, String> f : batch().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    CliRunner.Result r = CliRunner.run(ws, "import", dir.toString());
    assertReportsEachBadInputAndImportsTheRest(r);
    assertThat(r.err()).contains("control characters").doesNotContain("author name is blank");
  }

  @Test
  void importSourcesFetchesEverySourceWhateverTheOthersServe() throws Exception {
    useSources(true);
    CliRunner.Result r = CliRunner.run(ws, "import", "--sources");
    assertReportsEachBadInputAndImportsTheRest(r);
  }

  @Test
  void runStillBuildsPublishesAndSendsWhatItCan() throws Exception {
    useSources(true);
    CliRunner.Result r = CliRunner.run(ws, "run");
    assertReportsEachBadInputAndImportsTheRest(r);
    Path rss = ws.resolve("public/feeds/articles.rss.xml");
    assertThat(rss).exists();
    assertThat(Files.readString(rss)).contains("Gut Eins", "Gut Zwei", "Atom Null Drei");
    try (Stream<Path> outbox = Files.list(ws.resolve("outbox"))) {
      assertThat(outbox.count()).isZero(); // no subscribers yet: nothing to send, nothing failed
    }
    assertThat(r.out()).containsPattern("Issue 1|issue 1");
  }

  @Test
  void importOfAUrlReadsUtf16AndUtf32FeedsAsFeeds() throws Exception {
    useSources(true);
    String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    CliRunner.Result r =
        CliRunner.run(
            ws,
            "import",
            base + "UTF-16LE",
            base + "UTF-16BE",
            base + "UTF-32LE",
            base + "UTF-32BE");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Grüße UTF-16LE", "Grüße UTF-16BE", "Grüße UTF-32LE", "Grüße UTF-32BE")
        .contains("Imported 4,")
        .doesNotContain("<?xml");
  }

  @Test
  void sourcesOnLoopbackAreRefusedUnlessTheSettingsAllowThem() throws Exception {
    useSources(false);
    CliRunner.Result r = CliRunner.run(ws, "import", "--sources");
    assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.err()).contains("internal address").contains("fetch.allow_networks");
    assertThat(r.out()).contains("Imported 0,");
  }

  @Test
  void oneUnreadableStoredArticleIsSkippedAndReportedWhileTheFeedsAreWritten() throws Exception {
    Path dir = temp.resolve("good");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a-good.xml"), batch().get("a-good.xml"));
    assertThat(CliRunner.run(ws, "import", dir.toString()).exitCode()).isZero();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("rundbrief.db"));
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO articles (id, sort_date, imported_at, origin, json)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, "http://x/a b");
      ps.setString(2, "2026-11-24T08:00:00Z");
      ps.setString(3, NOW);
      ps.setString(4, "old version");
      ps.setString(5, "{\"id\":\"http://x/a b\",\"title\":\"Alt\",\"link\":\"http://x/a b\"}");
      ps.executeUpdate();
    }
    for (int i = 0; i < 2; i++) {
      CliRunner.Result feed = CliRunner.run(ws, "feed");
      assertThat(feed.exitCode()).as(feed.err()).isEqualTo(ExitCode.PARTIAL);
      assertThat(feed.err()).contains("http://x/a b").contains("skipped");
      assertThat(Files.readString(ws.resolve("public/feeds/articles.rss.xml")))
          .contains("Gut Eins");
    }
    CliRunner.Result run = CliRunner.run(ws, "run");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.PARTIAL);
    assertThat(run.err()).contains("http://x/a b");
  }
}
