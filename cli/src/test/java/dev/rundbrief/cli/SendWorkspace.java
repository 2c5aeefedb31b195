package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A workspace with the demo articles, issue 1 built and {@code n} confirmed subscribers ({@code
 * leser0@example.org}, ...), sending over SMTP to a port on 127.0.0.1 without TLS. Built in this
 * JVM; the tests run the send itself as a real process.
 */
final class SendWorkspace {
  /** The instant the workspace is built and sent at (inside week 48 of 2026). */
  static final String NOW = "2026-11-26T08:00:00Z";

  private SendWorkspace() {}

  static Path create(Path dir, int subscribers, int smtpPort) throws IOException {
    System.setProperty("rundbrief.now", NOW);
    try {
      Path ws = dir.resolve("ki");
      CliRunner.Result init =
          CliRunner.runRaw(
              "init",
              ws.toString(),
              "--title",
              "KI-Rundbrief",
              "--site",
              "https://ki.example.org/");
      assertThat(init.exitCode()).as(init.err()).isZero();
      Path yaml = ws.resolve("rundbrief.yaml");
      String config = withLoopbackSmtp(withPublisher(Files.readString(yaml)), smtpPort);
      Files.writeString(yaml, config);
      copyDemoArticles(ws);
      assertThat(CliRunner.run(ws, "import", ws.resolve("articles").toString()).exitCode())
          .isZero();
      CliRunner.Result built = CliRunner.run(ws, "digest", "build", "--period", "since-last");
      assertThat(built.exitCode()).as(built.err()).isZero();
      if (subscribers > 0) {
        StringBuilder csv = new StringBuilder("email,name,confirmed_at\n");
        for (int i = 0; i < subscribers; i++) {
          csv.append("leser").append(i).append("@example.org,Leser ").append(i);
          csv.append(",2026-11-01T08:00:00Z\n");
        }
        Path file = dir.resolve("subscribers.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        CliRunner.Result imported = CliRunner.run(ws, "subscribers", "import", file.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
      }
      return ws;
    } finally {
      System.clearProperty("rundbrief.now");
    }
  }

  /** The configuration with the publisher block filled in (the legal notice every mail needs). */
  static String withPublisher(String config) {
    String filled =
        config.replace(
            "    # name: \"Beispiel Medien GmbH\"\n"
                + "    # address: \"Hauptstraße 1, 10115 Berlin, Deutschland\"\n"
                + "    # email: \"redaktion@example.org\"\n",
            "    name: \"Beispiel Medien GmbH\"\n"
                + "    address: \"Hauptstraße 1, 10115 Berlin\"\n"
                + "    email: \"redaktion@example.org\"\n");
    assertThat(filled).contains("    name: \"Beispiel Medien GmbH\"");
    return filled;
  }

  /** The configuration sending over plain SMTP (no TLS) to 127.0.0.1:{@code port}. */
  static String withLoopbackSmtp(String config, int port) {
    String filled =
        config
            .replace(
                "    # host: \"smtp.example.org\"\n    # port: 587\n",
                "    host: \"127.0.0.1\"\n    port: " + port + "\n")
            .replace("    # tls: starttls\n", "    tls: none\n");
    assertThat(filled).contains("    port: " + port + "\n").contains("    tls: none\n");
    return filled;
  }

  /** Copies the demo articles into the workspace's articles/ folder, dated 2026-11-25. */
  static void copyDemoArticles(Path ws) throws IOException {
    for (String name : DemoCommand.ARTICLES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        Path copy = ws.resolve("articles").resolve(name);
        Files.copy(in, copy);
        Files.setLastModifiedTime(copy, FileTime.from(Instant.parse("2026-11-25T10:00:00Z")));
      }
    }
  }

  /**
   * Deletes the SQLite file {@code init} made, so that nothing can use it instead of PostgreSQL.
   */
  static void dropSqliteFile(Path ws) throws IOException {
    try (Stream<Path> files = Files.list(ws)) {
      for (Path p :
          files.filter(p -> p.getFileName().toString().startsWith("rundbrief.db")).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Points the workspace's SMTP settings at another port (a restarted server). */
  static void smtpPort(Path ws, int port) throws IOException {
    Path yaml = ws.resolve("rundbrief.yaml");
    Matcher m = Pattern.compile("(?m)^    port: \\d+$").matcher(Files.readString(yaml));
    assertThat(m.find()).isTrue();
    Files.writeString(yaml, m.replaceFirst("    port: " + port));
  }

  /** {@code java -jar rundbrief.jar -w WS ARGS} with the workspace's clock. */
  static ProcessBuilder command(Path ws, String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "-w";
    full[1] = ws.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    ProcessBuilder pb = PackagedCommand.builder(ws, full);
    pb.environment().put("RUNDBRIEF_NOW", NOW);
    return pb;
  }
}
