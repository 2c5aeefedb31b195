package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code send} takes at most one mode (--test, --dry-run, --status, --worker), and --batch and
 * --lease only with --worker: any other combination is a usage error before anything is opened.
 */
class SendOptionsTest {
  @TempDir Path workspace;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--status --test a@example.org | mutually exclusive",
        "--status --dry-run | mutually exclusive",
        "--worker --test a@example.org | mutually exclusive",
        "--worker --dry-run | mutually exclusive",
        "--dry-run --test a@example.org | mutually exclusive",
        "--status --worker | mutually exclusive",
        "--batch 5 | --batch and --lease go with --worker",
        "--lease 10 --dry-run | --batch and --lease go with --worker",
      })
  void modesThatDoNotGoTogetherAreAUsageError(String options, String message) {
    String[] args = ("send " + options).split(" ");

    CliRunner.Result r = CliRunner.run(workspace, args);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("at dev.rundbrief");
    assertThat(workspace).isEmptyDirectory();
  }

  @Test
  void eachModeAloneIsAccepted() {
    CliRunner.Result r =
        CliRunner.run(workspace, "send", "--worker", "--batch", "5", "--lease", "10");

    // Parsed: the error is the missing workspace, not the options.
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).doesNotContain("mutually exclusive").doesNotContain("go with --worker");
  }
}
