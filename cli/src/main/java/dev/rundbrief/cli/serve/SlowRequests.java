package dev.rundbrief.cli.serve;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that trickle: a client that keeps sending bytes without completing a request
 * for about {@code timeout} loses its connection. Jetty's idle timeout alone cannot do this (each
 * byte resets it), and its minimum-data-rate handler measures the bytes of all requests together,
 * not one request's.
 *
 * <p>Every connection is looked at every half {@code timeout}: when bytes arrived since the last
 * look but no new request was completed, twice in a row, it is closed. A connection that sends
 * nothing is left to the idle timeout; one that completes requests is never touched.
 */
final class SlowRequests implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SlowRequests.class);

  private final long periodMillis;
  private final Server server;

  SlowRequests(Duration timeout, Server server) {
    this.periodMillis = Math.max(1, timeout.toMillis() / 2);
    this.server = server;
  }

  @Override
  public void onOpened(Connection connection) {
    schedule(new Watch(connection));
  }

  private void schedule(Watch watch) {
    Scheduler scheduler = server.getScheduler();
    if (scheduler != null && scheduler.isRunning()) {
      scheduler.schedule(watch, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** What one connection looked like at the last look. */
  private final class Watch implements Runnable {
    private final Connection connection;
    private long bytesIn;
    private long messagesIn;
    private int strikes;

    Watch(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      if (!connection.getEndPoint().isOpen()) {
        return;
      }
      long bytes = connection.getBytesIn();
      long messages = connection.getMessagesIn();
      boolean trickling = bytes > bytesIn && messages == messagesIn;
      strikes = trickling ? strikes + 1 : 0;
      bytesIn = bytes;
      messagesIn = messages;
      if (strikes >= 2) {
        LOG.debug("closing a connection that sent {} bytes without completing a request", bytes);
        connection.getEndPoint().close();
        return;
      }
      schedule(this);
    }
  }
}
