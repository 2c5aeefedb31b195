package dev.rundbrief.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a golden file under the module's {@code src/test/resources/golden/}.
 *
 * <p>The one switch {@code -Dgolden.update=true} rewrites every golden file a test compares with
 * from the current output; review the diff before committing it. Golden files never replace a
 * parse-back check: the tests that use them also read the output with an independent parser, so
 * that a golden file cannot freeze a wrong answer.
 */
public final class GoldenFiles {
  /** The folder of the golden files, relative to the module (the tests' working directory). */
  public static final Path ROOT = Path.of("src/test/resources/golden");

  private GoldenFiles() {}

  /**
   * Asserts that {@code actual} equals the golden file {@code name} (a path below {@link #ROOT}),
   * or rewrites the file first when {@code -Dgolden.update=true} is set.
   */
  public static void assertMatches(String name, String actual) {
    Path golden = ROOT.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, UTF_8);
      }
      assertThat(golden)
          .as("golden file %s (create it with -Dgolden.update=true)", golden)
          .exists();
      assertThat(actual).as("golden file %s", golden).isEqualTo(Files.readString(golden, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #assertMatches(String, String)} for output in UTF-8 bytes. */
  public static void assertMatches(String name, byte[] actual) {
    assertMatches(name, new String(actual, UTF_8));
  }
}
