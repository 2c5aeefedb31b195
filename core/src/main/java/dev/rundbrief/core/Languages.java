package dev.rundbrief.core;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells German from English text when the input does not declare its language, and parses declared
 * language tags.
 *
 * <p>The heuristic counts the most frequent function words of each language ("der", "und", "nicht"
 * against "the", "and", "not") in the first 2,000 words; words that are common in both languages
 * ("in", "an", "was", "will", "so") count for neither. It answers only when at least eight such
 * words were seen and one language has at least twice the hits of the other; otherwise (short text,
 * a mix, a third language) it does not guess, and the importer falls back to the configured
 * default.
 */
final class Languages {
  private static final Set<String> GERMAN =
      Set.of(
          "der",
          "die",
          "das",
          "und",
          "ist",
          "nicht",
          "mit",
          "sich",
          "des",
          "ein",
          "eine",
          "einen",
          "einem",
          "auf",
          "für",
          "auch",
          "dem",
          "den",
          "von",
          "vom",
          "zu",
          "zum",
          "zur",
          "im",
          "wird",
          "werden",
          "wurde",
          "sind",
          "wie",
          "bei",
          "oder",
          "noch",
          "über",
          "nach",
          "einer",
          "aus",
          "dass",
          "hat",
          "haben",
          "wir",
          "sie",
          "es",
          "als",
          "um",
          "durch",
          "nur",
          "kann",
          "diese",
          "dieser",
          "seine",
          "ihre",
          "unter",
          "zwischen",
          "sowie");
  private static final Set<String> ENGLISH =
      Set.of(
          "the", "and", "is", "not", "with", "of", "to", "for", "that", "on", "are", "be", "by",
          "this", "it", "from", "as", "at", "have", "has", "which", "or", "its", "their", "were",
          "been", "but", "they", "would", "we", "you", "he", "she", "his", "her", "there", "can",
          "about", "into", "more", "than", "what", "when", "who", "our", "after", "these");
  private static final Map<String, String> NAMES =
      Map.of(
          "german", "de",
          "deutsch", "de",
          "english", "en",
          "englisch", "en");
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final int MAX_WORDS = 2000;
  private static final int MIN_HITS = 8;

  private Languages() {}

  /**
   * The language of the text ({@link Locale#GERMAN} or {@link Locale#ENGLISH}), when the heuristic
   * can tell; empty for short, mixed or other text.
   */
  static Optional<Locale> detect(String text) {
    int german = 0;
    int english = 0;
    int words = 0;
    Matcher m = WORD.matcher(text);
    while (words < MAX_WORDS && m.find()) {
      words++;
      String w = m.group().toLowerCase(Locale.ROOT);
      if (GERMAN.contains(w)) {
        german++;
      } else if (ENGLISH.contains(w)) {
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
   * The language of an imported article: the declared one when there is one, else the detected one,
   * else the configured default.
   */
  static Locale resolve(Optional<Locale> declared, String text, ImportOptions options) {
    return declared.or(() -> detect(text)).orElse(options.defaultLanguage());
  }

  /**
   * Parses a declared language tag such as {@code de}, {@code de-DE} or {@code en_US} (also the
   * names "German", "Deutsch", "English"); empty when the tag is blank or not a language.
   */
  static Optional<Locale> parseTag(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    String clean = tag.strip().replace('_', '-');
    String named = NAMES.get(clean.toLowerCase(Locale.ROOT));
    Locale locale = Locale.forLanguageTag(named != null ? named : clean);
    String language = locale.getLanguage();
    // Locale.forLanguageTag accepts any 5-8 letter word as a language ("english", "francais").
    if (language.length() < 2 || language.length() > 3) {
      return Optional.empty();
    }
    return Optional.of(locale);
  }
}
