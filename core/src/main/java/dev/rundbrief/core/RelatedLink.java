package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A link from an article to another one, such as the previous and next article of the site's own
 * navigation.
 *
 * @param relation how the target relates to the article
 * @param title the target's title, never blank
 * @param url the target's address, or {@code null} when only the title is known (plain text)
 */
public record RelatedLink(Relation relation, String title, URI url) {
  /** How a linked article relates to the one that links it. */
  public enum Relation {
    /** The article before this one on the source site. */
    PREVIOUS,
    /** The article after this one on the source site. */
    NEXT,
    /** Any other related article. */
    RELATED
  }

  /** Validates and trims the parts. */
  public RelatedLink {
    requireNonNull(relation, "relation");
    requireNonNull(title, "title");
    title = title.strip();
    if (title.isEmpty()) {
      throw new IllegalArgumentException("related link title is blank");
    }
  }

  /** The target's address, when known. */
  public Optional<URI> link() {
    return Optional.ofNullable(url);
  }
}
