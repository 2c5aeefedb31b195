package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The global options hold one value wherever on the command line they are given. */
class GlobalOptionsTest {
  private static GlobalOptions parse(String... args) {
    CommandLine cl =
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ParseResult result = cl.parseArgs(args);
    List<CommandLine> parsed = result.asCommandLineList();
    return GlobalOptions.of(parsed.get(parsed.size() - 1).getCommandSpec());
  }

  @Test
  void optionsAfterTheSubcommandReachTheSameHolder() {
    GlobalOptions o = parse("digest", "list", "-w", "/srv/ki", "--verbose", "--stacktrace");

    assertThat(o.workspace).isEqualTo(Path.of("/srv/ki"));
    assertThat(o.verbose).isTrue();
    assertThat(o.stacktrace).isTrue();
    assertThat(o.quiet).isFalse();
  }

  @Test
  void optionsBeforeTheSubcommandToo() {
    GlobalOptions o = parse("--workspace", "/srv/ki", "-q", "run");

    assertThat(o.workspace).isEqualTo(Path.of("/srv/ki"));
    assertThat(o.quiet).isTrue();
    assertThat(o.verbose).isFalse();
  }

  @Test
  void aWorkspaceFolderNamedLikeACommandIsAFolder() {
    GlobalOptions o = parse("-w", "run", "send", "--dry-run");
    assertThat(o.workspace).isEqualTo(Path.of("run"));

    GlobalOptions after = parse("send", "--workspace", "serve", "--dry-run");
    assertThat(after.workspace).isEqualTo(Path.of("serve"));
  }
}
