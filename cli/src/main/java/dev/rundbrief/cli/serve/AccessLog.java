package dev.rundbrief.cli.serve;

import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request with the client's network (IPv4 /24, IPv6 /48, never the
 * full address), method, path without the query (so never a token), status and time, in the format
 * of the command's other log lines ({@code INFO access - 127.0.0.0/24 GET /x 200 0ms}) on standard
 * error.
 *
 * <p>Requests only queue a small record; one background thread formats the lines and writes them in
 * batches, one write and flush per batch instead of one per request under a lock. When standard
 * error is not read fast enough and the queue ({@value #CAPACITY} lines) is full, lines are dropped
 * and counted (a warning line says how many) rather than stalling the server. It is on when the
 * logger {@code dev.rundbrief.serve.access} logs at info (so {@code rundbrief -q serve} has none).
 */
final class AccessLog implements AutoCloseable {
  static final int CAPACITY = 16_384;
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.rundbrief.serve.access");

  /** One request as logged; {@code client} is the client's address, never written in full. */
  private record Entry(InetAddress client, String method, String rawPath, int status, long nanos) {}

  /** Lock-free, so that requests on several threads never wait for each other or the writer. */
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closing;

  private AccessLog(boolean enabled) {
    if (!enabled) {
      writer = null;
      return;
    }
    writer = new Thread(this::writeLoop, "rundbrief-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** The access log, on when its logger logs at info. */
  static AccessLog create() {
    return new AccessLog(ACCESS.isInfoEnabled());
  }

  /** Queues one line; never blocks. */
  void log(InetAddress client, String method, String rawPath, int status, long nanos) {
    if (writer == null) {
      return;
    }
    if (queued.incrementAndGet() > CAPACITY) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(new Entry(client, method, rawPath, status, nanos));
  }

  /** Writes the lines queued so far and stops the writer (bounded: at most two seconds). */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    closing = true;
    LockSupport.unpark(writer);
    try {
      writer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    StringBuilder out = new StringBuilder(64 * 1024);
    while (true) {
      boolean last = closing;
      int lines = 0;
      for (Entry e; lines < 4096 && (e = queue.poll()) != null; lines++) {
        line(out, e);
      }
      queued.addAndGet(-lines);
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        out.append("WARN access - ")
            .append(lost)
            .append(" access log line(s) dropped: standard error was not read fast enough\n");
      }
      if (out.length() > 0) {
        // Looked up per batch, so a redirected System.err is honoured as by the other loggers.
        PrintStream err = System.err;
        err.print(out);
        err.flush();
        out.setLength(0);
      }
      if (last && queue.isEmpty()) {
        return;
      }
      if (lines < 4096) {
        // Lines gather for a moment: one write per batch, and no request ever wakes this thread.
        LockSupport.parkNanos(lines == 0 ? IDLE_NANOS : BUSY_NANOS);
      }
    }
  }

  /** While requests come: the most a line waits before it is written. */
  private static final long BUSY_NANOS = 5_000_000;

  /** While none come. */
  private static final long IDLE_NANOS = 50_000_000;

  private static void line(StringBuilder out, Entry e) {
    out.append("INFO access - ");
    network(out, e.client());
    out.append(' ')
        .append(e.method())
        .append(' ')
        .append(logPath(e.rawPath()))
        .append(' ')
        .append(e.status())
        .append(' ')
        .append(e.nanos() / 1_000_000)
        .append("ms\n");
  }

  /** The client's network: IPv4 /24, IPv6 /48, so no full address is kept. */
  static void network(StringBuilder out, InetAddress client) {
    if (client instanceof Inet4Address) {
      byte[] a = client.getAddress();
      out.append(a[0] & 0xff).append('.').append(a[1] & 0xff).append('.').append(a[2] & 0xff);
      out.append(".0/24");
    } else if (client instanceof Inet6Address) {
      byte[] a = client.getAddress();
      for (int i = 0; i < 6; i += 2) {
        out.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
      }
      out.append(":/48");
    } else {
      out.append('-');
    }
  }

  /** The path for the log: without query; anything unusual (an '@', odd characters) masked. */
  static String logPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "-";
    }
    if (rawPath.length() > 200) {
      return "/(masked)";
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '/'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '-';
      if (!safe) {
        return "/(masked)";
      }
    }
    return rawPath;
  }
}
