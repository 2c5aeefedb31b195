package dev.rundbrief.core;

import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Recognizes the excerpt of a teaser for another article: a paragraph cut off with an ellipsis, or
 * one that ends in a "Read more" link. In a box that is page chrome by its tag or class (a related
 * posts grid, an inset card), such excerpts are not prose of the article, so they do not save the
 * box from removal.
 */
final class Teasers {
  private static final Pattern CUT_OFF = Pattern.compile("(?:…|\\.\\.\\.|\\[…]|\\[\\.\\.\\.])$");
  private static final Pattern READ_MORE =
      Pattern.compile(
          "(?iu)^(?:read more|more|continue reading|read the full (?:story|article)|full story"
              + "|weiterlesen|mehr|mehr lesen|zum artikel|ganzen artikel lesen|artikel lesen)"
              + "\\s*[»›→>.…]*$");

  private Teasers() {}

  /** Whether a paragraph is a teaser's excerpt: cut off, or ending in a "Read more" link. */
  static boolean isExcerpt(Element p) {
    String text = p.text().strip();
    for (String label : new String[] {"Read more", "Weiterlesen"}) {
      while (text.regionMatches(true, text.length() - label.length(), label, 0, label.length())) {
        text = text.substring(0, text.length() - label.length()).strip();
      }
    }
    if (CUT_OFF.matcher(text).find()) {
      return true;
    }
    for (Element a : p.select("a")) {
      if (READ_MORE.matcher(a.text().strip()).matches()) {
        return true;
      }
    }
    return false;
  }
}
