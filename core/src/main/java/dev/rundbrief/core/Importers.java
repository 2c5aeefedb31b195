package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Imports an article from a file or from bytes, choosing the importer by the input's kind.
 *
 * <p>The kind comes from the file name extension: {@code .txt}/{@code .text} is plain text ({@link
 * TextImporter}), {@code .md}/{@code .markdown} is Markdown ({@link MarkdownImporter}), {@code
 * .html}/{@code .htm}/{@code .xhtml} is an HTML page. For any other name the content decides: a
 * document that starts with markup and has {@code <!doctype html} or an {@code <html} tag in its
 * first kilobyte is HTML, one that starts with a {@code ---} front-matter line or a {@code # }
 * heading is Markdown, everything else is plain text.
 */
public final class Importers {
  /** How far into the content the sniffing looks for an {@code <html} tag. */
  private static final int SNIFF_CHARS = 1024;

  private Importers() {}

  /** The kinds of input the importers read. */
  enum Format {
    TEXT,
    MARKDOWN,
    HTML
  }

  /**
   * Reads a file and imports it. The file is read only up to {@link ImportOptions#maxBytes()}; a
   * larger one is refused without reading it whole.
   *
   * @throws ImportException if the file is missing, unreadable, too large, empty or binary, or the
   *     chosen importer cannot make an article of it; the message names the file
   */
  public static ImportResult importFile(Path file, ImportOptions options) {
    requireNonNull(file, "file");
    requireNonNull(options, "options");
    return importSource(ImportSource.ofFile(file, options.maxBytes()), options);
  }

  /**
   * Imports an input with the importer for its kind.
   *
   * @throws ImportException if the input is too large, empty or binary, or the chosen importer
   *     cannot make an article of it; the message names the input
   */
  public static ImportResult importSource(ImportSource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    String name = source.name();
    return switch (formatOf(source)) {
      case TEXT -> new TextImporter().importArticle(source, options);
      case MARKDOWN -> new MarkdownImporter().importArticle(source, options);
      case HTML -> new HtmlImporter().importArticle(source, options);
    };
  }

  /** The kind of the input, by extension, else by content. */
  static Format formatOf(ImportSource source) {
    String extension = source.extension().orElse("");
    switch (extension) {
      case "txt", "text" -> {
        return Format.TEXT;
      }
      case "md", "markdown" -> {
        return Format.MARKDOWN;
      }
      case "html", "htm", "xhtml" -> {
        return Format.HTML;
      }
      default -> {
        return sniff(source);
      }
    }
  }

  private static Format sniff(ImportSource source) {
    byte[] bytes = source.bytes();
    int length = Math.min(bytes.length, SNIFF_CHARS * 4);
    // Decoding errors only garble non-ASCII characters, and the markers are ASCII.
    String start = new String(bytes, 0, length, StandardCharsets.UTF_8);
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1);
    }
    if (start.startsWith("---\n") || start.startsWith("---\r\n")) {
      return Format.MARKDOWN;
    }
    String stripped = start.stripLeading();
    String head =
        stripped.substring(0, Math.min(stripped.length(), SNIFF_CHARS)).toLowerCase(Locale.ROOT);
    if (head.startsWith("<") && (head.startsWith("<!doctype html") || head.contains("<html"))) {
      return Format.HTML;
    }
    if (stripped.startsWith("# ")) {
      return Format.MARKDOWN;
    }
    return Format.TEXT;
  }
}
