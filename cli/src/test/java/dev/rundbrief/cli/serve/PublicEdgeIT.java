package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SubscriberCsv;
import dev.rundbrief.store.SubscriberStore;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public edge of issue 10 against the running server: consent nobody can forge, rate limits
 * that hold, cross-site forms refused, names that would break the mail refused, and the same work
 * for every address state. The server runs as behind a local proxy, so that each request can come
 * from another client address through {@code X-Forwarded-For}.
 */
class PublicEdgeIT {
  private static final Instant START = Instant.parse("2026-11-26T07:00:00Z");

  @TempDir Path dir;
  private Path pub;
  private Path outbox;
  private ServeFixtures.MovableClock clock;
  private SubscriberStore store;
  private WebServer server;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private int clientCounter;

  @BeforeEach
  void start() throws Exception {
    pub = ServeFixtures.publicDir(dir);
    outbox = dir.resolve("outbox");
    clock = new ServeFixtures.MovableClock(START);
    store = SubscriberStore.open(dir.resolve("rundbrief.db"), clock);
    server = start(ServeSettings.RateLimits.DEFAULT);
  }

  private WebServer start(ServeSettings.RateLimits limits) {
    ServeSettings s =
        ServeFixtures.settings(
            pub,
            // The server's own connection, as in production: a restart opens the file again.
            () -> SubscriberStore.open(dir.resolve("rundbrief.db"), clock),
            () -> DeliveryEngine.outbox(outbox).build(),
            clock,
            Optional.empty(),
            limits);
    WebServer w =
        WebServer.start(
            new ServeSettings(
                s.address(),
                s.publicDir(),
                s.publicUrl(),
                s.language(),
                s.title(),
                s.websubHub(),
                true,
                s.store(),
                s.confirmationMail(),
                s.transport(),
                s.confirmationExpiry(),
                s.limits(),
                s.server(),
                s.clock()));
    base = URI.create("http://127.0.0.1:" + w.address().getPort() + "/");
    return w;
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  // ------------------------------------------------------------------ 1. consent

  @Test
  void anUnsubscribeLinkFromAnOldNewsletterNeverConfirmsSomeoneElsesSignUp() throws Exception {
    Subscriber anna = confirmedThroughTheForm("anna@example.org", "Anna", "192.0.2.10");
    String oldNewsletterToken = anna.token();

    // 1. Anna unsubscribes with one click.
    assertThat(
            post("unsubscribe?t=" + oldNewsletterToken, "List-Unsubscribe=One-Click", "")
                .statusCode())
        .isEqualTo(200);
    assertThat(state("anna@example.org")).isEqualTo(SubscriberState.UNSUBSCRIBED);

    // 2. A third party signs her up again under another name.
    assertThat(post("subscribe", form("anna@example.org", "Mallory"), "203.0.113.66").statusCode())
        .isEqualTo(200);
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(state("anna@example.org")).isEqualTo(SubscriberState.PENDING);

    // 3. ...and posts the token from Anna's old newsletter to /confirm.
    HttpResponse<String> forged = post("confirm", "t=" + "Q".repeat(32), "203.0.113.66");
    HttpResponse<String> withOldToken = post("confirm", "t=" + oldNewsletterToken, "203.0.113.66");
    assertThat(withOldToken.statusCode()).isEqualTo(forged.statusCode()).isEqualTo(404);
    assertThat(withOldToken.body()).isEqualTo(forged.body());
    HttpResponse<String> viaQuery = post("confirm?t=" + oldNewsletterToken, "", "203.0.113.66");
    assertThat(viaQuery.statusCode()).isEqualTo(404);

    Subscriber after = store.find(EmailAddress.parse("anna@example.org")).orElseThrow();
    assertThat(after.state()).isEqualTo(SubscriberState.PENDING);
    assertThat(after.consent().confirmation()).isEmpty();
    assertThat(after.consent().ip()).isEqualTo("203.0.113.66");
  }

  @Test
  void aConfirmationLinkWorksOnceAndANewerSignUpMakesEveryEarlierLinkDead() throws Exception {
    String first = signUpAndReadLink("ben@example.org", "Ben", "192.0.2.20");
    clock.advance(Duration.ofMinutes(1));
    String second = signUpAndReadLink("ben@example.org", "Ben", "192.0.2.20");
    assertThat(second).isNotEqualTo(first);

    assertThat(post("confirm", "t=" + first, "192.0.2.20").statusCode()).isEqualTo(404);
    assertThat(get("confirm?t=" + first).statusCode()).isEqualTo(404);
    assertThat(state("ben@example.org")).isEqualTo(SubscriberState.PENDING);

    assertThat(post("confirm", "t=" + second, "192.0.2.21").statusCode()).isEqualTo(200);
    Subscriber confirmed = store.find(EmailAddress.parse("ben@example.org")).orElseThrow();
    assertThat(confirmed.state()).isEqualTo(SubscriberState.ACTIVE);

    clock.advance(Duration.ofMinutes(5));
    assertThat(post("confirm", "t=" + second, "198.51.100.9").statusCode()).isEqualTo(200);
    Subscriber again = store.find(EmailAddress.parse("ben@example.org")).orElseThrow();
    assertThat(again.consent()).isEqualTo(confirmed.consent());
  }

  @Test
  void theConsentRecordSaysWhoConfirmedWhenAndFromWhichAddress() throws Exception {
    String link = signUpAndReadLink("carla@example.org", "Carla", "192.0.2.30");
    clock.advance(Duration.ofMinutes(7));
    assertThat(post("confirm", "t=" + link, "2001:db8:7::30").statusCode()).isEqualTo(200);

    Subscriber s = store.find(EmailAddress.parse("carla@example.org")).orElseThrow();
    assertThat(s.consent().subscribedAt()).isEqualTo(START);
    assertThat(s.consent().ip()).isEqualTo("192.0.2.30");
    assertThat(s.consent().confirmedAt()).isEqualTo(START.plus(Duration.ofMinutes(7)));
    assertThat(s.consent().confirmedIp()).isEqualTo("2001:db8:7:0:0:0:0:30");
    StringWriter csv = new StringWriter();
    SubscriberCsv.exportCsv(store, csv);
    assertThat(csv.toString())
        .contains(",confirmed_ip\r\n")
        .contains("192.0.2.30,,2001:db8:7:0:0:0:0:30");
  }

  // ------------------------------------------------------------------ 4. rate limits

  @Test
  void countsIpv6ClientsPerSlash64AndIpv4ClientsPerAddressExactlyAsDocumented() throws Exception {
    for (int i = 1; i <= 10; i++) {
      assertThat(
              post("subscribe", form("v6-" + i + "@example.org", ""), "2001:db8:aa:1::" + i)
                  .statusCode())
          .as("sign-up %d from one /64", i)
          .isEqualTo(200);
    }
    HttpResponse<String> limited =
        post("subscribe", form("v6-11@example.org", ""), "2001:db8:aa:1:ffff:1:2:3");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(590L, 600L);
    assertThat(post("subscribe", form("v6-12@example.org", ""), "2001:db8:aa:2::1").statusCode())
        .isEqualTo(200);

    for (int i = 1; i <= 10; i++) {
      assertThat(post("subscribe", form("v4-" + i + "@example.org", ""), "192.0.2.77").statusCode())
          .isEqualTo(200);
    }
    assertThat(post("subscribe", form("v4-11@example.org", ""), "192.0.2.77").statusCode())
        .isEqualTo(429);
    assertThat(post("subscribe", form("v4-12@example.org", ""), "192.0.2.78").statusCode())
        .isEqualTo(200);

    // Exactly 10 in any 10 minutes, never about 20: after 9 minutes still limited.
    clock.advance(Duration.ofMinutes(9));
    assertThat(post("subscribe", form("v4-13@example.org", ""), "192.0.2.77").statusCode())
        .isEqualTo(429);
    clock.advance(Duration.ofMinutes(1));
    assertThat(post("subscribe", form("v4-14@example.org", ""), "192.0.2.77").statusCode())
        .isEqualTo(200);
  }

  @Test
  void keepsTheMailCountPerAddressThroughRestartsAndSignUpsForOtherAddresses() throws Exception {
    Path mail = outbox.resolve("confirmations/dora@example.org.eml");
    for (int i = 0; i < 3; i++) {
      post("subscribe", form("dora@example.org", ""), "192.0.2." + (100 + i));
      assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
      assertThat(mail).as("mail %d", i + 1).exists();
      Files.delete(mail);
    }
    // Churn: many other addresses (an in-memory map of 10,000 keys forgot the victim).
    for (int i = 0; i < 300; i++) {
      store.signUp(
          EmailAddress.parse("churn-" + i + "@example.org"),
          "",
          dev.rundbrief.mail.Consent.of(clock.instant(), "web-form", "web-form-de-1"),
          Duration.ofHours(72),
          3,
          Duration.ofHours(24));
    }
    server.close();
    server = start(ServeSettings.RateLimits.DEFAULT);

    HttpResponse<String> fourth = post("subscribe", form("dora@example.org", ""), "192.0.2.104");
    assertThat(fourth.statusCode()).isEqualTo(200);
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(mail).as("a fourth mail the same day").doesNotExist();
    assertThat(attempts("dora@example.org")).isEqualTo(4);

    clock.advance(Duration.ofHours(24));
    post("subscribe", form("dora@example.org", ""), "192.0.2.105");
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(mail).as("a mail the next day").exists();
  }

  @Test
  void refusesCrossSiteFormPostsButAcceptsTheOneClickPostFromAnywhere() throws Exception {
    HttpResponse<String> evil =
        send(
            "subscribe",
            form("eve@example.org", ""),
            Map.of("Origin", "https://evil.example", "X-Forwarded-For", "192.0.2.40"));
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.body()).contains("Anfrage abgelehnt");
    HttpResponse<String> fetchMeta =
        send(
            "subscribe",
            form("eve@example.org", ""),
            Map.of("Sec-Fetch-Site", "cross-site", "X-Forwarded-For", "192.0.2.40"));
    assertThat(fetchMeta.statusCode()).isEqualTo(403);
    assertThat(
            send(
                    "subscribe",
                    form("eve@example.org", ""),
                    Map.of("Sec-Fetch-Site", "same-site", "X-Forwarded-For", "192.0.2.40"))
                .statusCode())
        .isEqualTo(403);
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    assertThat(store.find(EmailAddress.parse("eve@example.org"))).isEmpty();

    for (Map<String, String> sameSite :
        List.of(
            Map.of("Origin", "https://news.example.org"),
            Map.of("Origin", "http://127.0.0.1:" + base.getPort()),
            Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://news.example.org"),
            Map.<String, String>of())) {
      Map<String, String> h = new LinkedHashMap<>(sameSite);
      h.put("X-Forwarded-For", "192.0.2." + (41 + clientCounter++));
      assertThat(send("subscribe", form("fine@example.org", ""), h).statusCode())
          .as(sameSite.toString())
          .isEqualTo(200);
    }

    String link = signUpAndReadLink("gina@example.org", "", "192.0.2.50");
    assertThat(
            send(
                    "confirm",
                    "t=" + link,
                    Map.of("Sec-Fetch-Site", "cross-site", "X-Forwarded-For", "192.0.2.50"))
                .statusCode())
        .isEqualTo(403);
    assertThat(state("gina@example.org")).isEqualTo(SubscriberState.PENDING);

    Subscriber hans = confirmedThroughTheForm("hans@example.org", "", "192.0.2.60");
    HttpResponse<String> oneClick =
        send(
            "unsubscribe?t=" + hans.token(),
            "List-Unsubscribe=One-Click",
            Map.of("Origin", "https://mail.provider.example", "Sec-Fetch-Site", "cross-site"));
    assertThat(oneClick.statusCode()).isEqualTo(200);
    assertThat(state("hans@example.org")).isEqualTo(SubscriberState.UNSUBSCRIBED);
  }

  // ------------------------------------------------------------------ 6. names

  @Test
  void refusesNamesWithLineOrParagraphSeparatorsOrControlCharactersWithAClearMessage()
      throws Exception {
    int i = 0;
    for (String name :
        List.of(
            "Anna\u2028Bcc: x@example.net",
            "Anna\u2029M",
            "Anna\u0085M",
            "Anna\tM",
            "Anna\u202eM")) {
      String address = "sep" + i++ + "@example.org";
      HttpResponse<String> r = post("subscribe", form(address, name), "192.0.2." + (70 + i));
      assertThat(r.statusCode()).as(name).isEqualTo(400);
      assertThat(r.body())
          .contains("Der Name ist ungültig")
          .contains("keine Zeilenumbrüche, Steuer- oder Trennzeichen");
      assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
      assertThat(store.find(EmailAddress.parse(address))).isEmpty();
    }
    assertThat(
            post("subscribe", form("ok@example.org", "Zoë Ørsted-Łukasz"), "192.0.2.79")
                .statusCode())
        .isEqualTo(200);
  }

  // ------------------------------------------------------------------ 5. timing

  @Test
  void doesTheSameWorkForNewActiveAndUnsubscribedAddresses() throws Exception {
    confirmedThroughTheForm("aktiv@example.org", "", "192.0.2.90");
    Subscriber gone = confirmedThroughTheForm("weg@example.org", "", "192.0.2.91");
    post("unsubscribe?t=" + gone.token(), "List-Unsubscribe=One-Click", "");
    enum Kind {
      NEW,
      ACTIVE,
      UNSUBSCRIBED
    }
    Map<Kind, List<Long>> followUp = new EnumMap<>(Kind.class);
    int rounds = 30;
    for (int round = 0; round < rounds; round++) {
      clock.advance(Duration.ofHours(24)); // a fresh mail allowance every round
      for (Kind kind : Kind.values()) {
        String address =
            switch (kind) {
              case NEW -> "neu-" + round + "@example.org";
              case ACTIVE -> "aktiv@example.org";
              case UNSUBSCRIBED -> "weg@example.org";
            };
        HttpResponse<String> r =
            post("subscribe", form(address, ""), "198.51.100." + (round % 200));
        assertThat(r.statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        assertThat(get("unsubscribe?t=" + "Z".repeat(32)).statusCode()).isEqualTo(404);
        followUp.computeIfAbsent(kind, k -> new ArrayList<>()).add(System.nanoTime() - start);
        assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
        if (kind == Kind.UNSUBSCRIBED) {
          Subscriber s = store.find(EmailAddress.parse(address)).orElseThrow();
          post("unsubscribe?t=" + s.token(), "List-Unsubscribe=One-Click", "");
        }
      }
    }
    // The same store work for every state: each sign-up was counted in the store, whatever the
    // address's state, in one transaction per sign-up.
    assertThat(attempts("aktiv@example.org")).isEqualTo(1);
    assertThat(attempts("weg@example.org")).isEqualTo(1);
    assertThat(attempts("neu-" + (rounds - 1) + "@example.org")).isEqualTo(1);
    StringBuilder figures = new StringBuilder();
    for (Kind kind : Kind.values()) {
      List<Long> sorted = followUp.get(kind).stream().sorted().toList();
      figures.append(
          String.format(
              Locale.ROOT,
              "follow-up request after a sign-up of a %s address: median %.2f ms (%d rounds)%n",
              kind.name().toLowerCase(Locale.ROOT),
              sorted.get(sorted.size() / 2) / 1e6,
              sorted.size()));
    }
    System.out.print(figures);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "serve-signup-timing.txt"), figures);
  }

  // ------------------------------------------------------------------ helpers

  private Subscriber confirmedThroughTheForm(String address, String name, String ip)
      throws Exception {
    String link = signUpAndReadLink(address, name, ip);
    assertThat(post("confirm", "t=" + link, ip).statusCode()).isEqualTo(200);
    Subscriber s = store.find(EmailAddress.parse(address)).orElseThrow();
    assertThat(s.state()).isEqualTo(SubscriberState.ACTIVE);
    return s;
  }

  /** Signs up through the form and returns the token of the confirmation link mailed. */
  private String signUpAndReadLink(String address, String name, String ip) throws Exception {
    Path mail = outbox.resolve("confirmations").resolve(address + ".eml");
    Files.deleteIfExists(mail);
    assertThat(post("subscribe", form(address, name), ip).statusCode()).isEqualTo(200);
    assertThat(server.awaitSignups(Duration.ofSeconds(10))).isTrue();
    String link = WebServerIT.confirmLink(Files.readString(mail, StandardCharsets.US_ASCII));
    return link.substring(link.indexOf("t=") + 2);
  }

  private int attempts(String address) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rundbrief.db"));
        PreparedStatement ps =
            c.prepareStatement("SELECT attempts FROM signup_count WHERE address_key = ?")) {
      ps.setString(1, EmailAddress.parse(address).key());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private SubscriberState state(String address) {
    return store.find(EmailAddress.parse(address)).orElseThrow().state();
  }

  private static String form(String email, String name) {
    return "email="
        + URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&name="
        + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&consent=yes&website=";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form POST from the given client address (through the trusted local proxy), or the peer. */
  private HttpResponse<String> post(String path, String body, String clientIp) throws Exception {
    return send(path, body, clientIp.isEmpty() ? Map.of() : Map.of("X-Forwarded-For", clientIp));
  }

  private HttpResponse<String> send(String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
