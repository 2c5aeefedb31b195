package dev.rundbrief.core;

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

  private static final Set<String> VOID = Set.of("img", "br", "hr", "col");

  private Stability() {}

  /** Whether the children of {@code body} read back as they are. */
  static boolean isStable(Element body) {
    return flowChildren(body, false);
  }

  private static boolean flowChildren(Element parent, boolean inLink) {
    for (int i = 0; i < parent.childNodeSize(); i++) {
      Node child = parent.childNode(i);
      if (child instanceof TextNode text) {
        if (!plainText(text.getWholeText())) {
          return false;
        }
      } else if (child instanceof Element e) {
        String name = e.normalName();
        if (!(BLOCKS.contains(name) || INLINE.contains(name)) || !element(e, name, inLink)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean inlineChildren(Element parent, boolean inLink) {
    for (int i = 0; i < parent.childNodeSize(); i++) {
      Node child = parent.childNode(i);
      if (child instanceof TextNode text) {
        if (!plainText(text.getWholeText())) {
          return false;
        }
      } else if (child instanceof Element e) {
        String name = e.normalName();
        if (!INLINE.contains(name) || !element(e, name, inLink)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /** Children that must all be elements named in {@code allowed}, with whitespace between. */
  private static boolean structuralChildren(Element parent, Set<String> allowed, boolean inLink) {
    for (int i = 0; i < parent.childNodeSize(); i++) {
      Node child = parent.childNode(i);
      if (child instanceof TextNode text) {
        if (!whitespace(text.getWholeText())) {
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
      return inlineChildren(e, true);
    }
    if (INLINE.contains(name)) {
      return inlineChildren(e, inLink);
    }
    if (name.equals("pre")
        && e.childNodeSize() > 0
        && e.childNode(0) instanceof TextNode first
        && first.getWholeText().startsWith("\n")) {
      return false; // the parser drops a line break right after <pre>
    }
    if (INLINE_ONLY.contains(name)) {
      return inlineChildren(e, inLink);
    }
    if (FLOW.contains(name)) {
      return flowChildren(e, inLink);
    }
    return switch (name) {
      case "ul", "ol" -> structuralChildren(e, Set.of("li"), inLink);
      case "dl" -> structuralChildren(e, Set.of("dt", "dd"), inLink);
      case "table" ->
          structuralChildren(e, Set.of("caption", "colgroup", "thead", "tbody", "tfoot"), inLink);
      case "colgroup" -> structuralChildren(e, Set.of("col"), inLink);
      case "thead", "tbody", "tfoot" -> structuralChildren(e, Set.of("tr"), inLink);
      case "tr" -> structuralChildren(e, Set.of("td", "th"), inLink);
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
