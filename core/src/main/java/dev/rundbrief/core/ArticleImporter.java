package dev.rundbrief.core;

/**
 * Turns one input (a text file, a Markdown file, an HTML page) into one {@link Article}.
 *
 * <p>Importers are stateless and safe to share between threads. The same input always gives an
 * article with the same {@linkplain Article#id() id}.
 */
public interface ArticleImporter {
  /**
   * Imports one article.
   *
   * @return the article and any warnings (such as a guessed character set)
   * @throws ImportException if the input is empty, binary, too large, has no title or no detectable
   *     article, or holds a value that cannot be parsed; the message names the input
   */
  ImportResult importArticle(ImportSource source, ImportOptions options);
}
