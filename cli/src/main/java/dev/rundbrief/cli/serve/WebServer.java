package dev.rundbrief.cli.serve;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server behind {@code rundbrief serve}: feeds and the web archive from {@code public/},
 * sign-up with double opt-in, confirmation, one-click unsubscribe (RFC 8058) and a health check.
 *
 * <p>It runs on embedded Jetty 12 (core handlers, no servlets) with the limits of {@link
 * ServeSettings.ServerLimits}: a bounded number of connections and worker threads, an idle timeout,
 * a time limit for each request's head and body ({@link SlowRequests}), a maximum head and body
 * size. Request bodies are read without holding a worker thread, so clients that send slowly cost a
 * connection each and nothing else. Every response carries the security headers, none a stack
 * trace. Meant to run behind a reverse proxy that terminates TLS; see docs/serve.md.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final StoreHolder store;
  private final SignupWorker signups;
  private final AccessLog accessLog;
  private boolean stopped;

  private WebServer(
      Server server,
      ServerConnector connector,
      StoreHolder store,
      SignupWorker signups,
      AccessLog accessLog) {
    this.accessLog = accessLog;
    this.server = server;
    this.connector = connector;
    this.store = store;
    this.signups = signups;
  }

  /**
   * Starts a server; it serves until {@link #stop} or {@link #close}.
   *
   * @throws PortInUseException if another process listens on the address already
   * @throws UncheckedIOException if the address cannot be bound for another reason
   */
  public static WebServer start(ServeSettings settings) {
    requireNonNull(settings, "settings");
    ServeSettings.ServerLimits limits = settings.server();
    StoreHolder store = new StoreHolder(settings.store());
    SignupWorker signups =
        new SignupWorker(
            store,
            settings.confirmationMail(),
            settings.transport(),
            settings.publicUrl(),
            settings.limits(),
            settings.confirmationExpiry());
    AccessLog accessLog = AccessLog.create();
    Router router =
        new Router(
            settings,
            new StaticFiles(settings.publicDir(), settings.publicUrl(), settings.websubHub()),
            store,
            signups,
            new RateLimiter(
                settings.limits().perClient(),
                settings.limits().clientWindow(),
                10_000,
                settings.clock()),
            accessLog);

    // The queue of jobs is Jetty's own (growing); connections are bounded, so it is too.
    QueuedThreadPool threads =
        new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()), 60_000);
    threads.setName("rundbrief-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(0);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    // One acceptor; selectors never block. Jetty's default is one selector per two cores (one on
    // two cores), where conditional GETs on kept-alive connections ran 20 % slower than with two
    // (docs/benchmarks.md): two at least, so that each core reads and answers its own connections.
    int selectors = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    ServerConnector connector =
        new ServerConnector(server, 1, selectors, new HttpConnectionFactory(http));
    connector.setHost(settings.address().getHostString());
    connector.setPort(settings.address().getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(512);
    connector.setReuseAddress(true);
    connector.addBean(new SlowRequests(limits.requestTimeout(), server));
    connector.addBean(
        new ClientConnectionLimit(
            limits.maxConnectionsPerClient(),
            settings.limits().ipv6Prefix(),
            settings.behindProxy()));
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
    server.setErrorHandler(new ErrorPages());
    // Graceful: on stop, running requests may finish within the stop timeout.
    server.setHandler(new GracefulHandler(new Entry(router, limits.maxFormBytes(), threads)));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      signups.shutdown(0, TimeUnit.SECONDS);
      accessLog.close();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new PortInUseException(settings.address(), e);
      }
      throw new UncheckedIOException(
          "cannot listen on " + settings.address() + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    WebServer web = new WebServer(server, connector, store, signups, accessLog);
    LOG.info("listening on {}", web.address());
    return web;
  }

  /** The address could not be bound because something listens there already. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(InetSocketAddress address, Throwable cause) {
      super(
          "port "
              + address.getPort()
              + " on "
              + address.getHostString()
              + " is already in use; stop the other server or choose another with --port",
          cause);
    }
  }

  /** The address the server listens on (with the real port when port 0 was asked for). */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /**
   * Stops accepting connections, lets running requests finish within {@code grace} (idle
   * connections are closed at once), sends the queued confirmation mails (at most 10 more seconds)
   * and closes the store. Stopping twice does nothing.
   */
  public synchronized void stop(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    server.setStopTimeout(Math.max(0, grace.toMillis()));
    stopQuietly(server);
    accessLog.close();
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

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the HTTP server: {}", e.toString());
    }
  }

  /**
   * The one handler. Files and pages that need no database are answered where the request was
   * parsed (as nginx does: a cached file costs a {@code stat} and a write, and a hand-off to
   * another thread would cost more); requests that read or write the store go to a worker thread; a
   * POST body is first read without any thread (bounded by the form size, failed by the idle and
   * request timeouts when the client stalls).
   */
  private static final class Entry extends Handler.Abstract.NonBlocking {
    private static final byte[] NO_BODY = new byte[0];
    private final Router router;
    private final int maxBody;
    private final QueuedThreadPool workers;

    Entry(Router router, int maxBody, QueuedThreadPool workers) {
      this.router = router;
      this.maxBody = maxBody;
      this.workers = workers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long start = System.nanoTime();
      if (!"POST".equals(request.getMethod())) {
        Exchange exchange = new Exchange(request, response, callback, NO_BODY, false);
        if (Router.usesStore(exchange.rawPath())) {
          workers.execute(() -> router.handle(exchange, start));
        } else {
          router.handle(exchange, start);
        }
        return true;
      }
      if (request.getLength() > maxBody) {
        // Refused before a byte of it is read; Jetty closes the connection after the answer.
        Exchange exchange = new Exchange(request, response, callback, NO_BODY, true);
        workers.execute(() -> router.handle(exchange, start));
        return true;
      }
      // BLOCKING: Jetty calls back on a worker thread, never on the selector.
      Content.Source.asByteArrayAsync(
          request,
          maxBody + 1,
          Promise.Invocable.from(
              Invocable.InvocationType.BLOCKING,
              (byte[] bytes, Throwable failure) -> {
                if (failure != null) {
                  // Too large, too slow, or the client went away: one short answer if possible.
                  Response.writeError(
                      request,
                      response,
                      callback,
                      failure instanceof TimeoutException
                          ? HttpStatus.REQUEST_TIMEOUT_408
                          : HttpStatus.PAYLOAD_TOO_LARGE_413);
                  return;
                }
                boolean tooLarge = bytes.length > maxBody;
                router.handle(
                    new Exchange(request, response, callback, tooLarge ? NO_BODY : bytes, tooLarge),
                    start);
              }));
      return true;
    }
  }

  /** Jetty's own error answers (bad request lines, heads too large): short, with our headers. */
  private static final class ErrorPages extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object code = request.getAttribute(ERROR_STATUS);
      int status = code instanceof Integer i ? i : response.getStatus();
      if (status < 400) {
        status = 500;
      }
      Responses.securityHeaders(response.getHeaders());
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, body(status), callback);
      return true;
    }

    private static ByteBuffer body(int status) {
      String reason = HttpStatus.getMessage(status);
      return ByteBuffer.wrap((status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
