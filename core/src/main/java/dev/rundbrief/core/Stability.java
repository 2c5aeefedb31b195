package dev.rundbrief.core;

import java.util.HashSet;
import java.util.Set;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Decides, without parsing again, that a cleaned tree is one the HTML parser reads back exactly as
 * it is, so that {@link HtmlSanitizer} can skip its re-parse check.
 *
 * <p>Conservative by design: it answers {@code true} only for trees built from nesting whose
 * parsing the HTML standard fixes (paragraphs and headings hold only inline content; list items sit
 * directly in lists; table parts directly in their table parts, with nothing but whitespace between
 * them; no link inside a link; no block inside an inline element; no {@code pre} that starts with a
 * line break; no characters the parser drops or rewrites). Any other tree, however harmless,
 * answers {@code false} and gets the full check.
 */
final class Stability {
  private static final Set<String> INLINE =
      Set.of(
          "a", "b", "i", "u", "s", "strike", "em", "strong", "small", "code", "sub", "sup", "del",
          "ins", "mark", "abbr", "time", "q", "cite", "img", "br");

  /** Blocks that may hold blocks as well as inline content. */
  private static final Set<String> FLOW =
      Set.of("div", "blockquote", "li", "dd", "dt", "td", "th", "caption", "figure", "figcaption");

  /** Blocks that may hold inline content only. */
  private static final Set<String> INLINE_ONLY =
      Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre");

  /** Blocks that are a child of a flow block (or the body) and nothing else. */
  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "pre",
          "div",
          "blockquote",
          "figure",
          "figcaption",
          "ul",
          "ol",
          "dl",
          "table",
          "hr");

  /** What a flow block (or the body) may hold. */
  private static final Set<String> BLOCK_OR_INLINE = union(BLOCKS, INLINE);

  private static final Set<String> LIST_ITEMS = Set.of("li");
  private static final Set<String> DEFINITIONS = Set.of("dt", "dd");
  private static final Set<String> TABLE_PARTS =
      Set.of("caption", "colgroup", "thead", "tbody", "tfoot");
  private static final Set<String> COLUMNS = Set.of("col");
  private static final Set<String> ROWS = Set.of("tr");
  private static final Set<String> CELLS = Set.of("td", "th");

  private static final Set<String> VOID = Set.of("img", "br", "hr", "col");

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private Stability() {}

  /** Whether the children of {@code body} read back as they are. */
  static boolean isStable(Element body) {
    return children(body, BLOCK_OR_INLINE, true, false);
  }

  /**
   * Whether every child of {@code parent} is an element named in {@code allowed} (itself stable) or
   * text: any text the parser reads back unchanged where {@code text} is true, whitespace only
   * where it is false (between list items and table parts).
   */
  private static boolean children(
      Element parent, Set<String> allowed, boolean text, boolean inLink) {
    for (int i = 0; i < parent.childNodeSize(); i++) {
      Node child = parent.childNode(i);
      if (child instanceof TextNode t) {
        String s = t.getWholeText();
        if (!(text ? plainText(s) : whitespace(s))) {
          return false;
        }
      } else if (child instanceof Element e) {
        String name = e.normalName();
        if (!allowed.contains(name) || !element(e, name, inLink)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean element(Element e, String name, boolean inLink) {
    if (e.attributesSize() > 0) {
      for (Attribute attribute : e.attributes()) {
        if (!plainText(attribute.getValue())) {
          return false;
        }
      }
    }
    if (VOID.contains(name)) {
      return e.childNodeSize() == 0;
    }
    if (name.equals("a")) {
      if (inLink) {
        return false;
      }
      return children(e, INLINE, true, true);
    }
    if (INLINE.contains(name)) {
      return children(e, INLINE, true, inLink);
    }
    if (name.equals("pre")
        && e.childNodeSize() > 0
        && e.childNode(0) instanceof TextNode first
        && first.getWholeText().startsWith("\n")) {
      return false; // the parser drops a line break right after <pre>
    }
    if (INLINE_ONLY.contains(name)) {
      return children(e, INLINE, true, inLink);
    }
    if (FLOW.contains(name)) {
      return children(e, BLOCK_OR_INLINE, true, inLink);
    }
    return switch (name) {
      case "ul", "ol" -> children(e, LIST_ITEMS, false, inLink);
      case "dl" -> children(e, DEFINITIONS, false, inLink);
      case "table" -> children(e, TABLE_PARTS, false, inLink);
      case "colgroup" -> children(e, COLUMNS, false, inLink);
      case "thead", "tbody", "tfoot" -> children(e, ROWS, false, inLink);
      case "tr" -> children(e, CELLS, false, inLink);
      default -> false;
    };
  }

  /**
   * Text the parser reads back unchanged: no carriage return (turned into a line feed), no NUL
   * (dropped), no other C0 control, no unpaired surrogate.
   */
  private static boolean plainText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        if (c != '\n' && c != '\t') {
          return false;
        }
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean whitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\n' && c != '\t') {
        return false;
      }
    }
    return true;
  }
}
