package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetches never reach internal addresses unless a network is allowed, checked on every hop. */
class FeedSsrfIT {
  private static final String FEED =
      "<rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link>"
          + "<description>d</description><item><title>Intern</title></item></channel></rss>";

  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          try (exchange) {
            String location = exchange.getRequestURI().getQuery();
            if (location != null && location.startsWith("to=")) {
              exchange.getResponseHeaders().add("Location", location.substring(3));
              exchange.sendResponseHeaders(302, -1);
              return;
            }
            byte[] body = FEED.getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static FeedReader reader(String... allowed) {
    return FeedReader.builder()
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .allowNetworks(List.of(allowed))
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "2130706433", "[::ffff:127.0.0.1]", "[::1]", "localhost"})
  void refusesLoopbackInEveryNotationWithoutSendingARequest(String host) {
    URI url = URI.create("http://" + host + ":" + port() + "/feed.xml");
    assertThatThrownBy(() -> reader().fetch(url))
        .isInstanceOf(FeedFetchException.class)
        .hasMessageContaining("internal address");
    assertThat(hits).hasValue(0);
  }

  @Test
  void readsFromALoopbackNetworkThatTheSettingsAllow() {
    FeedDocument doc = reader("127.0.0.0/8").fetch(URI.create("http://127.0.0.1:" + port() + "/"));
    assertThat(doc.articles()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.2:PORT/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]:PORT/",
        "http://0.0.0.0:PORT/",
        "http://224.0.0.1/"
      })
  void refusesARedirectToAnInternalAddressEvenFromAnAllowedOne(String target) {
    String to = target.replace("PORT", Integer.toString(port()));
    URI url = URI.create("http://127.0.0.1:" + port() + "/?to=" + to);
    assertThatThrownBy(() -> reader("127.0.0.1/32").fetch(url))
        .isInstanceOf(FeedFetchException.class)
        .hasMessageContaining("internal address");
    assertThat(hits).hasValue(1);
  }

  @Test
  void saysWhatIsWrongWhenNothingListensOnThePort() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closed + "/");
    assertThatThrownBy(() -> reader("127.0.0.0/8").fetch(url))
        .isInstanceOf(FeedFetchException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining("null");
  }

  @Test
  void neverEchoesTheBannerOfAServiceThatIsNotHttp() throws Exception {
    try (ServerSocket banner = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = banner.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write("SSH-2.0-OpenSSH_9.2 secret-banner-7f3a\r\n".getBytes(UTF_8));
                  out.flush();
                  s.getInputStream().readNBytes(64);
                } catch (IOException ignored) {
                  // the client hung up: that is the end of this one-shot server
                }
              });
      t.setDaemon(true);
      t.start();
      URI url = URI.create("http://127.0.0.1:" + banner.getLocalPort() + "/");
      assertThatThrownBy(() -> reader("127.0.0.0/8").fetch(url))
          .isInstanceOf(FeedFetchException.class)
          .hasMessageNotContaining("secret-banner")
          .hasMessageNotContaining("SSH-2.0");
      t.join(5000);
    }
  }

  @Test
  void classifiesAddresses() throws Exception {
    for (String internal :
        List.of(
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1")) {
      assertThat(Networks.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
    }
    for (String external : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111")) {
      assertThat(Networks.isInternal(InetAddress.getByName(external))).as(external).isFalse();
    }
    assertThatThrownBy(() -> Networks.of(List.of("example.org/8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example.org/8");
    assertThatThrownBy(() -> Networks.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
