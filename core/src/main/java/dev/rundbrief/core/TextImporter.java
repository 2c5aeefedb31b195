package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Imports an article from plain text as it is copied or scraped from a news site.
 *
 * <p>The shape it reads:
 *
 * <ul>
 *   <li>The first non-blank line is the title. A first line longer than 200 characters is a
 *       paragraph, not a title, and the import fails.
 *   <li>Paragraphs are separated by blank lines; the lines of one paragraph are joined with a
 *       space, so hard-wrapped text reads as one paragraph.
 *   <li>A subheading ({@code <h2>}) is a paragraph of a single line that is at most 90 characters
 *       long, starts with a letter or digit, does not end with {@code . ! ? : ; , …}, is not
 *       quoted, and is followed by a paragraph that is not itself such a line. So "Fazit" above a
 *       paragraph is a subheading, while "Sie sagte:" above a quote is not.
 *   <li>A paragraph that is one quoted statement, from an opening to the matching closing mark with
 *       none in between ({@code „…“}, {@code „…”}, {@code "…"}, {@code »…«}, {@code «…»}, {@code
 *       “…”}), becomes a {@code <blockquote>}; the outer marks are dropped, since the block quote
 *       says the same.
 *   <li>Paragraphs whose lines all start with {@code -}, {@code *} or {@code •} become a bulleted
 *       list; two or more lines that all start with {@code 1.} or {@code 1)} a numbered one.
 *   <li>The site navigation at the end ("Zurück", "Weiter", "Previous", "Next", "Back", each
 *       possibly repeated, each possibly followed by the neighbouring article's title) is removed
 *       from the body. The titles become {@linkplain RelatedLink.Relation#PREVIOUS previous} and
 *       {@linkplain RelatedLink.Relation#NEXT next} related links without a URL.
 * </ul>
 *
 * <p>A text file may name the article's source URL in a front-matter block as Markdown files do: a
 * first line {@code ---}, a line {@code link: https://...}, a line {@code ---}, then the title.
 * Only {@code link} is read there (other keys are ignored with a warning); it becomes the article's
 * canonical link, and so the target of its title in mails and feeds.
 *
 * <p>Plain text has no date, so the id is derived from the title alone, or from the link when the
 * file names one: the same file always gets the same id. The summary is the first paragraph as it
 * is. The language is detected from the text (German or English), else {@link
 * ImportOptions#defaultLanguage()}.
 */
public final class TextImporter implements ArticleImporter {
  /** Longer first lines are paragraphs, not titles. */
  static final int MAX_TITLE_LENGTH = 200;

  /** Longer lines are paragraphs, not subheadings. */
  static final int MAX_HEADING_LENGTH = 90;

  private static final Set<String> BACK =
      Set.of(
          "zurück",
          "vorheriger artikel",
          "vorheriger beitrag",
          "previous",
          "previous article",
          "previous post",
          "back",
          "older post");
  private static final Set<String> FORWARD =
      Set.of(
          "weiter",
          "nächster artikel",
          "nächster beitrag",
          "next",
          "next article",
          "next post",
          "newer post");

  /** Arrows and similar decoration around navigation words ("← Zurück", "Next »"). */
  private static final Pattern NAV_DECORATION =
      Pattern.compile("^[\\s←→«»‹›<>|·-]+|[\\s←→«»‹›<>|·-]+$");

  private static final String CLOSING_PUNCTUATION = ".!?:;,…";
  private static final String[][] QUOTE_PAIRS = {
    {"„", "“"}, {"„", "”"}, {"\"", "\""}, {"»", "«"}, {"«", "»"}, {"“", "”"}
  };
  private static final String QUOTE_MARKS = "„“”\"»«‚‘’'";
  private static final Pattern BULLET = Pattern.compile("^[-*•]\\s+\\S.*");
  private static final Pattern BULLET_MARK = Pattern.compile("^[-*•]\\s+");
  private static final Pattern NUMBERED = Pattern.compile("^\\d{1,3}[.)]\\s+\\S.*");
  private static final Pattern NUMBER_MARK = Pattern.compile("^\\d{1,3}[.)]\\s+");

  /** Creates the importer; it holds no state. */
  public TextImporter() {}

  /**
   * Imports one plain-text article.
   *
   * @throws ImportException if the input is empty, binary or too large, or its first line is too
   *     long to be a title
   */
  @Override
  public ImportResult importArticle(ImportSource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    Inputs.Decoded decoded = Inputs.decode(source, options);
    List<String> warnings = new ArrayList<>(decoded.warnings());
    String raw = decoded.text().replace("\r\n", "\n").replace('\r', '\n');
    Optional<URI> link = Optional.empty();
    if (raw.startsWith("---\n") || raw.startsWith("--- \n")) {
      MarkdownImporter.Split split = MarkdownImporter.splitFrontMatter(source.name(), raw);
      MarkdownImporter.FrontMatter front =
          MarkdownImporter.FrontMatter.parse(source.name(), split.yaml());
      for (String key : front.values.keySet()) {
        if (!key.equals("link")) {
          warnings.add(
              "'"
                  + source.name()
                  + "': front matter key '"
                  + key
                  + "' is not read in a text file (only 'link' is) and was ignored");
        }
      }
      link = front.text("link").map(v -> MarkdownImporter.absoluteUrl(source.name(), "link", v));
      raw = split.body();
    }
    List<String> lines = lines(raw);

    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      // Inputs only knows ASCII spaces; no-break and other Unicode spaces end up here.
      throw new ImportException(source.name(), "is empty (only spaces)");
    }
    String title = lines.get(first).strip();
    int titleLength = title.codePointCount(0, title.length());
    if (titleLength > MAX_TITLE_LENGTH) {
      throw new ImportException(
          source.name(),
          "has no title: the first line is a paragraph of "
              + titleLength
              + " characters; put the title on a line of its own at the top");
    }

    List<String> rest = lines.subList(first + 1, lines.size());
    int navStart = navigationStart(rest);
    List<RelatedLink> related = relatedLinks(rest.subList(navStart, rest.size()));
    List<Block> blocks = classify(blocks(rest.subList(0, navStart)));
    if (blocks.isEmpty()) {
      warnings.add("'" + source.name() + "': has a title but no text below it");
    }

    StringBuilder html = new StringBuilder();
    StringBuilder text = new StringBuilder(title);
    String summary = "";
    for (Block block : blocks) {
      block.appendHtml(html);
      block.items.forEach(item -> text.append('\n').append(item));
      if (summary.isEmpty() && block.kind == Kind.PARAGRAPH) {
        summary = block.items.get(0);
      }
    }

    Article.Builder article =
        Article.builder()
            .title(Inputs.title(source.name(), title))
            .summary(summary)
            .content(html.toString(), link.orElse(source.baseUrl()))
            .language(Languages.resolve(Optional.empty(), text.toString(), options))
            .source(options.sourceName());
    link.ifPresent(article::link);
    related.forEach(article::related);
    return new ImportResult(article.build(), warnings);
  }

  /** The lines of the text, with line ends of any platform, trailing spaces removed. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r\n|\r|\n", -1)) {
      lines.add(line.replace('\u00A0', ' ').stripTrailing());
    }
    return lines;
  }

  /**
   * The index of the first line of the trailing site navigation, or {@code lines.size()} when the
   * text does not end in navigation. Read backwards, the navigation is a run of non-blank lines
   * each of which is a navigation word, or a title directly below a navigation word.
   */
  static int navigationStart(List<String> lines) {
    List<Integer> nonBlank = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        nonBlank.add(i);
      }
    }
    int start = lines.size();
    int j = nonBlank.size() - 1;
    while (j >= 0) {
      String line = lines.get(nonBlank.get(j));
      if (navigationWord(line).isPresent()) {
        start = nonBlank.get(j);
        j--;
      } else if (j > 0
          && navigationWord(lines.get(nonBlank.get(j - 1))).isPresent()
          && isShortLine(line, MAX_TITLE_LENGTH)) {
        j--;
      } else {
        break;
      }
    }
    return start;
  }

  /** The previous/next links named in the navigation lines: each title after a navigation word. */
  private static List<RelatedLink> relatedLinks(List<String> navigation) {
    List<RelatedLink> links = new ArrayList<>();
    RelatedLink.Relation relation = null;
    for (String line : navigation) {
      if (line.isBlank()) {
        continue;
      }
      Optional<RelatedLink.Relation> word = navigationWord(line);
      if (word.isPresent()) {
        relation = word.get();
      } else if (relation != null) {
        links.add(new RelatedLink(relation, line.strip(), null));
        relation = null;
      }
    }
    return links;
  }

  private static Optional<RelatedLink.Relation> navigationWord(String line) {
    String word = NAV_DECORATION.matcher(line).replaceAll("").toLowerCase(Locale.ROOT);
    if (BACK.contains(word)) {
      return Optional.of(RelatedLink.Relation.PREVIOUS);
    }
    if (FORWARD.contains(word)) {
      return Optional.of(RelatedLink.Relation.NEXT);
    }
    return Optional.empty();
  }

  /** Groups lines into blocks separated by blank lines; each block's lines are stripped. */
  private static List<List<String>> blocks(List<String> lines) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          blocks.add(current);
          current = new ArrayList<>();
        }
      } else {
        current.add(line.strip());
      }
    }
    if (!current.isEmpty()) {
      blocks.add(current);
    }
    return blocks;
  }

  private static List<Block> classify(List<List<String>> raw) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      List<String> lines = raw.get(i);
      if (lines.stream().allMatch(l -> BULLET.matcher(l).matches())) {
        blocks.add(new Block(Kind.BULLETS, strip(lines, BULLET_MARK)));
      } else if (lines.size() > 1 && lines.stream().allMatch(l -> NUMBERED.matcher(l).matches())) {
        blocks.add(new Block(Kind.NUMBERED, strip(lines, NUMBER_MARK)));
      } else if (isHeadingCandidate(lines)
          && i + 1 < raw.size()
          && !isHeadingCandidate(raw.get(i + 1))) {
        blocks.add(new Block(Kind.HEADING, List.of(lines.get(0))));
      } else {
        String joined = String.join(" ", lines);
        Optional<String> quote = quotedStatement(joined);
        blocks.add(
            quote.isPresent()
                ? new Block(Kind.QUOTE, List.of(quote.get()))
                : new Block(Kind.PARAGRAPH, List.of(joined)));
      }
    }
    return blocks;
  }

  private static List<String> strip(List<String> lines, Pattern mark) {
    return lines.stream().map(l -> mark.matcher(l).replaceFirst("")).toList();
  }

  /**
   * Whether a block could be a subheading on its own: one short line, starting with a letter or
   * digit, without closing punctuation, not quoted, not a list item.
   */
  private static boolean isHeadingCandidate(List<String> lines) {
    if (lines.size() != 1) {
      return false;
    }
    String line = lines.get(0);
    if (!isShortLine(line, MAX_HEADING_LENGTH)) {
      return false;
    }
    int firstChar = line.codePointAt(0);
    char last = line.charAt(line.length() - 1);
    return Character.isLetterOrDigit(firstChar)
        && CLOSING_PUNCTUATION.indexOf(last) < 0
        && QUOTE_MARKS.indexOf(last) < 0
        && !BULLET.matcher(line).matches()
        && !NUMBERED.matcher(line).matches();
  }

  private static boolean isShortLine(String line, int max) {
    String s = line.strip();
    return !s.isEmpty() && s.codePointCount(0, s.length()) <= max;
  }

  /**
   * The statement without its outer quotation marks, when the paragraph is exactly one quoted
   * statement (closing sentence punctuation may stand inside or outside the marks).
   */
  static Optional<String> quotedStatement(String paragraph) {
    String s = paragraph.strip();
    for (String[] pair : QUOTE_PAIRS) {
      String open = pair[0];
      String close = pair[1];
      if (!s.startsWith(open)) {
        continue;
      }
      String body = s;
      char end = body.charAt(body.length() - 1);
      if (".!?…".indexOf(end) >= 0 && body.length() > 1) {
        body = body.substring(0, body.length() - 1);
      }
      if (body.length() < open.length() + close.length() + 1 || !body.endsWith(close)) {
        continue;
      }
      String inner = body.substring(open.length(), body.length() - close.length());
      if (!inner.isBlank() && !inner.contains(close) && !inner.contains(open)) {
        String outside = s.substring(body.length());
        return Optional.of(inner.strip() + outside);
      }
    }
    return Optional.empty();
  }

  private enum Kind {
    PARAGRAPH,
    HEADING,
    QUOTE,
    BULLETS,
    NUMBERED
  }

  private static final class Block {
    final Kind kind;
    final List<String> items;

    Block(Kind kind, List<String> items) {
      this.kind = kind;
      this.items = List.copyOf(items);
    }

    void appendHtml(StringBuilder html) {
      switch (kind) {
        case PARAGRAPH -> html.append("<p>").append(escape(items.get(0))).append("</p>\n");
        case HEADING -> html.append("<h2>").append(escape(items.get(0))).append("</h2>\n");
        case QUOTE ->
            html.append("<blockquote><p>")
                .append(escape(items.get(0)))
                .append("</p></blockquote>\n");
        case BULLETS, NUMBERED -> {
          String tag = kind == Kind.BULLETS ? "ul" : "ol";
          html.append('<').append(tag).append('>');
          items.forEach(item -> html.append("<li>").append(escape(item)).append("</li>"));
          html.append("</").append(tag).append(">\n");
        }
      }
    }

    private static String escape(String text) {
      return Entities.escape(text);
    }
  }
}
