package dev.rundbrief.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the import fixtures of the tests from the class path. */
final class ImportFixtures {
  /** Options as a German workspace would set them. */
  static final ImportOptions GERMAN_DEFAULT = ImportOptions.defaults(Locale.GERMAN);

  /** Options with a default that no fixture is written in, so a detected language shows. */
  static final ImportOptions FRENCH_DEFAULT = ImportOptions.defaults(Locale.FRENCH);

  private ImportFixtures() {}

  static byte[] bytes(String resource) {
    try (InputStream in = ImportFixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }

  /** A source named like the fixture file, without a base URL. */
  static ImportSource source(String resource) {
    return ImportSource.of(
        resource.substring(resource.lastIndexOf('/') + 1), bytes(resource), null);
  }

  static ImportSource utf8(String name, String text) {
    return ImportSource.of(name, text.getBytes(StandardCharsets.UTF_8), null);
  }
}
