package dev.rundbrief.benchmarks;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.delivery.SmtpSettings;
import dev.rundbrief.store.SubscriberStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Sends one ~30 KB personalized message per recipient over loopback to Postfix's {@code smtp-sink},
 * with and without the delivery journal, and measures Postfix's {@code smtp-source} against the
 * same sink with as many sessions as the pool has connections, as the reference.
 *
 * <p>Usage: {@code java -Xmx256m -cp benchmarks.jar dev.rundbrief.benchmarks.SendBenchmark
 * [recipients] [connections]}; see benchmarks/send-benchmark.sh and docs/benchmarks.md.
 */
public final class SendBenchmark {
  private static final int MESSAGE_SIZE = 30_000;

  private SendBenchmark() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) throws Exception {
    int recipients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String sink = tool("smtp-sink");
    String source = tool("smtp-source");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> sinkCommand = new ArrayList<>(List.of(sink));
    if ("root".equals(System.getProperty("user.name"))) {
      sinkCommand.addAll(List.of("-u", "nobody"));
    }
    sinkCommand.addAll(List.of("127.0.0.1:" + port, "256"));
    Process sinkProcess = new ProcessBuilder(sinkCommand).inheritIO().start();
    try {
      waitForPort(port);
      System.out.printf(
          "recipients=%d connections=%d message=%d bytes cpus=%d java=%s%n",
          recipients,
          connections,
          MESSAGE_SIZE,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));

      double reference = smtpSource(source, port, recipients, connections);
      System.out.printf("smtp-source: %.0f msg/s%n", reference);

      Path dir = Files.createTempDirectory("rundbrief-send-bench");
      Template template = new Template();
      // Warm-up (JIT), not measured, of both paths: otherwise the first measured run pays for
      // compiling the send path and, with the journal, the SQLite/JDBC path.
      int warmUp = Math.min(recipients, 10_000);
      rundbrief(port, warmUp, connections, template, dir, true, "warm-up-journal");
      rundbrief(port, warmUp, connections, template, dir, false, "warm-up");
      Measured journalOn =
          measure(
              recipients,
              () -> rundbrief(port, recipients, connections, template, dir, true, "bench-journal"));
      Measured journalOff =
          measure(
              recipients,
              () -> rundbrief(port, recipients, connections, template, dir, false, "bench"));
      System.out.printf(
          "rundbrief, journal on:  %.0f msg/s, ratio to smtp-source %.2f, peak heap %d MB,"
              + " GC %d collections / %d ms, JVM CPU %.0f us/msg%n",
          journalOn.rate,
          journalOn.rate / reference,
          journalOn.peakHeapMb,
          journalOn.gcCount,
          journalOn.gcMillis,
          journalOn.cpuMicrosPerMessage);
      System.out.printf(
          "rundbrief, journal off: %.0f msg/s, ratio to smtp-source %.2f, peak heap %d MB,"
              + " GC %d collections / %d ms, JVM CPU %.0f us/msg%n",
          journalOff.rate,
          journalOff.rate / reference,
          journalOff.peakHeapMb,
          journalOff.gcCount,
          journalOff.gcMillis,
          journalOff.cpuMicrosPerMessage);
      System.out.printf(
          "journal cost: %.1f %% of the rate%n", 100 * (1 - journalOn.rate / journalOff.rate));
      System.out.printf("max heap (-Xmx): %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      sinkProcess.destroy();
      sinkProcess.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private interface Run {
    double rate() throws Exception;
  }

  private record Measured(
      double rate, long peakHeapMb, long gcCount, long gcMillis, double cpuMicrosPerMessage) {}

  private static Measured measure(int messages, Run run) throws Exception {
    System.gc();
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        pools.add(p);
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount -= gc.getCollectionCount();
      gcMillis -= gc.getCollectionTime();
    }
    long cpu = processCpuNanos();
    double rate = run.rate();
    cpu = processCpuNanos() - cpu;
    long peak = 0;
    for (MemoryPoolMXBean p : pools) {
      peak += p.getPeakUsage().getUsed();
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += gc.getCollectionCount();
      gcMillis += gc.getCollectionTime();
    }
    return new Measured(rate, peak >> 20, gcCount, gcMillis, cpu / 1e3 / messages);
  }

  /** CPU time (user and system) of this JVM so far. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double rundbrief(
      int port,
      int recipients,
      int connections,
      Template template,
      Path dir,
      boolean journal,
      String issue) {
    SmtpSettings settings =
        SmtpSettings.builder("127.0.0.1", port)
            .security(SmtpSettings.Security.NONE)
            .connections(connections)
            .maxMessagesPerConnection(10_000)
            .heloName("bench.rundbrief.test")
            .build();
    Iterable<Recipient> list = () -> new Generated(recipients);
    if (journal) {
      try (SubscriberStore store =
          SubscriberStore.open(dir.resolve("bench.db"), Clock.systemUTC())) {
        DeliveryEngine engine = DeliveryEngine.smtp(settings).journal(store.journal()).build();
        return report(engine.send(issue, list, template::compose, SendMode.NEW), recipients);
      }
    }
    DeliveryEngine engine = DeliveryEngine.smtp(settings).build();
    return report(engine.send(issue, list, template::compose, SendMode.NEW), recipients);
  }

  private static double report(DeliveryResult r, int expected) {
    if (r.sent() != expected) {
      throw new IllegalStateException("sent " + r.sent() + " of " + expected + ": " + r);
    }
    return r.rate();
  }

  private static double smtpSource(String source, int port, int messages, int sessions)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                source,
                "-s",
                Integer.toString(sessions),
                "-l",
                Integer.toString(MESSAGE_SIZE),
                "-m",
                Integer.toString(messages),
                "-f",
                "news@rundbrief.test",
                "-t",
                "reader@example.org",
                "127.0.0.1:" + port)
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("smtp-source failed with " + p.exitValue());
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  private static String tool(String name) {
    for (String dir : List.of("/usr/sbin", "/usr/lib/postfix/sbin", "/usr/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " not found: apt-get install postfix");
  }

  private static void waitForPort(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("smtp-sink did not start on port " + port);
  }

  /** Recipients made on the fly, so that the list itself takes no memory. */
  private static final class Generated implements Iterator<Recipient> {
    private final int count;
    private int next;

    Generated(int count) {
      this.count = count;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public Recipient next() {
      if (next >= count) {
        throw new NoSuchElementException();
      }
      int i = next++;
      return new Recipient(
          EmailAddress.parse("reader" + i + "@example.org"), "Reader " + i, "t" + i + "x");
    }
  }

  /** A 25-article digest body of about 30 KB, personalized in headers, greeting and links. */
  private static final class Template {
    private final byte[] body;

    Template() {
      StringBuilder b = new StringBuilder();
      int article = 0;
      while (b.length() < MESSAGE_SIZE - 1200) {
        article++;
        b.append("== Article ").append(article).append(": a headline about language models ==\r\n");
        for (int line = 0; line < 14; line++) {
          b.append("Some sentence of the article summary, line ")
              .append(line)
              .append(", wrapped well below 78 chars.\r\n");
        }
        b.append("https://news.example.org/articles/").append(article).append("\r\n\r\n");
      }
      body = b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    ComposedMessage compose(Recipient r) {
      String id = "<bench." + r.token() + "@rundbrief.test>";
      String head =
          "From: Rundbrief <news@rundbrief.test>\r\nTo: "
              + r.address()
              + "\r\nSubject: Weekly digest\r\nMessage-ID: "
              + id
              + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
              + "List-Unsubscribe: <https://news.example.org/u/"
              + r.token()
              + ">\r\n\r\nHello "
              + r.name()
              + ",\r\n\r\n";
      String foot = "Unsubscribe: https://news.example.org/u/" + r.token() + "\r\n";
      ByteArrayOutputStream out = new ByteArrayOutputStream(MESSAGE_SIZE + 512);
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      out.writeBytes(foot.getBytes(StandardCharsets.US_ASCII));
      return new ComposedMessage(r.address(), id, out.toByteArray());
    }
  }
}
