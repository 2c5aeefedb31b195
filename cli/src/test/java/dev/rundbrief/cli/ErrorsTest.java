package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.FileAccessException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one classification of failures: the user's to fix (exit 2), partial (1), or unexpected. */
class ErrorsTest {
  private static String report(Exception e, int[] code) {
    StringWriter out = new StringWriter();
    code[0] = Errors.report(e, new PrintWriter(out, true), new GlobalOptions());
    return out.toString();
  }

  @Test
  void aFileThatCannotBeReadIsOneLineNamingItWithExitTwo() {
    Path file = Path.of("quellen", "ki.xml");
    int[] code = new int[1];

    String printed =
        report(FileAccessException.reading(file, new NoSuchFileException(file.toString())), code);

    assertThat(code[0]).isEqualTo(ExitCode.USAGE);
    assertThat(printed).isEqualTo("rundbrief: '" + file + "': no such file or folder\n");
  }

  @Test
  void anInternalIoFailureIsUnexpectedNotTheUsersMistake() {
    int[] code = new int[1];

    String printed =
        report(new UncheckedIOException(new IOException("No space left on device")), code);

    assertThat(code[0]).isEqualTo(ExitCode.PARTIAL);
    assertThat(Errors.isUserError(new UncheckedIOException(new IOException("x")))).isFalse();
    assertThat(printed)
        .contains("No space left on device")
        .contains("(an unexpected error; run with --stacktrace and report it)");
  }

  @Test
  void aPartialFailureIsExitOneWithoutTheUnexpectedNote() {
    int[] code = new int[1];

    String printed = report(new PartialFailure("the SMTP server went away after 40 sent"), code);

    assertThat(code[0]).isEqualTo(ExitCode.PARTIAL);
    assertThat(printed).isEqualTo("rundbrief: the SMTP server went away after 40 sent\n");
  }

  @Test
  void verboseAddsTheCausesAndStacktraceTheTrace() {
    GlobalOptions options = new GlobalOptions();
    options.verbose = true;
    options.stacktrace = true;
    StringWriter out = new StringWriter();
    IOException cause = new NoSuchFileException("ki.xml");

    Errors.report(
        FileAccessException.reading(Path.of("ki.xml"), cause), new PrintWriter(out, true), options);

    assertThat(out.toString())
        .contains("  caused by: java.nio.file.NoSuchFileException: ki.xml")
        .contains("\tat ");
  }
}
