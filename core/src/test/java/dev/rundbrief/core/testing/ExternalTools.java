package dev.rundbrief.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the independent checkers (spamassassin, feedparser, newsboat, jing, ...) that some
 * integration tests run.
 *
 * <p>On a developer machine without a tool, the test is skipped with a message that names the
 * Debian package to install. Where {@code RUNDBRIEF_REQUIRE_TOOLS=1} is set (CI sets it after
 * installing them), a missing tool fails the test instead, so CI can never pass by skipping.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /**
   * Returns the path of an executable on the {@code PATH}, or skips (or, in CI, fails) the calling
   * test.
   *
   * @param command the executable's name, such as {@code spamassassin}
   * @param debianPackage the package that provides it, named in the skip message
   */
  public static Path require(String command, String debianPackage) {
    Optional<Path> found = find(command);
    if (found.isEmpty()) {
      missing(command, debianPackage);
    }
    return found.get();
  }

  /**
   * Returns Debian's {@code /usr/bin/python3} when it can import {@code module}, or skips (or, in
   * CI, fails) the calling test. The {@code python3} on the {@code PATH} may be another interpreter
   * (pyenv, a virtualenv) that does not see Debian's {@code python3-*} packages, so the check runs
   * the interpreter the tests use and imports the module.
   *
   * @param module the Python module, such as {@code feedparser}
   * @param debianPackage the package that provides it, named in the skip message
   */
  public static Path requirePythonModule(String module, String debianPackage) {
    Path python = Path.of("/usr/bin/python3");
    boolean importable = false;
    if (Files.isExecutable(python)) {
      try {
        Process p =
            new ProcessBuilder(python.toString(), "-c", "import " + module)
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        importable = p.waitFor() == 0;
      } catch (IOException e) {
        importable = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking python3 " + module, e);
      }
    }
    if (!importable) {
      missing("python3 with the module " + module, debianPackage);
    }
    return python;
  }

  private static void missing(String what, String debianPackage) {
    String message =
        what + " is not installed (apt-get install " + debianPackage + "); .ci/run installs it";
    if ("1".equals(System.getenv("RUNDBRIEF_REQUIRE_TOOLS"))) {
      fail(message);
    }
    assumeTrue(false, message);
  }

  /** The path of an executable on the {@code PATH}, when there is one. */
  public static Optional<Path> find(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
