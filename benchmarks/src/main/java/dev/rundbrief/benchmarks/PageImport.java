package dev.rundbrief.benchmarks;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code HtmlImporter.importArticle} of one build of core, called by reflection, so that this
 * branch's importer and one from another build (a jar of today's main, in its own class loader) run
 * through the same code path in one JVM: the scorer and the interleaved timing compare them like
 * for like.
 */
final class PageImport {
  /** What an import gave: the body HTML, or why the page was refused. */
  record Result(String contentHtml, String refusal) {
    boolean refused() {
      return contentHtml == null;
    }
  }

  private final String name;
  private final Object importer;
  private final Object options;
  private final Method importArticle;
  private final Method sourceOf;
  private final Method article;
  private final Method contentHtml;
  private final Class<?> importException;

  private PageImport(String name, ClassLoader loader) throws ReflectiveOperationException {
    this.name = name;
    Class<?> importerType = Class.forName("dev.rundbrief.core.HtmlImporter", true, loader);
    Class<?> sourceType = Class.forName("dev.rundbrief.core.ImportSource", true, loader);
    Class<?> optionsType = Class.forName("dev.rundbrief.core.ImportOptions", true, loader);
    Class<?> resultType = Class.forName("dev.rundbrief.core.ImportResult", true, loader);
    Class<?> articleType = Class.forName("dev.rundbrief.core.Article", true, loader);
    importException = Class.forName("dev.rundbrief.core.ImportException", true, loader);
    importer = importerType.getConstructor().newInstance();
    options = optionsType.getMethod("defaults", Locale.class).invoke(null, Locale.GERMAN);
    importArticle = importerType.getMethod("importArticle", sourceType, optionsType);
    sourceOf = sourceType.getMethod("of", String.class, byte[].class, URI.class);
    article = resultType.getMethod("article");
    contentHtml = articleType.getMethod("contentHtml");
  }

  /** The importer of the core on this program's class path. */
  static PageImport current() throws ReflectiveOperationException {
    return new PageImport("this build", PageImport.class.getClassLoader());
  }

  /**
   * The importer of another build, from a jar that holds core and its dependencies (such as the
   * benchmarks jar built from another commit), in a class loader of its own.
   */
  static PageImport fromJar(Path jar) throws IOException, ReflectiveOperationException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("reference jar " + jar + " does not exist");
    }
    URLClassLoader loader =
        new URLClassLoader(
            "reference", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    return new PageImport(jar.toString(), loader);
  }

  /** Which build this is, for the report. */
  String name() {
    return name;
  }

  /** Imports one page; a refusal is a result, any other failure propagates. */
  Result run(String fileName, byte[] bytes, URI baseUrl) {
    try {
      Object source = sourceOf.invoke(null, fileName, bytes, baseUrl);
      Object result = importArticle.invoke(importer, source, options);
      return new Result((String) contentHtml.invoke(article.invoke(result)), "");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (importException.isInstance(cause)) {
        return new Result(null, cause.getMessage());
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(fileName + ": " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
