package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client cannot take every connection (issue 28, point 4): 2,001 idle connections from one
 * address used to fill the global limit of 2,000, and every {@code /health} probe of other clients
 * timed out. With the default limits, the attacker keeps at most 50 connections (the rest are
 * closed as they open) and other clients, here other loopback addresses, are answered. Real sockets
 * on loopback; every loop is bounded and every socket has a timeout.
 */
class ConnectionsPerClientIT {
  static final int ATTACK = 2_001;

  @TempDir Path dir;

  @Test
  void twoThousandAndOneIdleConnectionsFromOneClientCannotLockOthersOutOfHealth() throws Exception {
    Path pub = ServeFixtures.publicDir(dir);
    ServeFixtures.MovableClock clock =
        new ServeFixtures.MovableClock(Instant.parse("2026-11-26T07:00:00Z"));
    ServeSettings settings =
        ServeFixtures.settings(
            pub,
            () -> SubscriberStore.open(dir.resolve("rundbrief.db"), clock),
            () -> DeliveryEngine.outbox(dir.resolve("outbox")).build(),
            clock,
            Optional.empty(),
            ServeSettings.RateLimits.DEFAULT);
    assertThat(settings.server().maxConnections()).isEqualTo(2_000);
    assertThat(settings.server().maxConnectionsPerClient()).isEqualTo(50);
    List<Socket> attack = new ArrayList<>();
    try (WebServer server = WebServer.start(settings)) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.address().getPort());
      assertThat(health(address, "127.0.0.2")).isEqualTo("HTTP/1.1 200");
      for (int i = 0; i < ATTACK; i++) {
        Socket s = new Socket();
        attack.add(s);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        s.connect(address, 2_000);
      }

      assertThat(health(address, "127.0.0.2")).as("another client").isEqualTo("HTTP/1.1 200");
      assertThat(health(address, "127.0.0.3")).as("a third client").isEqualTo("HTTP/1.1 200");

      long deadline = System.nanoTime() + 10_000_000_000L;
      int open = stillOpen(attack);
      while (open > 50 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        open = stillOpen(attack);
      }
      assertThat(open).as("attacking connections the server kept").isEqualTo(50);

      // The attacker's own share is used up: a further connection is closed at once.
      Socket more = new Socket();
      attack.add(more);
      more.bind(new InetSocketAddress("127.0.0.1", 0));
      more.connect(address, 2_000);
      more.setSoTimeout(5_000);
      assertThat(readOrClosed(more)).as("a connection beyond the share").isEqualTo(-1);
    } finally {
      for (Socket s : attack) {
        s.close();
      }
    }
  }

  @Test
  void behindAProxyThePerClientLimitDoesNotCountTheProxysLoopbackConnections() throws Exception {
    Path pub = ServeFixtures.publicDir(dir);
    ServeFixtures.MovableClock clock =
        new ServeFixtures.MovableClock(Instant.parse("2026-11-26T07:00:00Z"));
    ServeSettings s =
        ServeFixtures.settings(
            pub,
            () -> SubscriberStore.open(dir.resolve("rundbrief.db"), clock),
            () -> DeliveryEngine.outbox(dir.resolve("outbox")).build(),
            clock,
            Optional.empty(),
            ServeSettings.RateLimits.DEFAULT);
    ServeSettings behindProxy =
        new ServeSettings(
            new InetSocketAddress("127.0.0.1", 0),
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
            new ServeSettings.ServerLimits(
                200,
                5,
                s.server().maxThreads(),
                s.server().idleTimeout(),
                s.server().requestTimeout(),
                s.server().maxHeaderBytes(),
                s.server().maxFormBytes()),
            s.clock());
    List<Socket> proxy = new ArrayList<>();
    try (WebServer server = WebServer.start(behindProxy)) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.address().getPort());
      for (int i = 0; i < 20; i++) {
        Socket c = new Socket();
        proxy.add(c);
        c.connect(address, 2_000);
      }
      Thread.sleep(500);
      assertThat(stillOpen(proxy)).as("the proxy's connections").isEqualTo(20);
      assertThat(health(address, "127.0.0.1")).isEqualTo("HTTP/1.1 200");
    } finally {
      for (Socket c : proxy) {
        c.close();
      }
    }
  }

  /** The status line of one GET /health from the local address {@code from}. */
  static String health(InetSocketAddress server, String from) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(server, 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  /** How many of the sockets the server has not closed (a read waits at most 1 ms on each). */
  private static int stillOpen(List<Socket> sockets) throws IOException {
    int open = 0;
    for (Socket s : sockets) {
      if (s.isClosed()) {
        continue;
      }
      s.setSoTimeout(1);
      if (readOrClosed(s) == -1) {
        s.close();
      } else {
        open++;
      }
    }
    return open;
  }

  /** -1 when the server closed the connection, 0 when the read timed out with it open. */
  private static int readOrClosed(Socket s) {
    try {
      return s.getInputStream().read() < 0 ? -1 : 1;
    } catch (SocketTimeoutException e) {
      return 0;
    } catch (IOException e) {
      return -1;
    }
  }
}
