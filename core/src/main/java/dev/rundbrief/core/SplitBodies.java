package dev.rundbrief.core;

import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Recognizes the sections of one article body that a page splits around figures, ad slots or drop
 * caps: they share their tag and their class, up to the numbers in it ({@code story-body
 * story-body-1} and {@code story-body story-body-2}), and may sit several wrappers apart.
 */
final class SplitBodies {
  /** How many levels above the best block the common wrapper of two sections may be. */
  static final int MAX_DISTANCE = 6;

  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private SplitBodies() {}

  /** Whether two blocks are sections of one split body: the same tag and class, numbers aside. */
  static boolean sameKind(Element a, Element b) {
    if (!a.tagName().equals(b.tagName())) {
      return false;
    }
    String classes = a.className().strip();
    if (classes.isEmpty()) {
      return false;
    }
    if (classes.equals(b.className().strip())) {
      return true;
    }
    String unnumbered = DIGITS.matcher(classes).replaceAll("");
    return !unnumbered.equals(classes)
        && unnumbered.equals(DIGITS.matcher(b.className().strip()).replaceAll(""));
  }
}
