package dev.rundbrief.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command in this JVM and keeps what it printed. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Result run(Path workspace, String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--workspace";
    full[1] = workspace.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    return runRaw(full);
  }

  static Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
