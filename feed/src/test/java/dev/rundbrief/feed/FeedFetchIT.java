package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedFetchIT {
  private static final String FEED =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
          + "<title>Lokalzeitung Süd</title><description>d</description>"
          + "<item><title>Brücke in Würzburg eröffnet</title><link>artikel/bruecke</link>"
          + "<pubDate>Mon, 02 Jun 2025 10:00:00 +0200</pubDate></item></channel></rss>";

  private HttpServer server;
  private ExecutorService executor;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
  private final List<String> userAgents = new CopyOnWriteArrayList<>();
  private final List<String> acceptEncodings = new CopyOnWriteArrayList<>();

  private final FeedReader reader =
      FeedReader.builder()
          .connectTimeout(Duration.ofSeconds(2))
          .requestTimeout(Duration.ofSeconds(5))
          .projectUrl(URI.create("https://rundbrief.example/about"))
          .allowNetworks(List.of("127.0.0.0/8"))
          .build();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    executor.shutdownNow();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          requests.add(exchange.getRequestURI().getPath());
          String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
          ifNoneMatch.add(inm == null ? "" : inm);
          userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
          String ae = exchange.getRequestHeaders().getFirst("Accept-Encoding");
          acceptEncodings.add(ae == null ? "" : ae);
          try (exchange) {
            handler.handle(exchange);
          }
        });
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Test
  void fetchesAFeedWithItsEtagThenCostsOne304WhenUnchanged() {
    handle(
        "/feed.xml",
        exchange -> {
          if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            send(exchange, 304, new byte[0]);
            return;
          }
          exchange.getResponseHeaders().add("ETag", "\"v1\"");
          exchange.getResponseHeaders().add("Last-Modified", "Mon, 02 Jun 2025 08:00:00 GMT");
          exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
          send(exchange, 200, FEED.getBytes(UTF_8));
        });

    FetchResult first = reader.fetch(url("/feed.xml"), FetchState.none());

    assertThat(first).isInstanceOf(FetchResult.Modified.class);
    FeedDocument document = ((FetchResult.Modified) first).document();
    assertThat(document.title()).isEqualTo("Lokalzeitung Süd");
    assertThat(document.articles().get(0).link()).contains(url("/artikel/bruecke"));
    assertThat(first.state()).isEqualTo(FetchState.of("\"v1\"", "Mon, 02 Jun 2025 08:00:00 GMT"));

    FetchResult second = reader.fetch(url("/feed.xml"), first.state());

    assertThat(second).isEqualTo(new FetchResult.NotModified(first.state()));
    assertThat(requests).containsExactly("/feed.xml", "/feed.xml");
    assertThat(ifNoneMatch).containsExactly("", "\"v1\"");
    assertThat(userAgents.get(0))
        .matches("Rundbrief/\\S+ \\(\\+https://rundbrief\\.example/about\\)");
  }

  @Test
  void decodesAGzipBody() {
    handle(
        "/gz.xml",
        exchange -> {
          ByteArrayOutputStream zipped = new ByteArrayOutputStream();
          try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(FEED.getBytes(UTF_8));
          }
          exchange.getResponseHeaders().add("Content-Encoding", "gzip");
          send(exchange, 200, zipped.toByteArray());
        });

    FeedDocument document = reader.fetch(url("/gz.xml"));

    assertThat(acceptEncodings).containsExactly("gzip");
    assertThat(document.articles().get(0).title()).isEqualTo("Brücke in Würzburg eröffnet");
  }

  @Test
  void followsARedirectAndResolvesLinksAgainstTheFinalUrl() {
    handle(
        "/alt/feed",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/neu/feed.xml");
          send(exchange, 301, new byte[0]);
        });
    handle("/neu/feed.xml", exchange -> send(exchange, 200, FEED.getBytes(UTF_8)));

    FeedDocument document = reader.fetch(url("/alt/feed"));

    assertThat(requests).containsExactly("/alt/feed", "/neu/feed.xml");
    assertThat(document.source()).isEqualTo(url("/neu/feed.xml").toString());
    assertThat(document.articles().get(0).link()).contains(url("/neu/artikel/bruecke"));
  }

  @Test
  void stopsAfterTooManyRedirects() {
    handle(
        "/schleife",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/schleife");
          send(exchange, 302, new byte[0]);
        });
    FeedReader strict =
        FeedReader.builder().maxRedirects(2).allowNetworks(List.of("127.0.0.0/8")).build();

    assertThatThrownBy(() -> strict.fetch(url("/schleife")))
        .isInstanceOf(FeedFetchException.class)
        .hasMessage("feed '" + url("/schleife") + "': redirected more than 2 times");
    assertThat(requests).hasSize(3);
  }

  @Test
  void abortsABodyThatGrowsPastTheLimitWhileStreaming() {
    handle(
        "/riesig.xml",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
          try (OutputStream out = exchange.getResponseBody()) {
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 2_000; i++) {
              out.write(chunk);
            }
          } catch (IOException expected) {
            // The client hung up once it had seen enough.
          }
        });
    FeedReader small =
        FeedReader.builder().maxBytes(100_000).allowNetworks(List.of("127.0.0.0/8")).build();

    assertThatThrownBy(() -> small.fetch(url("/riesig.xml")))
        .isInstanceOf(FeedFetchException.class)
        .hasMessageStartingWith("feed '" + url("/riesig.xml") + "': sent more than 100000 bytes");
  }

  @Test
  void refusesADeclaredLengthOverTheLimitBeforeReadingTheBody() {
    handle("/gross.xml", exchange -> send(exchange, 200, new byte[200_000]));
    FeedReader small =
        FeedReader.builder().maxBytes(100_000).allowNetworks(List.of("127.0.0.0/8")).build();

    assertThatThrownBy(() -> small.fetch(url("/gross.xml")))
        .isInstanceOf(FeedFetchException.class)
        .hasMessage(
            "feed '"
                + url("/gross.xml")
                + "': sent more than 100000 bytes (at least 200000); the limit is 100000");
  }

  @Test
  void givesUpOnASlowServerAfterTheRequestTimeout() {
    handle(
        "/langsam.xml",
        exchange -> {
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    FeedReader impatient =
        FeedReader.builder()
            .requestTimeout(Duration.ofMillis(500))
            .allowNetworks(List.of("127.0.0.0/8"))
            .build();
    long start = System.nanoTime();

    assertThatThrownBy(() -> impatient.fetch(url("/langsam.xml")))
        .isInstanceOf(FeedFetchException.class)
        .hasMessageMatching(
            "feed '" + url("/langsam.xml") + "': no (complete )?answer within 500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void namesTheUrlAndStatusWhenTheFeedIsMissing() {
    handle("/", exchange -> send(exchange, 404, "nicht da".getBytes(UTF_8)));

    assertThatThrownBy(() -> reader.fetch(url("/weg.xml")))
        .isInstanceOf(FeedFetchException.class)
        .hasMessage(
            "feed '"
                + url("/weg.xml")
                + "': HTTP status 404 (the feed is gone; check the address or the site's current"
                + " feed link)")
        .satisfies(e -> assertThat(((FeedFetchException) e).status()).isEqualTo(404));
  }

  @Test
  void neverRequestsAnExternalDtdNamedInAFeed() {
    handle("/evil.dtd", exchange -> send(exchange, 200, "<!ENTITY x \"boom\">".getBytes(UTF_8)));
    String feed =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \""
            + url("/evil.dtd")
            + "\">\n<rss version=\"2.0\"><channel><title>T</title>"
            + "<item><title>Sicher</title></item></channel></rss>";

    FeedDocument document = reader.read(feed.getBytes(UTF_8), "dtd.xml");

    assertThat(document.articles().get(0).title()).isEqualTo("Sicher");
    assertThat(requests).isEmpty();
  }

  @Test
  void neverRequestsAnExternalHttpEntity() {
    handle("/secret", exchange -> send(exchange, 200, "geheim".getBytes(UTF_8)));
    String feed =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \""
            + url("/secret")
            + "\">]>\n<rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>";

    assertThatThrownBy(() -> reader.read(feed.getBytes(UTF_8), "xxe-http.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("internal subset")
        .hasMessageNotContaining("geheim");
    assertThat(requests).isEmpty();
  }
}
