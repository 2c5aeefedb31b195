package dev.rundbrief.core;

import java.util.List;
import java.util.function.Predicate;
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

  /**
   * Whether two blocks are sections of one split body: the same tag and the same first class,
   * numbers aside ({@code content lead} and {@code content}, {@code story-body-1} and {@code
   * story-body-2}).
   */
  static boolean sameKind(Element a, Element b) {
    if (!a.tagName().equals(b.tagName())) {
      return false;
    }
    String first = firstClass(a);
    return !first.isEmpty() && first.equals(firstClass(b));
  }

  /**
   * Whether the common wrapper of the sections holds little besides them: at most as much text
   * again (lists, figures, captions between the sections), and no block of 200+ characters that
   * {@code chrome} calls page chrome (a page of comments, a related-articles box).
   */
  static boolean holdLittleElse(
      Element wrapper, List<Element> sections, Predicate<Element> chrome) {
    if (wrapper == null) {
      return false;
    }
    long chars = 0;
    for (Element section : sections) {
      chars += section.text().length();
    }
    if (wrapper.text().length() > 2 * chars) {
      return false;
    }
    for (Element e : wrapper.getAllElements()) {
      if (e != wrapper && chrome.test(e) && e.text().length() >= 200) {
        return false;
      }
    }
    return true;
  }

  private static String firstClass(Element e) {
    String classes = e.className().strip();
    int space = classes.indexOf(' ');
    String first = space < 0 ? classes : classes.substring(0, space);
    return DIGITS.matcher(first).replaceAll("");
  }
}
