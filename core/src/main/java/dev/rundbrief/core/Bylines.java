package dev.rundbrief.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the author names out of a byline as readers write them: "By TOM KRISHER, AP Auto Writer" is
 * "Tom Krisher", "Von Anna Müller, dpa" is "Anna Müller", "A, B und C" are three authors.
 *
 * <p>The rules: a leading label ("By", "Von", "Text:", "Posted by", …) goes; the rest is split at
 * commas, semicolons, "and", "und" and "&amp;"; a part that names a role ("AP Auto Writer", "Staff
 * Reporter", "Redakteurin") or a news agency ("dpa", "AFP", "Reuters") is an affiliation and is
 * dropped, unless it is the only part; a name written in capitals is written as a name ("DEE-ANN
 * DURBIN" is "Dee-Ann Durbin", "VON DER LEYEN" is "von der Leyen" after the first word).
 */
final class Bylines {
  private static final Pattern PREFIX =
      Pattern.compile(
          "(?iu)^(?:von|by|text|autor(?:in)?|author|written by|posted by|geschrieben von"
              + "|veröffentlicht von)\\s*:?\\s+");
  private static final Pattern SEPARATOR =
      Pattern.compile("\\s*(?:,|;|\\s+und\\s+|\\s+and\\s+|\\s+&\\s+)\\s*");

  /** Words that make a part of a byline a role, not a name; matched lower-case, word by word. */
  private static final Pattern ROLE_WORD =
      Pattern.compile(
          "(?iu)^(?:writers?|reporters?|correspondents?|editors?|staff|contributors?|columnists?"
              + "|bureau|chief|producers?|photographers?|analysts?|wire|press|news|newsroom"
              + "|redaktion|redakteur(?:in|e|innen)?|korrespondent(?:in|en|innen)?"
              + "|autor(?:in|en|innen)?|mitarbeiter(?:in)?|volontär(?:in)?|nachrichtenagentur"
              + "|agentur|agency)$");

  /** News agencies that stand after the name in a byline ("Anna Müller, dpa"). */
  private static final Set<String> AGENCIES =
      Set.of(
          "ap", "afp", "dpa", "reuters", "kna", "epd", "sid", "apa", "ddp", "dapd", "upi", "ani",
          "pti", "efe", "ansa", "sda");

  /** Surname particles written lower-case inside a name. */
  private static final Set<String> PARTICLES =
      Set.of("von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "zu");

  /** A line that starts like a byline: "By", "Von" and a capital. */
  private static final Pattern LINE_START =
      Pattern.compile("(?u)^(?:[Bb]y|BY|[Vv]on|VON)\\s+\\p{Lu}");

  private Bylines() {}

  /**
   * Whether a line of text is a byline on its own: "By TOM KRISHER, AP Auto Writer", "Von Anna
   * Müller und Jan Berg": a label and one or more names of two to four words, each starting with a
   * capital or a particle, and no sentence ("Von Berlin nach Hamburg fährt …" is none).
   */
  static boolean isBylineLine(String line) {
    String text = line.strip();
    if (text.length() > 100 || !LINE_START.matcher(text).lookingAt() || text.endsWith(".")) {
      return false;
    }
    List<String> names = names(text);
    if (names.isEmpty()) {
      return false;
    }
    for (String name : names) {
      String[] words = name.split("\\s+");
      if (words.length < 2 || words.length > 4) {
        return false;
      }
      for (String word : words) {
        if (!Character.isUpperCase(word.codePointAt(0)) && !PARTICLES.contains(word)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The author names in one byline, in their order; empty when it names nobody. */
  static List<String> names(String byline) {
    String text = PREFIX.matcher(byline.strip()).replaceFirst("");
    List<String> parts = new ArrayList<>();
    for (String part : SEPARATOR.split(text)) {
      String p = part.strip();
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    List<String> names = new ArrayList<>();
    for (String part : parts) {
      if (parts.size() > 1 && isAffiliation(part)) {
        continue;
      }
      names.add(written(part));
    }
    return names;
  }

  /** A name as it is written: one in capitals gets capitals only where a name has them. */
  static String written(String name) {
    return inCapitals(name) ? asName(name) : name;
  }

  /** Whether a part of a byline names a role or an agency rather than a person. */
  static boolean isAffiliation(String part) {
    String[] words = part.split("\\s+");
    if (words.length == 1 && AGENCIES.contains(words[0].toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String word : words) {
      if (ROLE_WORD.matcher(word.replaceAll("[^\\p{L}]", "")).matches()) {
        return true;
      }
    }
    return false;
  }

  private static boolean inCapitals(String part) {
    int letters = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (Character.isLetter(c)) {
        if (Character.isLowerCase(c)) {
          return false;
        }
        letters++;
      }
    }
    return letters > 3;
  }

  /** "DEE-ANN O'BRIEN" as "Dee-Ann O'Brien"; particles after the first word lower-case. */
  private static String asName(String capitals) {
    String[] words = capitals.toLowerCase(Locale.ROOT).split("\\s+");
    StringBuilder out = new StringBuilder();
    for (int w = 0; w < words.length; w++) {
      String word = words[w];
      if (w > 0) {
        out.append(' ');
      }
      if (w > 0 && w < words.length - 1 && PARTICLES.contains(word)) {
        out.append(word);
        continue;
      }
      boolean start = true;
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        out.append(start ? Character.toUpperCase(c) : c);
        start = c == '-' || c == '\'' || c == '’';
      }
    }
    return out.toString();
  }
}
