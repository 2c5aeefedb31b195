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
 * <p>Whatever an article carries, an item holds only URLs that {@link SafeUrls} allows and dates
 * that every format can write; anything else is left out, so one odd stored article never breaks a
 * feed.
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
    link = SafeUrls.orNull(link);
    if (image != null && !SafeUrls.isAllowed(image.url())) {
      image = null;
    }
    authors =
        authors.stream()
            .map(
                a ->
                    a.url() == null || SafeUrls.isAllowed(a.url())
                        ? a
                        : new Author(a.name(), a.email(), null))
            .toList();
    categories = List.copyOf(categories);
    published = writable(published);
    updated = writable(updated);
  }

  /** A date every format can express (years 1 to 9999), else {@code null}. */
  private static Instant writable(Instant date) {
    if (date == null) {
      return null;
    }
    int year = date.atOffset(java.time.ZoneOffset.UTC).getYear();
    return year >= 1 && year <= 9999 ? date : null;
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
