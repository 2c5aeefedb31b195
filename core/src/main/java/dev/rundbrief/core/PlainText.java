package dev.rundbrief.core;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Converts article HTML to readable plain text, for e-mail text parts and excerpts.
 *
 * <p>Headings are underlined, list items get bullets ({@code -} or {@code 1.}) with a hanging
 * indent, quotes are prefixed with {@code >}, links become "text (URL)", images their alt text in
 * brackets, and paragraphs are separated by blank lines. Lines are wrapped at a width without
 * breaking words or URLs: a word longer than the width stands on a line of its own. Preformatted
 * text is kept as it is.
 */
public final class PlainText {
  /** The width that e-mail text parts are wrapped at. */
  public static final int DEFAULT_WIDTH = 72;

  private PlainText() {}

  /** Converts HTML to text wrapped at {@link #DEFAULT_WIDTH} columns. */
  public static String fromHtml(String html) {
    return fromHtml(html, DEFAULT_WIDTH);
  }

  /** Converts HTML to text wrapped at {@code width} columns. */
  public static String fromHtml(String html, int width) {
    checkWidth(width);
    if (html == null || html.isBlank()) {
      return "";
    }
    Element body = Jsoup.parseBodyFragment(html).body();
    List<Block> blocks = new ArrayList<>();
    new Collector(blocks).blocks(body, "", "");
    StringBuilder out = new StringBuilder();
    for (Block block : blocks) {
      String text = block.pre ? block.text : block.text.strip();
      if (text.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\n\n");
      }
      if (block.pre) {
        out.append(block.text.stripTrailing());
      } else {
        out.append(wrap(text, width, block.first, block.rest));
      }
      if (block.underline != 0) {
        int len = Math.min(width, text.codePointCount(0, text.length()));
        out.append('\n').append(String.valueOf(block.underline).repeat(len));
      }
    }
    return out.toString();
  }

  /**
   * Wraps text at {@code width} columns at spaces, never inside a word or URL. Existing line breaks
   * are kept; runs of spaces inside a line collapse to one.
   */
  public static String wrap(String text, int width) {
    checkWidth(width);
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(wrap(lines[i], width, "", ""));
    }
    return out.toString();
  }

  private static String wrap(String text, int width, String first, String rest) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    int lineLen = first.length();
    boolean lineHasWord = false;
    for (String word : text.strip().split("[ \\t\\n\\x0B\\f\\r]+")) {
      if (word.isEmpty()) {
        continue;
      }
      int wordLen = word.codePointCount(0, word.length());
      if (lineHasWord && lineLen + 1 + wordLen > width) {
        out.append(stripEnd(line)).append('\n');
        line.setLength(0);
        line.append(rest);
        lineLen = rest.length();
        lineHasWord = false;
      }
      if (lineHasWord) {
        line.append(' ');
        lineLen++;
      }
      line.append(word);
      lineLen += wordLen;
      lineHasWord = true;
    }
    out.append(stripEnd(line));
    return out.toString();
  }

  private static String stripEnd(CharSequence s) {
    return s.toString().stripTrailing();
  }

  private static void checkWidth(int width) {
    if (width < 20) {
      throw new IllegalArgumentException("width must be at least 20, was " + width);
    }
  }

  /** A paragraph-like unit of text with the prefixes of its first and following lines. */
  private static final class Block {
    final String first;
    final String rest;
    final boolean pre;
    final char underline;
    final StringBuilder buffer = new StringBuilder();
    String text = "";

    Block(String first, String rest, boolean pre, char underline) {
      this.first = first;
      this.rest = rest;
      this.pre = pre;
      this.underline = underline;
    }
  }

  /** Walks the DOM and cuts it into blocks. */
  private static final class Collector {
    private final List<Block> blocks;
    private Block current;

    Collector(List<Block> blocks) {
      this.blocks = blocks;
    }

    void blocks(Element parent, String first, String rest) {
      String pendingFirst = first;
      for (Node child : parent.childNodes()) {
        if (child instanceof Element e && isBlock(e)) {
          close();
          block(e, pendingFirst, rest);
          pendingFirst = rest;
        } else {
          if (current == null) {
            current = new Block(pendingFirst, rest, false, (char) 0);
            pendingFirst = rest;
          }
          inline(child, current.buffer);
        }
      }
      close();
    }

    private void block(Element e, String first, String rest) {
      switch (e.normalName()) {
        case "h1", "h2" -> single(e, first, rest, '=');
        case "h3", "h4", "h5", "h6" -> single(e, first, rest, '-');
        case "pre" -> {
          Block b = new Block(first, rest, true, (char) 0);
          b.text = e.wholeText();
          blocks.add(b);
        }
        case "blockquote" -> blocks(e, first + "> ", rest + "> ");
        case "ul", "ol" -> list(e, first, rest);
        case "hr" -> {
          Block b = new Block(first, rest, true, (char) 0);
          b.text = "----";
          blocks.add(b);
        }
        case "table" -> table(e, first, rest);
        default -> blocks(e, first, rest);
      }
    }

    private void single(Element e, String first, String rest, char underline) {
      Block b = new Block(first, rest, false, underline);
      inline(e, b.buffer);
      b.text = b.buffer.toString();
      blocks.add(b);
    }

    private void list(Element list, String first, String rest) {
      boolean ordered = list.normalName().equals("ol");
      int number = 1;
      String pendingFirst = first;
      for (Element item : list.children()) {
        if (!item.normalName().equals("li")) {
          continue;
        }
        String bullet = ordered ? (number++) + ". " : "- ";
        String indent = " ".repeat(bullet.length());
        blocks(item, pendingFirst + bullet, rest + indent);
        pendingFirst = rest;
      }
    }

    private void table(Element table, String first, String rest) {
      String pendingFirst = first;
      for (Element row : table.select("tr")) {
        List<String> cells = new ArrayList<>();
        for (Element cell : row.children()) {
          StringBuilder sb = new StringBuilder();
          inline(cell, sb);
          cells.add(sb.toString().strip());
        }
        Block b = new Block(pendingFirst, rest + "  ", false, (char) 0);
        b.text = String.join(" | ", cells);
        blocks.add(b);
        pendingFirst = rest;
      }
    }

    private void inline(Node node, StringBuilder out) {
      if (node instanceof TextNode t) {
        out.append(t.text());
        return;
      }
      if (!(node instanceof Element e)) {
        return;
      }
      switch (e.normalName()) {
        case "br" -> out.append(' ');
        case "img" -> {
          String alt = e.attr("alt").strip();
          if (!alt.isEmpty()) {
            out.append('[').append(alt).append(']');
          }
        }
        case "a" -> {
          StringBuilder text = new StringBuilder();
          for (Node child : e.childNodes()) {
            inline(child, text);
          }
          String label = text.toString().strip();
          String href = e.attr("abs:href");
          if (href.isEmpty()) {
            href = e.attr("href");
          }
          if (href.isEmpty() || href.equals(label) || href.startsWith("#")) {
            out.append(text);
          } else if (label.isEmpty()) {
            out.append(href);
          } else {
            out.append(label).append(" (").append(href).append(')');
          }
        }
        case "script", "style", "template" -> {}
        default -> {
          for (Node child : e.childNodes()) {
            if (child instanceof Element c && isBlock(c)) {
              out.append(' ');
            }
            inline(child, out);
          }
        }
      }
    }

    private void close() {
      if (current != null) {
        current.text = current.buffer.toString();
        blocks.add(current);
        current = null;
      }
    }

    private static boolean isBlock(Element e) {
      return switch (e.normalName()) {
        case "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "blockquote",
            "pre",
            "table",
            "figure",
            "figcaption",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "dl",
            "dt",
            "dd" ->
            true;
        default -> false;
      };
    }
  }
}
