package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an import produced: the article, and warnings about guesses made on the way (a character set
 * that was not declared, a date that was ignored).
 *
 * @param article the imported article
 * @param warnings messages naming the input, to show to the user; empty when nothing was guessed
 */
public record ImportResult(Article article, List<String> warnings) {
  /** Validates and copies the parts. */
  public ImportResult {
    requireNonNull(article, "article");
    warnings = List.copyOf(warnings);
  }
}
