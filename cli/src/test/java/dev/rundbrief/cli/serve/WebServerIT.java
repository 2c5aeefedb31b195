package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SignUp;
import dev.rundbrief.store.SubscriberStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerIT {
  private static final Instant START = Instant.parse("2026-11-26T07:00:00Z");

  @TempDir Path dir;
  private Path pub;
  private Path outbox;
  private ServeFixtures.MovableClock clock;
  private SubscriberStore store;
  private WebServer server;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    pub = ServeFixtures.publicDir(dir);
    outbox = dir.resolve("outbox");
    clock = new ServeFixtures.MovableClock(START);
    store = SubscriberStore.open(dir.resolve("rundbrief.db"), clock);
    server = start(Optional.empty(), ServeSettings.RateLimits.DEFAULT);
  }

  private WebServer start(Optional<URI> hub, ServeSettings.RateLimits limits) {
    WebServer s =
        WebServer.start(
            ServeFixtures.settings(
                pub, () -> store, () -> DeliveryEngine.outbox(outbox).build(), clock, hub, limits));
    base = URI.create("http://127.0.0.1:" + s.address().getPort() + "/");
    return s;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- feeds and archive

  @Test
  void servesEachFeedFormatWithItsMediaTypeValidatorsAndSecurityHeaders() throws Exception {
    Map<String, String> types =
        Map.of(
            "feeds/articles.rss.xml", "application/rss+xml; charset=utf-8",
            "feeds/articles.atom.xml", "application/atom+xml; charset=utf-8",
            "feeds/articles.json", "application/feed+json; charset=utf-8",
            "archive/1.html", "text/html; charset=utf-8");
    for (Map.Entry<String, String> e : types.entrySet()) {
      HttpResponse<byte[]> r = get(e.getKey(), Map.of());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      assertThat(header(r, "Content-Type")).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(r.body()).isEqualTo(Files.readAllBytes(pub.resolve(e.getKey())));
      assertThat(header(r, "ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
      Instant modified = Files.getLastModifiedTime(pub.resolve(e.getKey())).toInstant();
      assertThat(ZonedDateTime.parse(header(r, "Last-Modified"), StaticFiles.HTTP_DATE).toInstant())
          .isEqualTo(modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      assertThat(header(r, "Last-Modified"))
          .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
      assertSecurityHeaders(r);
      assertThat(r.headers().firstValue("Link")).isEmpty();
    }
  }

  @Test
  void answersAMatchingIfNoneMatchWith304AndNoBody() throws Exception {
    HttpResponse<byte[]> first = get("feeds/articles.rss.xml", Map.of());
    String etag = header(first, "ETag");

    HttpResponse<byte[]> again = get("feeds/articles.rss.xml", Map.of("If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(header(again, "ETag")).isEqualTo(etag);
    assertSecurityHeaders(again);
    // RFC 9110 section 15.4.5: what a 200 would carry for caches, no representation metadata.
    assertThat(header(again, "Cache-Control")).isEqualTo(header(first, "Cache-Control"));
    assertThat(header(again, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(again.headers().firstValue("Content-Type")).isEmpty();
    assertThat(again.headers().firstValue("Last-Modified")).isEmpty();

    HttpResponse<byte[]> listed =
        get("feeds/articles.rss.xml", Map.of("If-None-Match", "\"other\", W/" + etag));
    assertThat(listed.statusCode()).isEqualTo(304);

    HttpResponse<byte[]> stale = get("feeds/articles.rss.xml", Map.of("If-None-Match", "\"x\""));
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(first.body());
  }

  @Test
  void answersIfModifiedSinceWith304UntilTheFileChanges() throws Exception {
    Path file = pub.resolve("feeds/articles.json");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T10:00:00Z")));
    HttpResponse<byte[]> first = get("feeds/articles.json", Map.of());
    String lastModified = header(first, "Last-Modified");
    assertThat(lastModified).isEqualTo("Fri, 20 Nov 2026 10:00:00 GMT");

    assertThat(get("feeds/articles.json", Map.of("If-Modified-Since", lastModified)).statusCode())
        .isEqualTo(304);
    assertThat(
            get("feeds/articles.json", Map.of("If-Modified-Since", "Thu, 19 Nov 2026 10:00:00 GMT"))
                .statusCode())
        .isEqualTo(200);

    Files.writeString(file, "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[1]}\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-21T10:00:00Z")));
    HttpResponse<byte[]> changed =
        get(
            "feeds/articles.json",
            Map.of("If-Modified-Since", lastModified, "If-None-Match", header(first, "ETag")));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(header(changed, "ETag")).isNotEqualTo(header(first, "ETag"));
    assertThat(new String(changed.body(), StandardCharsets.UTF_8)).contains("\"items\":[1]");
  }

  @Test
  void answersHeadWithTheHeadersOfGetAndNoBody() throws Exception {
    HttpResponse<byte[]> get = get("feeds/articles.rss.xml", Map.of());
    HttpResponse<byte[]> head =
        http.send(
            HttpRequest.newBuilder(base.resolve("feeds/articles.rss.xml"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(get.body().length));
    assertThat(header(head, "ETag")).isEqualTo(header(get, "ETag"));
    assertThat(header(head, "Content-Type")).isEqualTo(header(get, "Content-Type"));
  }

  @Test
  void compressesWithGzipWhenAcceptedWithItsOwnEtag() throws Exception {
    HttpResponse<byte[]> plain = get("feeds/articles.rss.xml", Map.of());
    HttpResponse<byte[]> gz = get("feeds/articles.rss.xml", Map.of("Accept-Encoding", "gzip, br"));
    assertThat(header(gz, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(gz, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(header(plain, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(gz.body().length).isLessThan(plain.body().length);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    assertThat(header(gz, "ETag")).isNotEqualTo(header(plain, "ETag")).endsWith("-gz\"");

    assertThat(
            get(
                    "feeds/articles.rss.xml",
                    Map.of("Accept-Encoding", "gzip", "If-None-Match", header(gz, "ETag")))
                .statusCode())
        .isEqualTo(304);
    assertThat(
            get(
                    "feeds/articles.rss.xml",
                    Map.of("Accept-Encoding", "gzip;q=0", "If-None-Match", header(gz, "ETag")))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            get("feeds/articles.rss.xml", Map.of("Accept-Encoding", "gzip;q=0"))
                .headers()
                .firstValue("Content-Encoding"))
        .isEmpty();
  }

  @Test
  void announcesTheWebSubHubAndSelfWhenAHubIsConfigured() throws Exception {
    server.close();
    server =
        start(
            Optional.of(URI.create("https://hub.example.net/")), ServeSettings.RateLimits.DEFAULT);
    HttpResponse<byte[]> r = get("feeds/articles.atom.xml", Map.of());
    assertThat(r.headers().allValues("Link"))
        .containsExactly(
            "<https://hub.example.net/>; rel=\"hub\"",
            "<https://news.example.org/feeds/articles.atom.xml>; rel=\"self\"");
    assertThat(get("archive/1.html", Map.of()).headers().allValues("Link")).isEmpty();
  }

  @Test
  void redirectsTheRootToTheArchiveAndServesItsIndex() throws Exception {
    HttpResponse<byte[]> root = get("", Map.of());
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(header(root, "Location")).isEqualTo("archive/");
    HttpResponse<byte[]> index = get("archive/", Map.of());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(new String(index.body(), StandardCharsets.UTF_8))
        .contains("<link rel=\"alternate\" type=\"application/rss+xml\"");
    assertThat(get("archive", Map.of()).statusCode()).isEqualTo(302);
    assertThat(get("archive/99.html", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesPathTraversalEncodedSeparatorsHiddenFilesAndSymlinks() throws Exception {
    Files.createSymbolicLink(pub.resolve("feeds/link.xml"), dir.resolve("secret.txt"));
    Files.writeString(pub.resolve("feeds/.hidden.xml"), "<x/>");
    for (String path :
        List.of(
            "/../secret.txt",
            "/feeds/../../secret.txt",
            "/feeds/%2e%2e/%2e%2e/secret.txt",
            "/feeds/..%2f..%2fsecret.txt",
            "/feeds/%2e%2e%5c%2e%2e%5csecret.txt",
            "/feeds/articles.rss.xml%00.html",
            "//secret.txt",
            "/feeds/link.xml",
            "/feeds/.hidden.xml",
            "/secret.txt")) {
      String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(response).as(path).matches("(?s)HTTP/1\\.1 (400|404) .*");
      assertThat(response).as(path).doesNotContain("not for the web").doesNotContain("<x/>");
    }
  }

  @Test
  void servesAPublicFolderThatAppearsOrIsReplacedByASymlinkWithoutARestart() throws Exception {
    server.close();
    Path later = dir.resolve("later/public");
    server =
        WebServer.start(
            ServeFixtures.settings(
                later,
                () -> store,
                () -> DeliveryEngine.outbox(outbox).build(),
                clock,
                Optional.empty(),
                ServeSettings.RateLimits.DEFAULT));
    base = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    assertThat(get("feeds/articles.rss.xml", Map.of()).statusCode()).isEqualTo(404);

    // public/ appears as a symbolic link to the folder `feed` wrote (a deploy switching links);
    // the server looks again after at most a second.
    Files.createDirectories(later.getParent());
    Files.createSymbolicLink(later, pub);
    Thread.sleep(1_100);
    HttpResponse<byte[]> linked = get("feeds/articles.rss.xml", Map.of());
    assertThat(linked.statusCode()).isEqualTo(200);
    assertThat(linked.body()).isEqualTo(Files.readAllBytes(pub.resolve("feeds/articles.rss.xml")));

    // Replaced by a real folder with other content.
    Files.delete(later);
    Files.createDirectories(later.resolve("feeds"));
    Files.writeString(later.resolve("feeds/articles.json"), "{\"items\":[]}\n");
    Thread.sleep(1_100);
    HttpResponse<byte[]> real = get("feeds/articles.json", Map.of());
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(body(real)).isEqualTo("{\"items\":[]}\n");
    assertThat(get("feeds/articles.rss.xml", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void cutsOffHeadsLargerThanTheLimitWithShortAnswersAndSecurityHeaders() throws Exception {
    String big =
        raw(
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(big).startsWith("HTTP/1.1 431 ");
    assertThat(big).contains("X-Content-Type-Options: nosniff").doesNotContain("Jetty");
    String garbage = raw("BLAH\r\n\r\n");
    assertThat(garbage).startsWith("HTTP/1.1 400 ").doesNotContain("Jetty");
  }

  @Test
  void reportsHealthAnd503WhenTheStoreCannotBeOpened() throws Exception {
    HttpResponse<byte[]> ok = get("health", Map.of());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("ok\n");

    server.close();
    Path notAFile = Files.createDirectories(dir.resolve("store-is-a-folder"));
    server =
        WebServer.start(
            ServeFixtures.settings(
                pub,
                () -> SubscriberStore.open(notAFile, clock),
                () -> DeliveryEngine.outbox(outbox).build(),
                clock,
                Optional.empty(),
                ServeSettings.RateLimits.DEFAULT));
    base = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    HttpResponse<byte[]> down = get("health", Map.of());
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(new String(down.body(), StandardCharsets.UTF_8)).isEqualTo("unavailable\n");
    HttpResponse<byte[]> page = get("unsubscribe?t=" + "A".repeat(32), Map.of());
    assertThat(page.statusCode()).isEqualTo(500);
    assertNoInternals(page);
  }

  // ---------------------------------------------------------------- sign-up

  @Test
  void showsAnAccessibleGermanSignUpFormWithHoneypotAndConsentVersion() throws Exception {
    HttpResponse<byte[]> r = get("subscribe", Map.of());
    String html = body(r);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
    assertThat(html)
        .contains("<html lang=\"de\">")
        .contains("<form method=\"post\" action=\"subscribe\">")
        .contains("<label for=\"email\">E-Mail-Adresse</label>")
        .contains("<input id=\"email\" name=\"email\" type=\"email\" required")
        .contains("<label for=\"name\">")
        .contains("<label for=\"consent\">Ich möchte den Newsletter „KI-Wochenschau“")
        .contains("name=\"website\" type=\"text\" tabindex=\"-1\"")
        .contains("Einwilligungstext Version web-form-de-1")
        .doesNotContain("<script");
    assertSecurityHeaders(r);
  }

  @Test
  void storesAPendingSubscriberWithTheConsentRecordAndWritesTheConfirmationMail() throws Exception {
    HttpResponse<byte[]> r = post("subscribe", form("jana.kraus@example.org", "Jana Kraus"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body(r)).contains("Fast geschafft");
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();

    Subscriber s = store.find(EmailAddress.parse("jana.kraus@example.org")).orElseThrow();
    assertThat(s.state()).isEqualTo(SubscriberState.PENDING);
    assertThat(s.name()).isEqualTo("Jana Kraus");
    assertThat(s.consent().source()).isEqualTo("web-form");
    assertThat(s.consent().consentTextVersion()).isEqualTo("web-form-de-1");
    assertThat(s.consent().ipAddress()).hasValue("127.0.0.1");
    assertThat(s.consent().subscribedAt()).isEqualTo(START);

    String mail = outboxMail("jana.kraus@example.org");
    assertThat(mail).contains("Subject: =?UTF-8?Q?Bitte_best=C3=A4tigen_Sie:_KI-Wochenschau?=");
    String link = confirmLink(mail);
    assertThat(link).startsWith("https://news.example.org/confirm?t=");
    String token = link.substring(link.indexOf("t=") + 2);
    // The confirmation link has its own token: not the unsubscribe token, and not stored.
    assertThat(token).isNotEqualTo(s.token()).hasSize(43);
    for (String file : List.of("rundbrief.db", "rundbrief.db-wal")) {
      if (Files.exists(dir.resolve(file))) {
        assertThat(new String(Files.readAllBytes(dir.resolve(file)), StandardCharsets.ISO_8859_1))
            .as(file)
            .doesNotContain(token);
      }
    }
    assertThat(post("confirm", "t=" + token).statusCode()).isEqualTo(200);
    Subscriber confirmed = store.find(s.address()).orElseThrow();
    assertThat(confirmed.state()).isEqualTo(SubscriberState.ACTIVE);
    assertThat(confirmed.consent().confirmation()).hasValue(START);
    assertThat(confirmed.consent().confirmedIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void rejectsAnInvalidAddressOrMissingConsentWithTheFormAndStoresNothing() throws Exception {
    HttpResponse<byte[]> bad = post("subscribe", "email=not-an-address&consent=yes");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(body(bad)).contains("gültige E-Mail-Adresse").contains("value=\"not-an-address\"");

    HttpResponse<byte[]> noConsent = post("subscribe", "email=ben%40example.org");
    assertThat(noConsent.statusCode()).isEqualTo(400);
    assertThat(body(noConsent)).contains("Einwilligung");

    HttpResponse<byte[]> xss =
        post("subscribe", "email=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&consent=yes");
    assertThat(body(xss)).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");
    assertThat(server.awaitSignups(Duration.ofSeconds(5))).isTrue();
    assertThat(store.list(null)).isEmpty();
  }

  @Test
  void ignoresSignUpsWithAFilledHoneypotButAnswersTheSame() throws Exception {
    HttpResponse<byte[]> human = post("subscribe", form("mia@example.org", ""));
    HttpResponse<byte[]> bot =
        post("subscribe", "website=https%3A%2F%2Fspam.example&email=bot%40example.org&consent=yes");
    assertThat(bot.statusCode()).isEqualTo(human.statusCode()).isEqualTo(200);
    assertThat(body(bot)).isEqualTo(body(human));
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(store.find(EmailAddress.parse("bot@example.org"))).isEmpty();
    assertThat(store.find(EmailAddress.parse("mia@example.org"))).isPresent();
  }

  @Test
  void givesTheSameAnswerForKnownAndUnknownAddressesAndLeavesActiveSubscribersAlone()
      throws Exception {
    Subscriber active =
        store.subscribe(
            EmailAddress.parse("lena@example.org"),
            "Lena",
            Consent.of(START.minusSeconds(86_400), "import:test", "v1"));
    store.confirm(active.address());

    HttpResponse<byte[]> known = post("subscribe", form("lena@example.org", "Mallory"));
    HttpResponse<byte[]> unknown = post("subscribe", form("tom@example.org", "Mallory"));
    assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
    assertThat(known.body()).isEqualTo(unknown.body());
    assertThat(withoutDate(known)).isEqualTo(withoutDate(unknown));
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();

    Subscriber after = store.find(EmailAddress.parse("lena@example.org")).orElseThrow();
    assertThat(after.state()).isEqualTo(SubscriberState.ACTIVE);
    assertThat(after.name()).isEqualTo("Lena");
    assertThat(after.consent().source()).isEqualTo("import:test");
    assertThat(Files.exists(outbox.resolve("confirmations/lena@example.org.eml"))).isFalse();
    assertThat(Files.exists(outbox.resolve("confirmations/tom@example.org.eml"))).isTrue();
  }

  @Test
  void limitsSignUpsPerClientAddressWith429() throws Exception {
    server.close();
    server =
        start(
            Optional.empty(),
            new ServeSettings.RateLimits(3, Duration.ofMinutes(10), 3, Duration.ofHours(24)));
    for (int i = 0; i < 3; i++) {
      assertThat(post("subscribe", form("person" + i + "@example.org", "")).statusCode())
          .isEqualTo(200);
    }
    HttpResponse<byte[]> limited = post("subscribe", form("person9@example.org", ""));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(header(limited, "Retry-After"))).isBetween(1L, 600L);
    assertThat(body(limited)).contains("Zu viele Anfragen");
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(store.find(EmailAddress.parse("person9@example.org"))).isEmpty();

    clock.advance(Duration.ofMinutes(9));
    assertThat(post("subscribe", form("person9@example.org", "")).statusCode()).isEqualTo(429);
    clock.advance(Duration.ofMinutes(1));
    assertThat(post("subscribe", form("person9@example.org", "")).statusCode()).isEqualTo(200);
  }

  @Test
  void sendsAtMostTheLimitOfConfirmationMailsPerAddressAndStillAnswersTheSame() throws Exception {
    server.close();
    server =
        start(
            Optional.empty(),
            new ServeSettings.RateLimits(10, Duration.ofMinutes(10), 1, Duration.ofHours(24)));
    HttpResponse<byte[]> first = post("subscribe", form("nora@example.org", ""));
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    Path mail = outbox.resolve("confirmations/nora@example.org.eml");
    assertThat(mail).exists();
    Files.delete(mail);

    HttpResponse<byte[]> second = post("subscribe", form("nora@example.org", ""));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(mail).doesNotExist();
    assertThat(store.find(EmailAddress.parse("nora@example.org")).orElseThrow().state())
        .isEqualTo(SubscriberState.PENDING);
  }

  // ---------------------------------------------------------------- confirm

  @Test
  void confirmsOnlyByPostAndTreatsReusedForgedAndExpiredLinksKindly() throws Exception {
    String token = signUp("eva@example.org");
    Subscriber s = store.find(EmailAddress.parse("eva@example.org")).orElseThrow();

    HttpResponse<byte[]> page = get("confirm?t=" + token, Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(body(page))
        .contains("<form method=\"post\" action=\"confirm\">")
        .contains("name=\"t\" value=\"" + token + "\"");
    assertThat(state(s)).isEqualTo(SubscriberState.PENDING);

    HttpResponse<byte[]> forged = post("confirm", "t=" + "x".repeat(32));
    assertThat(forged.statusCode()).isEqualTo(404);
    assertThat(body(forged)).contains("Link ungültig").contains("nichts geändert");
    assertThat(post("confirm", "t=short").statusCode()).isEqualTo(404);

    HttpResponse<byte[]> ok = post("confirm", "t=" + token);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(body(ok)).contains("Anmeldung bestätigt");
    assertThat(state(s)).isEqualTo(SubscriberState.ACTIVE);
    Instant confirmedAt = store.findByToken(s.token()).orElseThrow().consent().confirmedAt();

    clock.advance(Duration.ofMinutes(1));
    HttpResponse<byte[]> reused = post("confirm", "t=" + token);
    assertThat(reused.statusCode()).isEqualTo(200);
    assertThat(store.findByToken(s.token()).orElseThrow().consent().confirmedAt())
        .isEqualTo(confirmedAt);

    String late = signUp("otto@example.org");
    Subscriber otto = store.find(EmailAddress.parse("otto@example.org")).orElseThrow();
    clock.advance(Duration.ofHours(73));
    HttpResponse<byte[]> expired = post("confirm", "t=" + late);
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(body(expired)).contains("abgelaufen");
    assertThat(state(otto)).isEqualTo(SubscriberState.PENDING);
  }

  @Test
  void neverReactivatesAnUnsubscribedAddressThroughAnOldConfirmationLink() throws Exception {
    String token = signUp("karl@example.org");
    assertThat(post("confirm", "t=" + token).statusCode()).isEqualTo(200);
    Subscriber s = store.find(EmailAddress.parse("karl@example.org")).orElseThrow();
    store.unsubscribe(s.token());
    assertThat(post("confirm", "t=" + token).statusCode()).isEqualTo(404);
    assertThat(state(s)).isEqualTo(SubscriberState.UNSUBSCRIBED);
  }

  // ---------------------------------------------------------------- unsubscribe

  @Test
  void showsAButtonOnGetAndChangesNothing() throws Exception {
    Subscriber s = active("ida@example.org");
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> page = get("unsubscribe?t=" + s.token(), Map.of());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(body(page))
          .contains("<form method=\"post\" action=\"unsubscribe?t=" + s.token() + "\">")
          .contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
    }
    assertThat(state(s)).isEqualTo(SubscriberState.ACTIVE);
  }

  @Test
  void unsubscribesAtOnceWithTheRfc8058UrlEncodedPost() throws Exception {
    Subscriber s = active("paul@example.org");
    HttpResponse<byte[]> r = post("unsubscribe?t=" + s.token(), "List-Unsubscribe=One-Click");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(body(r)).contains("Sie sind abgemeldet");
    assertThat(state(s)).isEqualTo(SubscriberState.UNSUBSCRIBED);

    HttpResponse<byte[]> again = post("unsubscribe?t=" + s.token(), "List-Unsubscribe=One-Click");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(state(s)).isEqualTo(SubscriberState.UNSUBSCRIBED);
  }

  @Test
  void unsubscribesAtOnceWithTheRfc8058MultipartPost() throws Exception {
    Subscriber s = active("rosa@example.org");
    String boundary = "----rundbrief7d93";
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("unsubscribe?t=" + s.token()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(state(s)).isEqualTo(SubscriberState.UNSUBSCRIBED);
  }

  @Test
  void changesNothingForPostsWithoutTheOneClickBodyOrWithForgedTokens() throws Exception {
    Subscriber s = active("jan@example.org");
    assertThat(post("unsubscribe?t=" + s.token(), "").statusCode()).isEqualTo(400);
    assertThat(post("unsubscribe?t=" + s.token(), "List-Unsubscribe=Yes").statusCode())
        .isEqualTo(400);
    String forgedToken = s.token().substring(0, s.token().length() - 2) + "zz";
    HttpResponse<byte[]> forged =
        post("unsubscribe?t=" + forgedToken, "List-Unsubscribe=One-Click");
    assertThat(forged.statusCode()).isEqualTo(404);
    assertThat(body(forged)).contains("Link ungültig");
    assertThat(post("unsubscribe", "List-Unsubscribe=One-Click").statusCode()).isEqualTo(404);
    assertThat(get("unsubscribe?t=%27%3Cscript%3E", Map.of()).statusCode()).isEqualTo(404);
    assertThat(state(s)).isEqualTo(SubscriberState.ACTIVE);
  }

  // ---------------------------------------------------------------- bad requests

  @Test
  void refusesOversizedMalformedAndUnexpectedRequestsWithoutInternals() throws Exception {
    Subscriber s = active("uwe@example.org");
    HttpResponse<byte[]> big =
        post("unsubscribe?t=" + s.token(), "List-Unsubscribe=One-Click&x=" + "a".repeat(40_000));
    assertThat(big.statusCode()).isEqualTo(413);
    assertNoInternals(big);

    HttpResponse<byte[]> percent = post("subscribe", "email=%E0%A4%A&consent=yes");
    assertThat(percent.statusCode()).isEqualTo(400);
    assertNoInternals(percent);

    HttpResponse<byte[]> json =
        http.send(
            HttpRequest.newBuilder(base.resolve("subscribe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(json.statusCode()).isEqualTo(415);

    HttpResponse<byte[]> brokenMultipart =
        http.send(
            HttpRequest.newBuilder(base.resolve("unsubscribe?t=" + s.token()))
                .header("Content-Type", "multipart/form-data; boundary=abc")
                .POST(HttpRequest.BodyPublishers.ofString("--abc\r\nno headers here"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(brokenMultipart.statusCode()).isEqualTo(400);

    HttpResponse<byte[]> delete =
        http.send(
            HttpRequest.newBuilder(base.resolve("feeds/articles.rss.xml")).DELETE().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(header(delete, "Allow")).isEqualTo("GET, HEAD");
    assertSecurityHeaders(delete);

    String bigLength =
        raw(
            "POST /unsubscribe?t="
                + s.token()
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 999999999\r\nConnection: close\r\n\r\nList-Unsubscribe=One-Click");
    assertThat(bigLength).startsWith("HTTP/1.1 413 ");
    assertThat(state(s)).isEqualTo(SubscriberState.ACTIVE);
  }

  // ---------------------------------------------------------------- helpers

  private Subscriber pending(String address) {
    return store.subscribe(
        EmailAddress.parse(address), "", Consent.of(clock.instant(), "web-form", "web-form-de-1"));
  }

  private Subscriber active(String address) {
    Subscriber s = pending(address);
    return store.confirm(s.address()).orElseThrow();
  }

  /** Signs up through the store as the server does; returns the confirmation token. */
  private String signUp(String address) {
    SignUp s =
        store.signUp(
            EmailAddress.parse(address),
            "",
            Consent.of(clock.instant(), "web-form", "web-form-de-1"),
            Duration.ofHours(72),
            3,
            Duration.ofHours(24));
    assertThat(s.outcome()).isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
    return s.confirmationToken();
  }

  private SubscriberState state(Subscriber s) {
    return store.findByToken(s.token()).orElseThrow().state();
  }

  private String outboxMail(String address) throws IOException {
    Path file = outbox.resolve("confirmations").resolve(address + ".eml");
    try (Stream<Path> files = Files.list(outbox.resolve("confirmations"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains(address + ".eml");
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /** The confirm link in a quoted-printable mail. */
  static String confirmLink(String mail) {
    String decoded = mail.replace("=\r\n", "").replace("=3D", "=");
    Matcher m = Pattern.compile("https://\\S+/confirm\\?t=[A-Za-z0-9_-]+").matcher(decoded);
    assertThat(m.find()).as("confirm link in the mail").isTrue();
    return m.group();
  }

  private static String form(String email, String name) {
    return "email="
        + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&name="
        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&consent=yes&website=";
  }

  private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> post(String path, String urlEncoded) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(urlEncoded))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends bytes as they are (no client normalizes the path) and reads the whole answer. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The end of what this client sends: the server stops waiting for the announced body.
      socket.shutdownOutput();
      try {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (java.net.SocketException e) {
        return "";
      }
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> withoutDate(HttpResponse<?> r) {
    Map<String, List<String>> h = new TreeMap<>(r.headers().map());
    h.remove("date");
    return h;
  }

  private static void assertSecurityHeaders(HttpResponse<?> r) {
    assertThat(header(r, "Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("frame-ancestors 'none'");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
  }

  private static void assertNoInternals(HttpResponse<byte[]> r) {
    assertThat(body(r))
        .doesNotContain("Exception")
        .doesNotContain("at dev.rundbrief")
        .doesNotContain("SQL");
    assertSecurityHeaders(r);
  }
}
