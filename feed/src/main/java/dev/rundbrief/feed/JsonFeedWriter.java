package dev.rundbrief.feed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;

/**
 * Streams a JSON Feed 1.1 document with Jackson's generator.
 *
 * <p>JSON Feed has no archive vocabulary. RFC 5005's markers go into a {@code _fh} extension object
 * ({@code complete} or {@code archive}, and the {@code current}, {@code prev_archive}, {@code
 * next_archive} URLs); {@code next_url}, which JSON Feed defines as the document with the next
 * (older) items, points to the next older archive document. A complete feed has no {@code
 * next_url}.
 */
final class JsonFeedWriter {
  static final String VERSION = "https://jsonfeed.org/version/1.1";
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Emoji as UTF-8 bytes rather than pairs of escaped surrogates.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private JsonFeedWriter() {}

  static void write(FeedModel doc, OutputStream out) throws IOException {
    FeedMetadata meta = doc.metadata();
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(new DefaultPrettyPrinter());
      json.writeStartObject();
      json.writeStringField("version", VERSION);
      json.writeStringField("title", meta.title());
      json.writeStringField("home_page_url", meta.siteLink().toString());
      // Always the subscription document: readers that subscribe from an archive page must not
      // end up subscribed to the archive. The archive's own place is in the paging links.
      json.writeStringField("feed_url", meta.selfUrl().toString());
      if (!meta.subtitle().isEmpty()) {
        json.writeStringField("description", meta.subtitle());
      }
      if (doc.paging().prevArchive() != null) {
        json.writeStringField("next_url", doc.paging().prevArchive().toString());
      }
      if (meta.logo().isPresent()) {
        json.writeStringField("icon", meta.logo().get().toString());
      }
      if (meta.icon().isPresent()) {
        json.writeStringField("favicon", meta.icon().get().toString());
      }
      if (meta.author().isPresent()) {
        authors(json, List.of(meta.author().get()));
      }
      if (meta.language().isPresent()) {
        json.writeStringField("language", Texts.languageTag(meta.language().get()));
      }
      history(json, doc.paging());
      json.writeArrayFieldStart("items");
      for (FeedItem item : doc.items()) {
        item(json, item);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static void item(JsonGenerator json, FeedItem item) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", item.id());
    if (item.link() != null) {
      json.writeStringField("url", item.link().toString());
    }
    json.writeStringField("title", item.title());
    if (!item.contentHtml().isEmpty()) {
      json.writeStringField("content_html", item.contentHtml());
    } else {
      json.writeStringField(
          "content_text", item.summary().isEmpty() ? item.title() : item.summary());
    }
    if (!item.summary().isEmpty()) {
      json.writeStringField("summary", item.summary());
    }
    Image image = item.image();
    if (image != null) {
      json.writeStringField("image", image.url().toString());
    }
    if (item.published() != null) {
      json.writeStringField("date_published", Texts.rfc3339(item.published()));
    }
    if (item.updated() != null) {
      json.writeStringField("date_modified", Texts.rfc3339(item.updated()));
    }
    if (!item.authors().isEmpty()) {
      authors(json, item.authors());
    }
    if (!item.categories().isEmpty()) {
      json.writeArrayFieldStart("tags");
      for (String tag : item.categories()) {
        json.writeString(tag);
      }
      json.writeEndArray();
    }
    if (item.language() != null) {
      json.writeStringField("language", Texts.languageTag(item.language()));
    }
    if (image != null) {
      json.writeArrayFieldStart("attachments");
      json.writeStartObject();
      json.writeStringField("url", image.url().toString());
      json.writeStringField("mime_type", Texts.mediaType(image));
      if (image.length() > 0) {
        json.writeNumberField("size_in_bytes", image.length());
      }
      json.writeEndObject();
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void authors(JsonGenerator json, List<Author> authors) throws IOException {
    json.writeArrayFieldStart("authors");
    for (Author author : authors) {
      json.writeStartObject();
      json.writeStringField("name", author.name());
      URI url = author.url();
      if (url == null && author.email() != null) {
        url = mailto(author.email());
      }
      if (url != null) {
        json.writeStringField("url", url.toString());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static URI mailto(String email) {
    try {
      return new URI("mailto", email, null);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static void history(JsonGenerator json, FeedModel.Paging paging) throws IOException {
    if (paging.kind() == FeedModel.Kind.PLAIN) {
      return;
    }
    json.writeObjectFieldStart("_fh");
    if (paging.kind() == FeedModel.Kind.COMPLETE) {
      json.writeBooleanField("complete", true);
    }
    if (paging.kind() == FeedModel.Kind.ARCHIVE) {
      json.writeBooleanField("archive", true);
    }
    if (paging.current() != null) {
      json.writeStringField("current", paging.current().toString());
    }
    if (paging.prevArchive() != null) {
      json.writeStringField("prev_archive", paging.prevArchive().toString());
    }
    if (paging.nextArchive() != null) {
      json.writeStringField("next_archive", paging.nextArchive().toString());
    }
    json.writeEndObject();
  }
}
