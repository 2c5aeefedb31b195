package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * An image that leads an article.
 *
 * @param url where the image is; absolute whenever the article had a base URL
 * @param alt the alternative text; empty when the image is decoration or none was given
 * @param width the width in pixels, or 0 when unknown
 * @param height the height in pixels, or 0 when unknown
 * @param mediaType the MIME type such as {@code image/jpeg}, or empty when unknown
 * @param length the size in bytes, or 0 when unknown (RSS enclosures need a length)
 */
public record Image(URI url, String alt, int width, int height, String mediaType, long length) {
  /** Validates the parts; negative sizes are programmer errors. */
  public Image {
    requireNonNull(url, "url");
    alt = alt == null ? "" : alt.strip();
    mediaType = mediaType == null ? "" : mediaType.strip();
    if (width < 0 || height < 0 || length < 0) {
      throw new IllegalArgumentException(
          "image sizes must not be negative: " + width + "x" + height + ", " + length + " bytes");
    }
  }

  /** An image with alternative text and no known size. */
  public static Image of(URI url, String alt) {
    return new Image(url, alt, 0, 0, "", 0);
  }

  /** A copy with the given pixel size. */
  public Image withSize(int width, int height) {
    return new Image(url, alt, width, height, mediaType, length);
  }
}
