package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot stall the server (issue 10, point 2): 500 connections trickle request heads
 * or bodies for 30 seconds (a connection the server cuts off is opened again at once, as an
 * attacker would), while another client asks {@code /health} every 200 ms on a new connection.
 * Every probe must answer {@code 200} within 1 second. Bounded: the attack stops by itself after 30
 * seconds, every socket has a read timeout.
 */
class SlowClientsIT {
  static final int CONNECTIONS = 500;
  static final long ATTACK_MILLIS = 30_000;
  static final long PROBE_EVERY_MILLIS = 200;
  static final long PROBE_LIMIT_MILLIS = 1_000;

  @TempDir Path dir;

  @Test
  void answersHealthWithinOneSecondWhile500ConnectionsTrickleHeadsAndBodies() throws Exception {
    Path pub = ServeFixtures.publicDir(dir);
    ServeFixtures.MovableClock clock =
        new ServeFixtures.MovableClock(Instant.parse("2026-11-26T07:00:00Z"));
    try (WebServer server =
        WebServer.start(
            ServeFixtures.settings(
                pub,
                () -> SubscriberStore.open(dir.resolve("rundbrief.db"), clock),
                () -> DeliveryEngine.outbox(dir.resolve("outbox")).build(),
                clock,
                Optional.empty(),
                ServeSettings.RateLimits.DEFAULT))) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.address().getPort());
      for (int i = 0; i < 20; i++) {
        probe(address); // warm-up: opening the store, class loading, JIT
      }
      assertThat(probe(address)).as("health before the attack").isLessThan(PROBE_LIMIT_MILLIS);

      ScheduledExecutorService attackers = Executors.newScheduledThreadPool(4);
      List<Trickler> tricklers = new ArrayList<>();
      AtomicLong reconnects = new AtomicLong();
      long end = System.nanoTime() + ATTACK_MILLIS * 1_000_000;
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          // 25 connections per client address (127.1.0.1, ...): under the per-client limit, so
          // that this attack tests slow requests, not ClientConnectionLimit
          // (ConnectionsPerClientIT).
          Trickler t = new Trickler(address, i % 2 == 0, end, reconnects);
          t.local = new InetSocketAddress("127.1.0." + (1 + i / 25), 0);
          tricklers.add(t);
          // Spread over the first second, then one small piece per second per connection.
          attackers.scheduleWithFixedDelay(t, i * 2L, 1_000, TimeUnit.MILLISECONDS);
        }
        List<Long> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Thread.sleep(2_000);
        while (System.nanoTime() < end) {
          long started = System.nanoTime();
          try {
            latencies.add(probe(address));
          } catch (IOException e) {
            failures.add(e.toString());
          }
          long sleep = PROBE_EVERY_MILLIS - (System.nanoTime() - started) / 1_000_000;
          if (sleep > 0) {
            Thread.sleep(sleep);
          }
        }
        long open = tricklers.stream().filter(Trickler::connected).count();
        long max = latencies.stream().mapToLong(Long::longValue).max().orElse(-1);
        List<Long> sorted = latencies.stream().sorted().toList();
        String figures =
            String.format(
                Locale.ROOT,
                "%d probes under %d trickling connections (%d reconnects after cut-offs, %d open at"
                    + " the end): median %d ms, max %d ms, %d failed%n",
                latencies.size(),
                CONNECTIONS,
                reconnects.get(),
                open,
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                max,
                failures.size());
        System.out.print("slow clients: " + figures);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "serve-slow-clients.txt"), figures);
        assertThat(failures).as("failed probes").isEmpty();
        assertThat(latencies).hasSizeGreaterThan(100);
        assertThat(max).as("slowest probe, ms").isLessThan(PROBE_LIMIT_MILLIS);
        assertThat(reconnects.get() + open)
            .as("the attack really held connections")
            .isGreaterThanOrEqualTo(CONNECTIONS);
      } finally {
        attackers.shutdownNow();
        attackers.awaitTermination(10, TimeUnit.SECONDS);
        tricklers.forEach(Trickler::close);
      }
    }
  }

  /** One GET /health on a new connection; returns the milliseconds to the status line. */
  static long probe(InetSocketAddress address) throws IOException {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(address, (int) PROBE_LIMIT_MILLIS * 5);
      s.setSoTimeout((int) PROBE_LIMIT_MILLIS * 5);
      s.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String head = new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
      if (!head.startsWith("HTTP/1.1 200")) {
        throw new IOException("health answered " + head);
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  /**
   * One attacking connection: sends a request head one header line per run, or a complete head
   * announcing a body and then one byte of it per run. Reconnects when the server cut it off.
   */
  static final class Trickler implements Runnable {
    private final InetSocketAddress address;
    private final boolean body;
    private final long endNanos;
    private final AtomicLong reconnects;
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private Socket socket;
    private int step;
    InetSocketAddress local;

    Trickler(InetSocketAddress address, boolean body, long endNanos, AtomicLong reconnects) {
      this.address = address;
      this.body = body;
      this.endNanos = endNanos;
      this.reconnects = reconnects;
    }

    @Override
    public void run() {
      if (System.nanoTime() > endNanos) {
        close();
        throw new IllegalStateException("attack over"); // ends the scheduled repetition
      }
      try {
        if (socket == null) {
          socket = new Socket();
          sockets.add(socket);
          if (local != null) {
            socket.bind(local);
          }
          socket.connect(address, 2_000);
          step = 0;
        }
        OutputStream out = socket.getOutputStream();
        out.write(next().getBytes(StandardCharsets.US_ASCII));
        // A connection the server closed fails here on the next write or the one after.
        out.flush();
      } catch (IOException e) {
        closeSocket();
        reconnects.incrementAndGet();
      }
    }

    private String next() {
      int n = step++;
      if (!body) {
        return n == 0 ? "GET /health HTTP/1.1\r\n" : "X-Slow-" + n + ": a\r\n";
      }
      if (n == 0) {
        return "POST /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n";
      }
      return "e";
    }

    boolean connected() {
      Socket s = socket;
      return s != null && s.isConnected() && !s.isClosed();
    }

    private void closeSocket() {
      Socket s = socket;
      socket = null;
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // Closing an attacking socket; nothing to do.
        }
      }
    }

    void close() {
      closeSocket();
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // As above.
        }
      }
    }
  }
}
