package dev.rundbrief.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether two headlines tell the same story, for the digest's duplicate check.
 *
 * <p>Both titles are folded with {@link ArticleId#normalizeTitle} (lower case, accents and umlauts
 * stripped, punctuation dropped) and "ß" becomes "ss". Two titles are near-identical when the
 * folded forms are equal, or when they contain the same numbers and the sets of their content words
 * (the words left after dropping a short list of German and English articles, prepositions and
 * conjunctions) have a Jaccard similarity of at least {@value #THRESHOLD}. Differing numbers always
 * mean different stories ("Dax steigt um 2 Prozent" is not "Dax steigt um 3 Prozent").
 */
final class NearDuplicateTitles {
  static final double THRESHOLD = 0.85;

  private static final Set<String> FUNCTION_WORDS =
      Set.of(
          // German
          "der",
          "die",
          "das",
          "den",
          "dem",
          "des",
          "ein",
          "eine",
          "einen",
          "einem",
          "einer",
          "eines",
          "und",
          "oder",
          "in",
          "im",
          "an",
          "am",
          "auf",
          "aus",
          "bei",
          "mit",
          "nach",
          "von",
          "vom",
          "zu",
          "zum",
          "zur",
          "fur",
          "uber",
          "um",
          // English ("in" and "an" are in the German list)
          "a",
          "the",
          "and",
          "or",
          "of",
          "on",
          "at",
          "to",
          "for",
          "with",
          "by",
          "from",
          "as");

  private NearDuplicateTitles() {}

  /** The folded title: the key for exact near-duplicates. */
  static String fold(String title) {
    return ArticleId.normalizeTitle(title).replace("ß", "ss");
  }

  /** The title's content words and numbers, for {@link #similar(Key, Key)}. */
  static Key key(String title) {
    String folded = fold(title);
    Set<String> words = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    for (String token : folded.split(" ")) {
      if (token.isEmpty() || FUNCTION_WORDS.contains(token)) {
        continue;
      }
      words.add(token);
      if (token.chars().anyMatch(Character::isDigit)) {
        numbers.add(token);
      }
    }
    return new Key(folded, Set.copyOf(words), Set.copyOf(numbers));
  }

  /** Whether two headlines are near-identical by the rule in the class comment. */
  static boolean similar(String a, String b) {
    return similar(key(a), key(b));
  }

  static boolean similar(Key a, Key b) {
    if (a.folded.equals(b.folded)) {
      return true;
    }
    if (!a.numbers.equals(b.numbers) || a.words.isEmpty() || b.words.isEmpty()) {
      return false;
    }
    return jaccard(a.words, b.words) >= THRESHOLD;
  }

  static double jaccard(Set<String> a, Set<String> b) {
    int common = 0;
    for (String word : a) {
      if (b.contains(word)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  /** A headline prepared for comparison. */
  record Key(String folded, Set<String> words, Set<String> numbers) {
    /**
     * The index keys of this title: any two titles that are {@linkplain #similar(Key, Key) similar}
     * by word sets share at least one key, so a digest need not compare every pair.
     *
     * <p>This is prefix filtering: with the words in a fixed order, two sets whose Jaccard
     * similarity is at least t share a word among the first {@code n - ceil(t * n) + 1} words of
     * each (n being that set's size). Each key also carries the numbers, which must be equal.
     */
    List<String> indexKeys() {
      if (words.isEmpty()) {
        return List.of();
      }
      List<String> sorted = new ArrayList<>(words);
      Collections.sort(sorted);
      // The epsilon keeps 0.85 * 20 = 17.000000000000004 from rounding up to 18.
      int minOverlap = (int) Math.ceil(THRESHOLD * sorted.size() - 1e-9);
      String numberKey = String.join(" ", new TreeSet<>(numbers));
      List<String> keys = new ArrayList<>();
      for (String word : sorted.subList(0, sorted.size() - minOverlap + 1)) {
        keys.add(numberKey + "|" + word);
      }
      return keys;
    }
  }
}
