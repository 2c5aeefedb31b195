package dev.rundbrief.core;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells German from English text when the input does not declare its language.
 *
 * <p>The heuristic counts the most frequent function words of each language ("der", "und", "nicht"
 * against "the", "and", "not") in the first 2,000 words. It answers only when at least eight such
 * words were seen and one language has at least twice the hits of the other; otherwise it does not
 * guess, and the importer falls back to the configured default.
 */
final class Languages {
  private static final Set<String> GERMAN =
      Set.of(
          "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "des", "ein", "eine", "auf",
          "für", "auch", "dem", "den", "von", "zu", "im", "wird", "werden", "sind", "wie", "bei",
          "oder", "noch", "über", "nach", "einer", "aus", "dass", "hat", "wir", "sie", "es");
  private static final Set<String> ENGLISH =
      Set.of(
          "the", "and", "is", "not", "with", "of", "to", "in", "for", "that", "on", "are", "was",
          "be", "by", "this", "it", "from", "as", "at", "have", "has", "will", "which", "an", "or",
          "its", "their", "were", "been", "but", "they", "would", "we");
  private static final Pattern WORD = Pattern.compile("[\\p{L}]+");
  private static final int MAX_WORDS = 2000;
  private static final int MIN_HITS = 8;

  private Languages() {}

  /** The language of the text, when the heuristic can tell. */
  static Optional<Locale> detect(String text) {
    int german = 0;
    int english = 0;
    int words = 0;
    Matcher m = WORD.matcher(text);
    while (m.find() && words++ < MAX_WORDS) {
      String w = m.group().toLowerCase(Locale.ROOT);
      if (GERMAN.contains(w)) {
        german++;
      }
      if (ENGLISH.contains(w)) {
        english++;
      }
    }
    if (german + english < MIN_HITS) {
      return Optional.empty();
    }
    if (german >= 2 * english) {
      return Optional.of(Locale.GERMAN);
    }
    if (english >= 2 * german) {
      return Optional.of(Locale.ENGLISH);
    }
    return Optional.empty();
  }

  /**
   * Parses a declared language tag such as {@code de}, {@code de-DE} or {@code en_US}; empty when
   * the tag is blank or not a language.
   */
  static Optional<Locale> parseTag(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    Locale locale = Locale.forLanguageTag(tag.strip().replace('_', '-'));
    return locale.getLanguage().isEmpty() ? Optional.empty() : Optional.of(locale);
  }
}
