package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.store.SubscriberStore;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real command in this JVM through a whole publication: init, import, subscribers,
 * digest, feed, send to GreenMail over SMTP, and the guards against sending or publishing twice.
 */
class CliEndToEndIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final List<String> READERS =
      List.of("anna@example.org", "jonas@example.org", "lea@example.org");

  @TempDir Path temp;
  Path ws;

  @BeforeEach
  void workspace() throws Exception {
    System.setProperty("rundbrief.now", "2026-11-26T08:00:00Z");
    ws = temp.resolve("ki");
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "KI-Rundbrief", "--site", "https://ki.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    String config = Files.readString(ws.resolve("rundbrief.yaml"));
    config =
        SendWorkspace.withLoopbackSmtp(
            SendWorkspace.withPublisher(config), GREEN_MAIL.getSmtp().getPort());
    Files.writeString(ws.resolve("rundbrief.yaml"), config);
    for (String name : DemoCommand.ARTICLES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        Path copy = ws.resolve("articles").resolve(name);
        Files.copy(in, copy);
        // Text articles are dated by their file time: inside week 48 and before "now".
        Files.setLastModifiedTime(
            copy,
            java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-11-25T10:00:00Z")));
      }
    }
  }

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  @Test
  void publishesAnIssueAndSendsItToEverySubscriberExactlyOnce() throws Exception {
    CliRunner.Result imported = CliRunner.run(ws, "import", ws.resolve("articles").toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 6, updated 0, unchanged 0, rejected 0.");
    CliRunner.Result again = CliRunner.run(ws, "import", ws.resolve("articles").toString());
    assertThat(again.out()).contains("Imported 0, updated 0, unchanged 6, rejected 0.");

    for (String reader : READERS) {
      assertThat(CliRunner.run(ws, "subscribers", "add", reader, "--confirmed").exitCode())
          .isZero();
    }
    CliRunner.Result built = CliRunner.run(ws, "digest", "build", "--period", "since-last");
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("Built issue 1");

    CliRunner.Result feed = CliRunner.run(ws, "feed");
    assertThat(feed.exitCode()).as(feed.err()).isZero();
    assertPublishedFilesReadable(ws.resolve("public"));
    SyndFeed articles = parse(ws.resolve("public/feeds/articles.atom.xml"));
    assertThat(articles.getEntries()).hasSize(6);
    assertThat(articles.getEntries().stream().map(e -> e.getTitle()))
        .contains("AI Act: Welche Fristen Unternehmen jetzt beachten müssen");
    SyndFeed digests = parse(ws.resolve("public/feeds/digests.rss.xml"));
    assertThat(digests.getEntries()).hasSize(1);
    assertThat(digests.getEntries().get(0).getLink())
        .isEqualTo("https://ki.example.org/archive/1.html");
    assertThat(
            Json.MAPPER.readTree(ws.resolve("public/feeds/articles.json").toFile()).path("items"))
        .hasSize(6);
    assertThat(ws.resolve("public/archive/1.html")).exists();

    CliRunner.Result sent = CliRunner.run(ws, "send");
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("Sent 3, deferred 0, failed 0");

    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(3);
    Map<String, String> tokens = tokens();
    Map<String, List<MimeMessage>> byRecipient =
        java.util.Arrays.stream(received).collect(Collectors.groupingBy(m -> recipient(m)));
    assertThat(byRecipient.keySet()).containsExactlyInAnyOrderElementsOf(READERS);
    for (String reader : READERS) {
      assertThat(byRecipient.get(reader)).hasSize(1);
      MimeMessage m = byRecipient.get(reader).get(0);
      assertThat(m.getHeader("List-Unsubscribe", null))
          .isEqualTo("<https://ki.example.org/unsubscribe?t=" + tokens.get(reader) + ">");
    }

    CliRunner.Result second = CliRunner.run(ws, "send");
    assertThat(second.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(second.err()).contains("issue 1 was already sent");
    assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(3);
  }

  @Test
  void runTwiceInARowPublishesAndSendsOnce() throws Exception {
    for (String reader : READERS) {
      CliRunner.run(ws, "subscribers", "add", reader, "--confirmed");
    }
    // Week 48 of 2026 is complete on Monday 30 November; the articles are dated 23-26 November.
    System.setProperty("rundbrief.now", "2026-11-30T06:00:00Z");
    CliRunner.Result first = CliRunner.run(ws, "run");
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("Built issue 1", "Sent 3,");
    byte[] feedBefore = Files.readAllBytes(ws.resolve("public/feeds/digests.atom.xml"));

    CliRunner.Result second = CliRunner.run(ws, "run");
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains(
            "Issue 1 'KI-Rundbrief KW 48/2026' already covers this period",
            "Issue 1 was sent already.")
        .doesNotContain("Built issue");
    assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(3);
    assertThat(Files.readAllBytes(ws.resolve("public/feeds/digests.atom.xml")))
        .isEqualTo(feedBefore);
    assertThat(CliRunner.run(ws, "digest", "list", "--json").out())
        .contains("\"number\" : 1")
        .doesNotContain("\"number\" : 2");
  }

  @Test
  void refusesToSendWithoutALegalNoticeAndNamesTheSetting() throws Exception {
    String config = Files.readString(ws.resolve("rundbrief.yaml"));
    config =
        config.replace(
            "    name: \"Beispiel Medien GmbH\"\n    address: \"Hauptstraße 1, 10115 Berlin\"\n    email: \"redaktion@example.org\"\n",
            "");
    Files.writeString(ws.resolve("rundbrief.yaml"), config);
    CliRunner.run(ws, "import", ws.resolve("articles").toString());
    CliRunner.run(ws, "subscribers", "add", "anna@example.org", "--confirmed");
    CliRunner.run(ws, "digest", "build", "--period", "since-last");

    CliRunner.Result sent = CliRunner.run(ws, "send");

    assertThat(sent.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(sent.err())
        .startsWith("rundbrief: publication.legal_notice is not set in rundbrief.yaml");
    assertThat(sent.err().lines()).hasSize(1);
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void anUnwritablePreviewFolderIsOneLineNamingItWithExitTwo() throws Exception {
    CliRunner.run(ws, "import", ws.resolve("articles").toString());
    CliRunner.run(ws, "subscribers", "add", "anna@example.org", "--confirmed");
    CliRunner.run(ws, "digest", "build", "--period", "since-last");
    Files.writeString(ws.resolve("preview"), "a file where the preview folder should be");

    CliRunner.Result preview = CliRunner.run(ws, "preview", "--to", "anna@example.org");

    assertThat(preview.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(preview.err()).startsWith("rundbrief: ").contains("preview");
    assertThat(preview.err()).doesNotContain("unexpected error", "Exception");
    assertThat(preview.err().lines()).hasSize(1);
  }

  @Test
  void reportsRejectedInputsPerItemAndKeepsWhatWasStored() throws Exception {
    Path bad = ws.resolve("articles/leer.txt");
    Files.writeString(bad, "   \n", StandardCharsets.UTF_8);

    CliRunner.Result r = CliRunner.run(ws, "import", ws.resolve("articles").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.err()).contains("rejected", "leer.txt': is empty");
    assertThat(r.out()).contains("Imported 6, updated 0, unchanged 0, rejected 1.");
    assertThat(CliRunner.run(ws, "digest", "build", "--period", "since-last", "--dry-run").out())
        .contains("Would build issue 1", "6 articles");
  }

  @Test
  void aDifferentPageWithTheSameIdNeverReplacesTheStoredOne() throws Exception {
    String template =
        "<html><head><title>Pressemitteilung</title></head><body><article><p>%s</p></article>"
            + "</body></html>";
    Path first = temp.resolve("presse-1.html");
    Path second = temp.resolve("presse-2.html");
    Files.writeString(
        first,
        String.format(
            template,
            "Die Stadtwerke senken zum Jahresbeginn den Strompreis für Haushaltskunden um zwei"
                + " Cent je Kilowattstunde, weil der Einkauf günstiger geworden ist. Kundinnen und"
                + " Kunden müssen nichts tun; die neuen Abschläge stehen auf der nächsten Rechnung."),
        StandardCharsets.UTF_8);
    Files.writeString(
        second,
        String.format(
            template,
            "Das Hallenbad bleibt wegen einer Reparatur an der Lüftungsanlage bis Ende März"
                + " geschlossen; Schulen weichen in das Bad der Nachbargemeinde aus. Wer eine"
                + " Jahreskarte hat, bekommt die Wochen der Schließung gutgeschrieben."),
        StandardCharsets.UTF_8);

    CliRunner.Result r = CliRunner.run(ws, "import", first.toString(), second.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.err())
        .contains("presse-2.html': has the same id (urn:rundbrief:article:")
        .contains("as the different article imported from '" + first + "'; kept that one");
    assertThat(r.out()).contains("Imported 1, updated 0, unchanged 0, rejected 1.");
    // The same page again, with a corrected typo, is an update of the first.
    Files.writeString(
        first,
        Files.readString(first, StandardCharsets.UTF_8).replace("senken", "senken bereits"),
        StandardCharsets.UTF_8);
    assertThat(CliRunner.run(ws, "import", first.toString()).out())
        .contains("Imported 0, updated 1, unchanged 0, rejected 0.");
  }

  @Test
  void importsAPageAndAFeedOverHttpAndFetchesConfiguredSourcesConditionally() throws Exception {
    String page =
        "<!doctype html><html lang=\"de\"><head><title>Robotik im Alltag | Beispiel</title>"
            + "<meta property=\"article:published_time\" content=\"2026-11-24T09:00:00+01:00\">"
            + "</head><body><nav><a href=\"/\">Start</a></nav><article><h1>Robotik im Alltag</h1>"
            + "<p>Pflegeroboter übernehmen in einigen Heimen erste Aufgaben, etwa das Bringen von"
            + " Getränken und Erinnerungen an Termine. Die Beschäftigten sehen darin eine"
            + " Entlastung, aber keinen Ersatz für menschliche Zuwendung.</p><p>Ein Pilotprojekt"
            + " in Hamburg wird nun wissenschaftlich begleitet und soll im Frühjahr ausgewertet"
            + " werden, bevor weitere Häuser folgen.</p></article></body></html>";
    String feed =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            + "<title>Beispiel-Blog</title><link>https://blog.example.org/</link>"
            + "<description>d</description><item><title>Übersetzer im Test</title>"
            + "<link>https://blog.example.org/uebersetzer</link>"
            + "<pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate>"
            + "<description>Drei Systeme im Vergleich.</description></item></channel></rss>";
    java.util.concurrent.atomic.AtomicInteger notModified =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/page.html", ex -> respond(ex, 200, "text/html; charset=utf-8", page, null));
    http.createContext(
        "/feed.xml",
        ex -> {
          if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            respond(ex, 304, null, null, "\"v1\"");
          } else {
            respond(ex, 200, "application/rss+xml", feed, "\"v1\"");
          }
        });
    http.start();
    try {
      Path yaml = ws.resolve("rundbrief.yaml");
      // The test server runs on loopback, which fetches refuse unless the settings allow it.
      Files.writeString(
          yaml, Files.readString(yaml) + "fetch:\n  allow_networks: [\"127.0.0.0/8\"]\n");
      String base = "http://127.0.0.1:" + http.getAddress().getPort();
      CliRunner.Result r = CliRunner.run(ws, "import", base + "/page.html", base + "/feed.xml");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("Robotik im Alltag", "Übersetzer im Test", "Imported 2,");

      Path config = ws.resolve("rundbrief.yaml");
      Files.writeString(
          config,
          Files.readString(config)
              .replace(
                  "sources: []",
                  "sources:\n  - name: \"Beispiel-Blog\"\n    url: \"" + base + "/feed.xml\""));
      CliRunner.Result first = CliRunner.run(ws, "import", "--sources");
      assertThat(first.out()).contains("Übersetzer im Test");
      CliRunner.Result second = CliRunner.run(ws, "import", "--sources");
      assertThat(second.exitCode()).isZero();
      assertThat(second.out()).contains("not modified");
      assertThat(notModified).hasValue(1);
    } finally {
      http.stop(0);
    }
  }

  @Test
  void aPageIsDecodedWithTheCharsetItsServerNames() throws Exception {
    // KOI8-R bytes without a meta declaration: only the HTTP header says how to read them. Without
    // it, the bytes (not valid UTF-8) would be read as windows-1252 and come out as Latin letters.
    String title = "Новости недели";
    String page =
        "<!doctype html><html><head><title>"
            + title
            + "</title></head><body><article><h1>"
            + title
            + "</h1><p>"
            + "Исследователи представили новую модель, которая переводит тексты быстрее и точнее,"
            + " чем прежние системы, и работает на обычных компьютерах без специальных ускорителей."
            + "</p><p>Испытания продолжатся весной, после чего команда опубликует результаты и код."
            + "</p></article></body></html>";
    byte[] koi8 = page.getBytes(java.nio.charset.Charset.forName("KOI8-R"));
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/news.html",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=koi8-r");
          ex.sendResponseHeaders(200, koi8.length);
          ex.getResponseBody().write(koi8);
          ex.close();
        });
    http.start();
    try {
      Path yaml = ws.resolve("rundbrief.yaml");
      Files.writeString(
          yaml, Files.readString(yaml) + "fetch:\n  allow_networks: [\"127.0.0.0/8\"]\n");
      String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/news.html";

      CliRunner.Result r = CliRunner.run(ws, "import", url);

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains(title);
    } finally {
      http.stop(0);
    }
  }

  private static void respond(
      com.sun.net.httpserver.HttpExchange ex, int status, String type, String body, String etag)
      throws java.io.IOException {
    if (etag != null) {
      ex.getResponseHeaders().set("ETag", etag);
    }
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
    } else {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private Map<String, String> tokens() {
    try (SubscriberStore store =
        SubscriberStore.open(ws.resolve("rundbrief.db"), Clock.systemUTC())) {
      return READERS.stream()
          .collect(
              Collectors.toMap(
                  r -> r,
                  r -> store.find(EmailAddress.parse(r)).map(Subscriber::token).orElseThrow()));
    }
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SyndFeed parse(Path file) throws Exception {
    try (XmlReader reader = new XmlReader(file.toFile())) {
      return new SyndFeedInput().build(reader);
    }
  }

  /**
   * Feeds and archive pages are readable by a web server running as another user: 0644 less the
   * umask, which is what a file created the ordinary way gets, without its write bits for group and
   * others (createTempFile alone made them 0600, and nginx answered 403).
   */
  private static void assertPublishedFilesReadable(Path pub) throws Exception {
    Path probe = Files.createFile(pub.resolve("umask-probe"));
    java.util.Set<java.nio.file.attribute.PosixFilePermission> expected =
        Files.getPosixFilePermissions(probe);
    Files.delete(probe);
    expected.remove(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
    expected.remove(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = Files.walk(pub)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .anyMatch(f -> f.toString().endsWith(".html"))
        .anyMatch(f -> f.toString().endsWith(".xml"));
    for (Path f : files) {
      assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(expected);
    }
  }
}
