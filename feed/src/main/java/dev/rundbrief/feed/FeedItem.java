package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One entry of a feed in the form all three writers share, built from an article or a digest.
 *
 * @param id the guid / JSON Feed id, stable across rebuilds
 * @param permalink whether {@code id} is an http(s) URL that readers may open
 * @param atomId {@code id} when it is an absolute IRI, else a name-based {@code urn:uuid:}
 * @param link the web page of the entry, or {@code null}
 * @param summary plain text, empty when none
 * @param contentHtml sanitized HTML, empty when none
 * @param published first publication, or {@code null}
 * @param updated last change, or {@code null}
 * @param image the lead image, or {@code null}
 * @param language the entry's language, or {@code null}
 */
record FeedItem(
    String id,
    boolean permalink,
    String atomId,
    String title,
    URI link,
    String summary,
    String contentHtml,
    List<Author> authors,
    List<String> categories,
    Instant published,
    Instant updated,
    Image image,
    Locale language) {

  FeedItem {
    requireNonNull(id, "id");
    requireNonNull(atomId, "atomId");
    requireNonNull(title, "title");
    summary = summary == null ? "" : summary;
    contentHtml = contentHtml == null ? "" : contentHtml;
    authors = List.copyOf(authors);
    categories = List.copyOf(categories);
  }

  /** The instant feeds sort by and RSS shows: publication, else last change, else null. */
  Instant date() {
    return published != null ? published : updated;
  }

  /** The last change, else the publication, else null. */
  Instant lastModified() {
    return updated != null ? updated : published;
  }
}
