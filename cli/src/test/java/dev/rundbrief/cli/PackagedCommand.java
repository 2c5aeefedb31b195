package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code cli/target/rundbrief.jar} as a child process, the way an editor or cron
 * runs it; {@code package} builds the jar before failsafe's integration tests.
 */
final class PackagedCommand {
  /** The repository root (the folder with {@code .ci/run}). */
  static final Path ROOT = projectRoot();

  /** What a run printed and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private PackagedCommand() {}

  /** A process builder for {@code java -jar rundbrief.jar ARGS} in {@code dir}. */
  static ProcessBuilder builder(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(ROOT.resolve("cli/target/rundbrief.jar").toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile());
  }

  /**
   * Runs to the end with no input and returns its output; standard error goes through a file so
   * that a full error pipe can never block the child.
   */
  static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
    File err = File.createTempFile("rundbrief-err", ".txt");
    try {
      Process p = builder.redirectError(err).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
      return new Run(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err.toPath());
    }
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".ci/run"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the Rundbrief project");
    }
    return dir;
  }
}
