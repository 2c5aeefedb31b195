package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.testing.ExternalTools;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.testing.TestMessages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against Postfix's {@code smtp-sink} (PIPELINING, no CHUNKING: MAIL FROM, RCPT TO
 * and DATA in one flight), the server of the benchmarks: every message arrives once, as sent. The
 * sink dumps each transaction into a file of its own, with the envelope in {@code X-Rcpt-Args}.
 */
class SmtpSinkIT {
  @TempDir Path dir;

  @Test
  void everyMessageArrivesOnceOverFourPipeliningConnections() throws Exception {
    Path sink = ExternalTools.find("smtp-sink").orElse(Path.of("/usr/sbin/smtp-sink"));
    if (!Files.isExecutable(sink)) {
      ExternalTools.require("smtp-sink", "postfix");
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                "timeout",
                "300",
                sink.toString(),
                "-u",
                "nobody",
                "-d",
                dir + "/m.",
                "127.0.0.1:" + port,
                "64")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sink.out").toFile())
            .start();
    try {
      awaitListening(port);
      List<Recipient> list = IntStream.range(0, 200).mapToObj(TestMessages::recipient).toList();
      DeliveryResult result =
          DeliveryEngine.smtp(
                  SmtpSettings.builder("127.0.0.1", port)
                      .security(SmtpSettings.Security.NONE)
                      .connections(4)
                      .maxMessagesPerConnection(60)
                      .build())
              .retry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)))
              .build()
              .send("sink", list, r -> TestMessages.compose(r, "sink"), SendMode.NEW);

      assertThat(result.sent()).isEqualTo(200);
      Map<String, Integer> perRecipient = new TreeMap<>();
      Pattern rcpt = Pattern.compile("(?m)^X-Rcpt-Args: <([^>]+)>");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<Path> dumps;
      do {
        // The sink closes a dump when the transaction ends, a moment after its reply.
        try (Stream<Path> files = Files.list(dir)) {
          dumps = files.filter(f -> f.getFileName().toString().startsWith("m.")).toList();
        }
        Thread.sleep(50);
      } while (dumps.size() < 200 && System.nanoTime() < deadline);
      for (Path f : dumps) {
        String dump = Files.readString(f, StandardCharsets.ISO_8859_1);
        Matcher m = rcpt.matcher(dump);
        assertThat(m.find()).as(dump).isTrue();
        perRecipient.merge(m.group(1), 1, Integer::sum);
        int i = Integer.parseInt(m.group(1).replaceAll("\\D", ""));
        String sent =
            new String(
                TestMessages.compose(TestMessages.recipient(i), "sink").bytes(),
                StandardCharsets.ISO_8859_1);
        assertThat(dump).contains(sent.replace("\r\n", "\n").strip());
      }
      Map<String, Integer> expected = new TreeMap<>();
      list.forEach(r -> expected.put(r.address().value(), 1));
      assertThat(perRecipient).isEqualTo(expected);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
