package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Settings that every importer honours.
 *
 * @param defaultLanguage the language to assume when the input declares none and the heuristic
 *     cannot tell
 * @param maxBytes inputs larger than this are refused
 * @param sourceName the name of the site or feed to record on imported articles; empty for none
 */
public record ImportOptions(Locale defaultLanguage, long maxBytes, String sourceName) {
  /** The size limit when none is configured: 5 MiB, far above any real article. */
  public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;

  /** Validates the parts. */
  public ImportOptions {
    requireNonNull(defaultLanguage, "defaultLanguage");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    sourceName = sourceName == null ? "" : sourceName.strip();
  }

  /** Options with the given default language, the default size limit and no source name. */
  public static ImportOptions defaults(Locale defaultLanguage) {
    return new ImportOptions(defaultLanguage, DEFAULT_MAX_BYTES, "");
  }

  /** A copy with another source name. */
  public ImportOptions withSourceName(String name) {
    return new ImportOptions(defaultLanguage, maxBytes, name);
  }
}
