package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged command as a child process, the way an editor and cron run it, and follows the
 * README's quick start literally.
 */
class CommandProcessIT {
  private static final Path ROOT = PackagedCommand.ROOT;

  @TempDir Path temp;

  @Test
  void printsHelpAndExitsZero() throws Exception {
    PackagedCommand.Run r = java("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: rundbrief", "demo", "send", "run");
  }

  @Test
  void aConfigurationMistakeIsOneLineWithExitCodeTwoAndNoStackTrace() throws Exception {
    Path ws = temp.resolve("ws");
    assertThat(java("init", ws.toString()).exitCode()).isZero();
    Path config = ws.resolve("rundbrief.yaml");
    Files.writeString(
        config, Files.readString(config).replace("  # period: weekly", "  period: fortnightly"));

    PackagedCommand.Run r = java("-w", ws.toString(), "digest", "build");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .hasSize(1)
        .first()
        .asString()
        .matches("rundbrief: .*rundbrief.yaml line \\d+: setting 'digest.period' must be .*");
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void anUnknownCommandIsAUsageError() throws Exception {
    PackagedCommand.Run r = java("publish-everything");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument", "rundbrief --help");
  }

  @Test
  void theReadmeQuickStartWorksAsWritten() throws Exception {
    List<String> commands = quickStartCommands();
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).isEqualTo("./rundbrief demo");
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertThat(ci).contains(commands.get(1).replace("mvn ", "mvn -B "));

    Path demo = ROOT.resolve("rundbrief-demo");
    Process p =
        new ProcessBuilder("bash", "-c", commands.get(0))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("5. Sent       3 messages", "Try next:");
    for (String feed :
        List.of("articles.rss.xml", "articles.atom.xml", "digests.rss.xml", "digests.atom.xml")) {
      try (XmlReader reader = new XmlReader(demo.resolve("public/feeds").resolve(feed).toFile())) {
        assertThat(new SyndFeedInput().build(reader).getEntries()).isNotEmpty();
      }
    }
    assertThat(
            Json.MAPPER.readTree(demo.resolve("public/feeds/digests.json").toFile()).path("items"))
        .hasSize(1);
    assertThat(demo.resolve("public/archive/1.html")).exists();
    try (var emls = Files.walk(demo.resolve("outbox"))) {
      assertThat(emls.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(3);
    }
  }

  @Test
  void sqlitesNativeLibraryIsUnpackedOnceAndNothingIsLeftInTheTemporaryFolderAfterKills()
      throws Exception {
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path home = Files.createDirectories(temp.resolve("home"));
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      silent.setSoTimeout(120_000);
      Path ws = SendWorkspace.create(temp, 5, silent.getLocalPort());
      for (int i = 0; i < 2; i++) {
        Process p = withTempAndHome(SendWorkspace.command(ws, "send"), tmp, home).start();
        // Once the send connects, the database (and the library) is long open: kill it there.
        Socket connection = silent.accept();
        p.destroyForcibly();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        connection.close();
      }
    }
    try (var left = Files.list(tmp)) {
      assertThat(left.map(f -> f.getFileName().toString()).filter(f -> f.contains("sqlite")))
          .isEmpty();
    }
    try (var libraries = Files.walk(home.resolve(".cache/rundbrief/sqlite-jdbc"))) {
      assertThat(libraries.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
          .containsExactly(System.mapLibraryName("sqlitejdbc"));
    }
  }

  private ProcessBuilder withTempAndHome(ProcessBuilder pb, Path tmp, Path home) {
    pb.command().add(1, "-Djava.io.tmpdir=" + tmp);
    pb.command().add(1, "-Duser.home=" + home);
    return pb.redirectErrorStream(true).redirectOutput(temp.resolve("killed.txt").toFile());
  }

  private static List<String> quickStartCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Quick start"));
    String block = section.substring(section.indexOf("```sh") + 5);
    block = block.substring(0, block.indexOf("```"));
    List<String> commands = new ArrayList<>();
    for (String line : block.strip().split("\n")) {
      int comment = line.indexOf('#');
      commands.add((comment < 0 ? line : line.substring(0, comment)).strip());
    }
    return commands;
  }

  private PackagedCommand.Run java(String... args) throws Exception {
    return PackagedCommand.run(PackagedCommand.builder(temp, args));
  }
}
