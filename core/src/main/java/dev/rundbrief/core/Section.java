package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A titled group of articles inside a digest, in reading order.
 *
 * @param title the heading; empty for the single section of an unsectioned digest
 * @param articles the articles in the order they are shown, never empty
 */
public record Section(String title, List<Article> articles) {
  /** Validates the parts and copies the list. */
  public Section {
    title = title == null ? "" : title.strip();
    articles = List.copyOf(requireNonNull(articles, "articles"));
    if (articles.isEmpty()) {
      throw new IllegalArgumentException("section '" + title + "' has no articles");
    }
  }
}
