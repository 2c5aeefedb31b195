package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Embed the core" program compiles and runs exactly as it is printed there. */
class ReadmeExampleTest {
  @TempDir Path temp;

  @Test
  void theEmbedExampleCompilesAndBuildsADigest() throws Exception {
    String source = exampleFromReadme();
    Path src = Files.createDirectories(temp.resolve("src"));
    Files.writeString(src.resolve("WeeklyDigest.java"), source);
    Path classes = Files.createDirectories(temp.resolve("classes"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            diagnostics,
            "-d",
            classes.toString(),
            "-classpath",
            classPath(),
            src.resolve("WeeklyDigest.java").toString());
    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Path articles = Files.createDirectories(temp.resolve("articles"));
    Files.writeString(
        articles.resolve("a.txt"),
        "Rechenzentren wachsen\n\nDer Strombedarf steigt, und die Netze müssen mithalten.\n");
    Files.writeString(
        articles.resolve("b.txt"),
        "Schulen erproben KI\n\nDie Länder legen Regeln für den Unterricht fest.\n");

    String out = runMain(classes, articles);

    assertThat(out.strip()).matches("Rundbrief KW \\d{1,2}/\\d{4}: 2");
  }

  private static String exampleFromReadme() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above the module").isNotNull();
    String readme = Files.readString(dir.resolve("README.md"));
    int start = readme.indexOf("<!-- embed-example -->");
    int end = readme.indexOf("<!-- /embed-example -->");
    assertThat(start).isNotNegative();
    assertThat(end).isGreaterThan(start);
    String block = readme.substring(start, end);
    return block.substring(block.indexOf("```java") + 7, block.lastIndexOf("```"));
  }

  /** Core and its dependencies, from where their classes were loaded. */
  private static String classPath() throws Exception {
    List<Class<?>> roots =
        List.of(
            Article.class,
            org.jsoup.Jsoup.class,
            org.commonmark.parser.Parser.class,
            org.commonmark.ext.gfm.tables.TablesExtension.class,
            org.snakeyaml.engine.v2.api.Load.class);
    return roots.stream()
        .map(c -> c.getProtectionDomain().getCodeSource().getLocation())
        .map(ReadmeExampleTest::path)
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String path(URL url) {
    try {
      return Path.of(url.toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String runMain(Path classes, Path articles) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader())) {
      Method main = loader.loadClass("WeeklyDigest").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {articles.toString()});
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
