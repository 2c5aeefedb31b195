package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The raw input of an import: its bytes, a name for messages, and the address it came from.
 *
 * <p>Reading is bounded: {@link #ofFile} reads at most {@code maxBytes + 1} bytes, so an oversized
 * input is refused without loading it whole.
 *
 * @param name how the input is named in messages, such as a file name or URL
 * @param bytes the raw content, not yet decoded
 * @param baseUrl the address the input came from, used to resolve relative links; {@code null} for
 *     local files without one
 * @param contentType the HTTP {@code Content-Type} the input was served with (its {@code charset}
 *     parameter decides the encoding of an HTML page, after a byte-order mark); empty when unknown
 */
public record ImportSource(String name, byte[] bytes, URI baseUrl, String contentType) {
  /** Validates and copies the parts. */
  public ImportSource {
    requireNonNull(name, "name");
    bytes = requireNonNull(bytes, "bytes").clone();
    contentType = contentType == null ? "" : contentType.strip();
  }

  /** A source without a known content type. */
  public ImportSource(String name, byte[] bytes, URI baseUrl) {
    this(name, bytes, baseUrl, "");
  }

  /** A copy with the HTTP {@code Content-Type} header the input was served with. */
  public ImportSource withContentType(String contentType) {
    return new ImportSource(name, bytes, baseUrl, contentType);
  }

  /** A source from bytes in memory. */
  public static ImportSource of(String name, byte[] bytes, URI baseUrl) {
    return new ImportSource(name, bytes, baseUrl);
  }

  /**
   * Reads a file, refusing it when it is larger than {@code maxBytes}.
   *
   * @throws ImportException if the file is missing, unreadable or too large
   */
  public static ImportSource ofFile(Path file, long maxBytes) {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new ImportException(name, "larger than the limit of " + maxBytes + " bytes");
      }
      return new ImportSource(name, bytes, null);
    } catch (NoSuchFileException e) {
      throw new ImportException(name, "no such file", e);
    } catch (IOException e) {
      throw new ImportException(name, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** The file name extension in lower case ("html", "md", "txt"), when the name has one. */
  public Optional<String> extension() {
    String path = name;
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    String last = path.substring(slash + 1);
    int dot = last.lastIndexOf('.');
    return dot <= 0
        ? Optional.empty()
        : Optional.of(last.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
  }

  /** The raw content; a copy, so the source stays immutable. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The size of the content in bytes, without copying it. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportSource other
        && name.equals(other.name)
        && java.util.Arrays.equals(bytes, other.bytes)
        && java.util.Objects.equals(baseUrl, other.baseUrl)
        && contentType.equals(other.contentType);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ImportSource[" + name + ", " + bytes.length + " bytes]";
  }
}
