package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the {@code rundbrief} launcher script chooses per command, read back from the JVM
 * itself ({@code -XX:+PrintCommandLineFlags}, which prints the options in force first).
 */
class LauncherOptionsIT {
  private static final String BOUNDED_HEAP = "-XX:MaxHeapSize=167772160"; // -Xmx160m

  @TempDir Path temp;

  /** The flags line of {@code rundbrief ARGS} run with {@code JAVA_OPTS}. */
  private String flags(String javaOpts, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PackagedCommand.ROOT.resolve("rundbrief").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(temp.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    env.put("JAVA_OPTS", ("-XX:+PrintCommandLineFlags " + javaOpts).strip());
    PackagedCommand.Run run = PackagedCommand.run(pb);
    assertThat(run.exitCode()).as(run.err()).isZero();
    String first = run.out().lines().findFirst().orElse("");
    assertThat(first).as("the JVM's flags line").contains("-XX:MaxHeapSize=");
    return " " + first + " ";
  }

  @Test
  void aSendRunsWithABoundedHeapTheClientCompilerAndTheSerialCollector() throws Exception {
    for (String command : List.of("send", "run")) {
      String flags = flags("", command, "--help");
      assertThat(flags)
          .as(command)
          .contains(" " + BOUNDED_HEAP + " ")
          .contains(" -XX:MaxMetaspaceSize=100663296 ")
          .contains(" -XX:TieredStopAtLevel=1 ")
          .contains(" -XX:+UseSerialGC ");
    }
  }

  @Test
  void theServerKeepsTheOptimizingCompilerAndG1WithABoundedHeap() throws Exception {
    String flags = flags("", "serve", "--help");
    assertThat(flags)
        .contains(" " + BOUNDED_HEAP + " ")
        .contains(" -XX:+UseG1GC ")
        .doesNotContain("TieredStopAtLevel");
  }

  @Test
  void shortCommandsStartWithTheClientCompilerAndNoHeapBound() throws Exception {
    String flags = flags("", "subscribers", "--help");
    assertThat(flags)
        .contains(" -XX:TieredStopAtLevel=1 ")
        .contains(" -XX:+UseSerialGC ")
        .doesNotContain(BOUNDED_HEAP);
  }

  @Test
  void javaOptsComeLastAndWin() throws Exception {
    String flags = flags("-Xmx512m -XX:TieredStopAtLevel=4", "-w", "send", "send", "--help");
    assertThat(flags)
        .contains(" -XX:MaxHeapSize=536870912 ")
        .contains(" -XX:TieredStopAtLevel=4 ")
        .doesNotContain(BOUNDED_HEAP);
  }
}
