package dev.rundbrief.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Converts article HTML to readable plain text, for e-mail text parts and excerpts.
 *
 * <p>The rules callers may rely on:
 *
 * <ul>
 *   <li>Paragraphs and other blocks are separated by one blank line; inside a quote the blank line
 *       carries the quote marker ({@code >}).
 *   <li>{@code h1} and {@code h2} are underlined with {@code =}, {@code h3} to {@code h6} with
 *       {@code -}, as long as their longest line.
 *   <li>List items get bullets ({@code - } or {@code 1. }, honouring {@code <ol start>}) and a
 *       hanging indent. Lists are tight: no blank line between the items of one list, nor before a
 *       nested list, which is indented under its item. Table rows are tight too, cells separated by
 *       {@code " | "}; in definition lists the definitions are indented by two spaces.
 *   <li>Quotes are prefixed with {@code "> "}, nested quotes with {@code "> > "}.
 *   <li>Links become "text (URL)"; a link whose text is its URL (give or take a trailing slash)
 *       becomes just the URL; {@code mailto:} links show the bare address. Only {@code http},
 *       {@code https} and {@code mailto} URLs are shown; for others (relative, {@code javascript:})
 *       the text stands alone.
 *   <li>Images become their alt text in brackets, {@code [like this]}; images without alt text
 *       disappear. {@code <br>} is a line break, {@code <hr>} a line of four dashes.
 *   <li>Lines are wrapped at the width (default 72) at spaces only, so words and URLs are never
 *       broken: a word longer than the width stands on a line of its own. The width counts Unicode
 *       code points, including the bullet and quote prefixes. Preformatted text is kept as it is,
 *       even where its lines are longer.
 *   <li>Entities are decoded ({@code &amp;amp;} becomes {@code &}), text is put in Unicode NFC form
 *       (so a decomposed "u" plus diaeresis counts as the one character "ü"), soft hyphens are
 *       removed, and non-breaking spaces are kept, so that the words they join are never split.
 *   <li>Scripts, styles, templates, embedded frames and objects, SVG, MathML and form fields
 *       contribute no text.
 * </ul>
 *
 * <p>The result has no trailing spaces on any line and no trailing line break.
 */
public final class PlainText {
  /** The width that e-mail text parts are wrapped at. */
  public static final int DEFAULT_WIDTH = 72;

  private static final int MIN_WIDTH = 20;
  private static final Pattern BREAKABLE_SPACE = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

  private PlainText() {}

  /** Converts HTML to text wrapped at {@link #DEFAULT_WIDTH} columns; see the class rules. */
  public static String fromHtml(String html) {
    return fromHtml(html, DEFAULT_WIDTH);
  }

  /**
   * Converts HTML to text wrapped at {@code width} columns; see the class rules.
   *
   * @param html HTML, a fragment or a whole document; {@code null} or blank gives an empty string
   * @throws IllegalArgumentException if {@code width} is below 20
   */
  public static String fromHtml(String html, int width) {
    checkWidth(width);
    if (html == null || html.isBlank()) {
      return "";
    }
    Element body = Jsoup.parseBodyFragment(Normalizer.normalize(html, Normalizer.Form.NFC)).body();
    Collector collector = new Collector();
    collector.container(body);
    collector.flush();
    StringBuilder out = new StringBuilder();
    Block previous = null;
    for (Block block : collector.blocks) {
      List<String> lines = block.render(width);
      if (lines.isEmpty()) {
        continue;
      }
      if (previous != null) {
        out.append('\n');
        if (!block.tight) {
          out.append(commonPrefix(previous.rest, block.rest).stripTrailing()).append('\n');
        }
      }
      out.append(String.join("\n", lines));
      previous = block;
    }
    return out.toString();
  }

  /**
   * Wraps text at {@code width} columns at spaces, never inside a word or URL.
   *
   * <p>A word is a run of characters without spaces, tabs or line breaks. Existing line breaks are
   * kept; inside a line, runs of spaces and tabs collapse to one space and leading and trailing
   * spaces are removed. Every line of the result is at most {@code width} code points long, unless
   * it consists of one single word that is longer; the sequence of words is unchanged.
   *
   * @throws IllegalArgumentException if {@code width} is below 20
   */
  public static String wrap(String text, int width) {
    checkWidth(width);
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(String.join("\n", wrapLines(lines[i], width, "", "")));
    }
    return out.toString();
  }

  /**
   * Returns the text of {@code html} on one line, blocks separated by spaces, for counting words
   * and cutting excerpts. With {@code proseOnly}, headings, figures, tables, preformatted text and
   * image alt texts are left out, and so are link URLs in every case.
   */
  static String flatText(String html, boolean proseOnly) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Element body = Jsoup.parseBodyFragment(Normalizer.normalize(html, Normalizer.Form.NFC)).body();
    StringBuilder out = new StringBuilder();
    flatten(body, proseOnly, out);
    return BREAKABLE_SPACE.matcher(out).replaceAll(" ").strip();
  }

  private static void flatten(Node node, boolean proseOnly, StringBuilder out) {
    if (node instanceof TextNode t) {
      out.append(cleanText(t.getWholeText()));
      return;
    }
    if (!(node instanceof Element e) || isSilent(e)) {
      return;
    }
    if (proseOnly && isNotProse(e)) {
      return;
    }
    boolean block = isBlock(e) || e.normalName().equals("br");
    if (block) {
      out.append(' ');
    }
    if (!proseOnly && e.normalName().equals("img")) {
      out.append(e.attr("alt"));
    }
    for (Node child : e.childNodes()) {
      flatten(child, proseOnly, out);
    }
    if (block) {
      out.append(' ');
    }
  }

  private static boolean isNotProse(Element e) {
    return switch (e.normalName()) {
      case "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "table", "pre", "img" ->
          true;
      default -> false;
    };
  }

  /** Splits one line of text into lines of at most {@code width}, with the given prefixes. */
  private static List<String> wrapLines(String text, int width, String first, String rest) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(first);
    int lineLength = first.codePointCount(0, first.length());
    boolean lineHasWord = false;
    for (String word : BREAKABLE_SPACE.split(text.strip())) {
      if (word.isEmpty()) {
        continue;
      }
      int wordLength = word.codePointCount(0, word.length());
      if (lineHasWord && lineLength + 1 + wordLength > width) {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
        line.append(rest);
        lineLength = rest.codePointCount(0, rest.length());
        lineHasWord = false;
      }
      if (lineHasWord) {
        line.append(' ');
        lineLength++;
      }
      line.append(word);
      lineLength += wordLength;
      lineHasWord = true;
    }
    if (lineHasWord) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return a.substring(0, i);
  }

  private static String cleanText(String text) {
    return text.replace("\u00AD", "").replace("\u200B", "");
  }

  private static void checkWidth(int width) {
    if (width < MIN_WIDTH) {
      throw new IllegalArgumentException("width must be at least " + MIN_WIDTH + ", was " + width);
    }
  }

  /** Elements whose content is never text for a reader. */
  private static boolean isSilent(Element e) {
    return switch (e.normalName()) {
      case "script",
          "style",
          "template",
          "head",
          "title",
          "iframe",
          "frame",
          "object",
          "embed",
          "applet",
          "svg",
          "math",
          "audio",
          "video",
          "canvas",
          "input",
          "button",
          "select",
          "textarea" ->
          true;
      default -> false;
    };
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
          "menu",
          "dir",
          "li",
          "blockquote",
          "pre",
          "table",
          "caption",
          "tr",
          "td",
          "th",
          "figure",
          "figcaption",
          "hr",
          "section",
          "article",
          "main",
          "aside",
          "nav",
          "header",
          "footer",
          "address",
          "details",
          "summary",
          "form",
          "fieldset",
          "dl",
          "dt",
          "dd" ->
          true;
      default -> false;
    };
  }

  private enum Kind {
    TEXT,
    HEADING,
    PRE
  }

  /** A paragraph-like unit of text with the prefixes of its first and following lines. */
  private record Block(
      Kind kind, String first, String rest, String text, char underline, boolean tight) {

    List<String> render(int width) {
      List<String> lines = new ArrayList<>();
      if (kind == Kind.PRE) {
        String[] raw = text.stripTrailing().split("\r\n|\r|\n", -1);
        for (int i = 0; i < raw.length; i++) {
          lines.add(((i == 0 ? first : rest) + raw[i]).stripTrailing());
        }
        return text.isBlank() ? List.of() : lines;
      }
      boolean blankPending = false;
      for (String segment : text.strip().split("\n")) {
        if (segment.isBlank()) {
          blankPending = !lines.isEmpty();
          continue;
        }
        if (blankPending) {
          lines.add(rest.stripTrailing());
          blankPending = false;
        }
        lines.addAll(wrapLines(segment, width, lines.isEmpty() ? first : rest, rest));
      }
      if (kind == Kind.HEADING && !lines.isEmpty()) {
        int longest = 0;
        for (String line : lines) {
          longest = Math.max(longest, line.codePointCount(0, line.length()) - rest.length());
        }
        lines.add(rest + String.valueOf(underline).repeat(Math.max(longest, 1)));
      }
      return lines;
    }
  }

  /** Walks the DOM and cuts it into blocks. */
  private static final class Collector {
    final List<Block> blocks = new ArrayList<>();
    private final StringBuilder run = new StringBuilder();

    /** Prefix of every line but the first of the next block. */
    private String rest = "";

    /** Prefix of the first line of the next block, when it differs (a bullet, a new quote). */
    private String pendingFirst;

    private int listDepth;
    private boolean listStarted;

    void container(Element parent) {
      for (Node child : parent.childNodes()) {
        child(child);
      }
    }

    private void child(Node child) {
      if (child instanceof Element e && isBlock(e)) {
        flush();
        block(e);
      } else {
        inline(child, run);
      }
    }

    void flush() {
      if (!run.toString().isBlank()) {
        emit(Kind.TEXT, run.toString(), (char) 0);
      }
      run.setLength(0);
    }

    private void emit(Kind kind, String text, char underline) {
      String first = pendingFirst != null ? pendingFirst : rest;
      pendingFirst = null;
      boolean tight = listDepth > 0 && listStarted;
      if (listDepth > 0) {
        listStarted = true;
      }
      blocks.add(new Block(kind, first, rest, text, underline, tight));
    }

    private void block(Element e) {
      switch (e.normalName()) {
        case "h1", "h2" -> heading(e, '=');
        case "h3", "h4", "h5", "h6" -> heading(e, '-');
        case "pre" -> {
          if (!e.wholeText().isBlank()) {
            emit(Kind.PRE, cleanText(e.wholeText()), (char) 0);
          }
        }
        case "hr" -> emit(Kind.PRE, "----", (char) 0);
        case "blockquote" -> prefixed(e, "> ", "> ");
        case "ul", "ol", "menu", "dir" -> list(e);
        case "dl" -> definitions(e);
        case "table" -> table(e);
        default -> {
          container(e);
          flush();
        }
      }
    }

    private void heading(Element e, char underline) {
      StringBuilder text = new StringBuilder();
      inline(e, text);
      if (!text.toString().isBlank()) {
        emit(Kind.HEADING, text.toString(), underline);
      }
    }

    /** Walks {@code e} with extra prefixes for its first line and for all following lines. */
    private void prefixed(Element e, String firstAdd, String restAdd) {
      String savedPending = pendingFirst;
      String savedRest = rest;
      pendingFirst = (savedPending != null ? savedPending : savedRest) + firstAdd;
      rest = savedRest + restAdd;
      container(e);
      flush();
      rest = savedRest;
      if (pendingFirst != null) {
        // Nothing was written: the prefix must not leak into the next block.
        pendingFirst = savedPending;
      }
    }

    private void enterList() {
      if (listDepth == 0) {
        listStarted = false;
      }
      listDepth++;
    }

    private void list(Element list) {
      boolean ordered = list.normalName().equals("ol");
      int number = ordered ? start(list) : 0;
      enterList();
      for (Node child : list.childNodes()) {
        if (child instanceof Element item && item.normalName().equals("li")) {
          flush();
          String bullet = ordered ? (number++) + ". " : "- ";
          prefixed(item, bullet, " ".repeat(bullet.length()));
        } else {
          child(child);
        }
      }
      flush();
      listDepth--;
    }

    private static int start(Element list) {
      try {
        return Integer.parseInt(list.attr("start").strip());
      } catch (NumberFormatException e) {
        return 1;
      }
    }

    private void definitions(Element dl) {
      enterList();
      for (Node child : dl.childNodes()) {
        if (child instanceof Element dd && dd.normalName().equals("dd")) {
          flush();
          prefixed(dd, "  ", "  ");
        } else {
          child(child);
        }
      }
      flush();
      listDepth--;
    }

    private void table(Element table) {
      enterList();
      for (Element part : table.children()) {
        switch (part.normalName()) {
          case "caption" -> block(part);
          case "thead", "tbody", "tfoot" -> part.children().forEach(this::row);
          case "tr" -> row(part);
          default -> {}
        }
      }
      listDepth--;
    }

    private void row(Element row) {
      if (!row.normalName().equals("tr")) {
        return;
      }
      List<String> cells = new ArrayList<>();
      for (Element cell : row.children()) {
        StringBuilder text = new StringBuilder();
        inline(cell, text);
        String clean = text.toString().replace('\n', ' ').strip();
        if (!clean.isEmpty()) {
          cells.add(clean);
        }
      }
      if (cells.isEmpty()) {
        return;
      }
      String savedRest = rest;
      pendingFirst = pendingFirst != null ? pendingFirst : rest;
      rest = rest + "  ";
      emit(Kind.TEXT, String.join(" | ", cells), (char) 0);
      rest = savedRest;
    }

    private void inline(Node node, StringBuilder out) {
      if (node instanceof TextNode t) {
        // Not TextNode.text(): it turns non-breaking spaces into breakable ones.
        out.append(BREAKABLE_SPACE.matcher(cleanText(t.getWholeText())).replaceAll(" "));
        return;
      }
      if (!(node instanceof Element e) || isSilent(e)) {
        return;
      }
      switch (e.normalName()) {
        case "br" -> out.append('\n');
        case "img" -> {
          String alt = e.attr("alt").strip();
          if (!alt.isEmpty()) {
            out.append('[').append(alt).append(']');
          }
        }
        case "a" -> link(e, out);
        default -> {
          boolean block = isBlock(e);
          if (block) {
            out.append(' ');
          }
          for (Node child : e.childNodes()) {
            inline(child, out);
          }
          if (block) {
            out.append(' ');
          }
        }
      }
    }

    private void link(Element a, StringBuilder out) {
      StringBuilder text = new StringBuilder();
      for (Node child : a.childNodes()) {
        inline(child, text);
      }
      String label = text.toString().strip();
      String url = shownUrl(a);
      if (url == null) {
        out.append(text);
        return;
      }
      if (!text.isEmpty() && Character.isWhitespace(text.charAt(0))) {
        out.append(' ');
      }
      if (label.isEmpty() || sameAddress(label, url)) {
        out.append(url);
      } else {
        out.append(label).append(" (").append(url).append(')');
      }
      if (!text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1))) {
        out.append(' ');
      }
    }

    /** The URL to print for a link, or {@code null} when it is nothing a reader could open. */
    private static String shownUrl(Element a) {
      String href = a.absUrl("href");
      if (href.isEmpty()) {
        href = a.attr("href").strip();
      }
      String lower = href.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        return href;
      }
      if (lower.startsWith("mailto:")) {
        String address = href.substring("mailto:".length());
        int query = address.indexOf('?');
        address = query < 0 ? address : address.substring(0, query);
        return address.isBlank() ? null : address;
      }
      return null;
    }

    private static boolean sameAddress(String label, String url) {
      return withoutSlash(label).equals(withoutSlash(url));
    }

    private static String withoutSlash(String address) {
      String s = address.strip().replaceFirst("^(?i)mailto:", "");
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
