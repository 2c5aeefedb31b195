package dev.rundbrief.cli.serve;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server behind {@code rundbrief serve}: feeds and the web archive from {@code public/},
 * sign-up with double opt-in, confirmation, one-click unsubscribe (RFC 8058) and a health check.
 *
 * <p>It runs on the JDK's own HTTP server with a bounded thread pool and queue, request bodies of
 * at most 16 KiB, request and response time limits (30 and 60 seconds, unless the {@code
 * sun.net.httpserver.*} system properties say otherwise before the first server starts), security
 * headers on every response and no stack traces in any response. Meant to run behind a reverse
 * proxy that terminates TLS; see docs/serve.md.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final int THREADS = 16;
  private static final int QUEUE = 512;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final StoreHolder store;
  private final SignupWorker signups;
  private boolean stopped;

  private WebServer(
      HttpServer server, ThreadPoolExecutor executor, StoreHolder store, SignupWorker signups) {
    this.server = server;
    this.executor = executor;
    this.store = store;
    this.signups = signups;
  }

  /**
   * Starts a server; it serves until {@link #stop} or {@link #close}.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static WebServer start(ServeSettings settings) {
    requireNonNull(settings, "settings");
    defaultProperty("sun.net.httpserver.maxReqTime", "30");
    defaultProperty("sun.net.httpserver.maxRspTime", "60");
    defaultProperty("sun.net.httpserver.idleInterval", "30");
    defaultProperty("sun.net.httpserver.maxReqHeaders", "100");
    StoreHolder store = new StoreHolder(settings.store());
    ServeSettings.RateLimits limits = settings.limits();
    SignupWorker signups =
        new SignupWorker(
            store,
            settings.confirmationMail(),
            settings.transport(),
            settings.publicUrl(),
            new RateLimiter(limits.perAddress(), limits.addressWindow(), 10_000, settings.clock()));
    Router router =
        new Router(
            settings,
            new StaticFiles(settings.publicDir(), settings.publicUrl(), settings.websubHub()),
            store,
            signups,
            new RateLimiter(limits.perClient(), limits.clientWindow(), 10_000, settings.clock()));
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "rundbrief-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            // When pool and queue are full the JDK server closes the new connection.
            new ThreadPoolExecutor.AbortPolicy());
    try {
      HttpServer server = HttpServer.create(settings.address(), 128);
      server.createContext("/", router);
      server.setExecutor(executor);
      server.start();
      WebServer web = new WebServer(server, executor, store, signups);
      LOG.info("listening on {}", web.address());
      return web;
    } catch (IOException e) {
      executor.shutdownNow();
      signups.shutdown(0, TimeUnit.SECONDS);
      throw new UncheckedIOException(
          "cannot listen on " + settings.address() + ": " + e.getMessage(), e);
    }
  }

  /** The address the server listens on (with the real port when port 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Stops accepting connections, lets running requests finish within {@code grace}, sends the
   * queued confirmation mails (at most 10 more seconds) and closes the store. Stopping twice does
   * nothing.
   */
  public synchronized void stop(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
    executor.shutdown();
    try {
      executor.awaitTermination(Math.max(1, grace.toSeconds()), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    signups.shutdown(10, TimeUnit.SECONDS);
    store.close();
    LOG.info("stopped");
  }

  /** Stops at once: running requests are cut off; queued confirmation mails are still sent. */
  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  /** Waits until the sign-ups queued so far are stored and their mails sent (for tests). */
  boolean awaitSignups(Duration timeout) throws InterruptedException {
    return signups.awaitIdle(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
