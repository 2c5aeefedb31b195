package dev.rundbrief.core;

import org.jsoup.nodes.Element;

/**
 * Tells a list item that is a sentence of the article (a point of a release-notes post, an entry of
 * a list article) from one that is a menu entry or a teaser link: it scores as a paragraph when it
 * holds a sentence's worth of text that is mostly not link text.
 */
final class ListItems {
  /** The least text of a list item that scores as a paragraph. */
  static final int MIN_CHARS = 80;

  private ListItems() {}

  /** Whether a list item (without blocks inside) holds prose. */
  static boolean isProse(Element li) {
    String text = li.text();
    return text.length() >= MIN_CHARS && ContentExtractor.linkDensity(li) < 0.5;
  }
}
