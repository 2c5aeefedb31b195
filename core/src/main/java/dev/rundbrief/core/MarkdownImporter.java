package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Imports an article from a Markdown file with an optional YAML front-matter block.
 *
 * <p>The front matter is the text between a first line {@code ---} and the next line {@code ---}
 * (or {@code ...}). Its keys, all optional:
 *
 * <ul>
 *   <li>{@code title}: the headline. Without it, the first {@code # heading} of the text is the
 *       title and is removed from the body. With it, a first {@code # heading} that repeats the
 *       title is removed too.
 *   <li>{@code date} (or {@code published}) and {@code updated}: a date {@code 2025-03-14}, or a
 *       date and time {@code 2025-03-14T09:30:00} with {@code Z} or an offset such as {@code
 *       +01:00}; a space may stand for the {@code T}. A value without offset is read in UTC, so the
 *       result never depends on the machine's time zone; a date alone is midnight UTC of that day.
 *   <li>{@code tags}: a list, or one string with commas between the tags.
 *   <li>{@code link}: the canonical URL (absolute {@code http} or {@code https}). It gives the
 *       article its id and is the base for relative links and images in the text.
 *   <li>{@code author} (or {@code authors}): a name, a list of names, or entries with {@code name},
 *       {@code email} and {@code url}.
 *   <li>{@code summary} (or {@code description}): the plain-text summary; without it, the first
 *       paragraph of the text.
 *   <li>{@code image}: the lead image, a URL or an entry with {@code url} (or {@code src}), {@code
 *       alt}, and {@code width} and {@code height} in pixels. Mail shows an image of unknown size
 *       at the full content width.
 *   <li>{@code language} (or {@code lang}): a language tag such as {@code de} or {@code en-GB};
 *       without it, the language is detected from the text, else the default of the options.
 *   <li>{@code source}: the name of the site; without it, {@link ImportOptions#sourceName()}.
 * </ul>
 *
 * <p>Other keys are ignored with a warning. Every scalar is read as text (YAML's {@code yes} stays
 * "yes"). The body is CommonMark with GitHub tables, rendered to HTML and then sanitized like any
 * other article body.
 */
public final class MarkdownImporter implements ArticleImporter {
  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "title",
          "date",
          "published",
          "updated",
          "tags",
          "link",
          "author",
          "authors",
          "summary",
          "description",
          "image",
          "language",
          "lang",
          "source");
  private static final Pattern DATE =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})(?:[Tt ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?)?");
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).build();
  private static final TextContentRenderer TEXT =
      TextContentRenderer.builder().extensions(EXTENSIONS).build();

  /** Creates the importer; it holds no state. */
  public MarkdownImporter() {}

  /**
   * Imports one Markdown article.
   *
   * @throws ImportException if the input is empty, binary or too large, the front matter is not
   *     valid YAML or not closed, a date or URL in it cannot be parsed, or there is no title
   */
  @Override
  public ImportResult importArticle(ImportSource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    String name = source.name();
    Inputs.Decoded decoded = Inputs.decode(source, options);
    List<String> warnings = new ArrayList<>(decoded.warnings());
    String text = decoded.text().replace("\r\n", "\n").replace('\r', '\n');

    Split split = splitFrontMatter(name, text);
    FrontMatter front = FrontMatter.parse(name, split.yaml());
    for (String key : front.values.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        warnings.add("'" + name + "': front matter key '" + key + "' is not known and was ignored");
      }
    }

    Node document = PARSER.parse(split.body());
    Optional<String> declaredTitle = front.text("title");
    Heading firstHeading = firstTopLevelHeading(document);
    String title;
    if (declaredTitle.isPresent()) {
      title = declaredTitle.get();
      if (firstHeading != null
          && firstHeading == document.getFirstChild()
          && ArticleId.normalizeTitle(plain(firstHeading))
              .equals(ArticleId.normalizeTitle(title))) {
        firstHeading.unlink();
      }
    } else if (firstHeading != null && !plain(firstHeading).isBlank()) {
      title = plain(firstHeading);
      firstHeading.unlink();
    } else {
      throw new ImportException(
          name, "has no title: add 'title:' to the front matter or start the text with '# Title'");
    }

    Optional<URI> link = front.text("link").map(v -> absoluteUrl(name, "link", v));
    URI base = link.orElse(source.baseUrl());
    Article.Builder article =
        Article.builder()
            .title(Inputs.title(name, title))
            .content(HTML.render(document), base)
            .source(front.text("source").orElse(options.sourceName()));
    link.ifPresent(article::link);
    front
        .firstText("date", "published")
        .ifPresent(v -> article.published(parseDate(name, front.keyOf("date", "published"), v)));
    front.text("updated").ifPresent(v -> article.updated(parseDate(name, "updated", v)));
    article.tags(front.list("tags"));
    authors(front).forEach(article::author);
    article.summary(
        front.firstText("summary", "description").orElseGet(() -> firstParagraph(document)));
    image(name, front, base, warnings).ifPresent(article::leadImage);

    Optional<Locale> declared = Optional.empty();
    Optional<String> tag = front.firstText("language", "lang");
    if (tag.isPresent()) {
      declared = Languages.parseTag(tag.get());
      if (declared.isEmpty()) {
        warnings.add(
            "'"
                + name
                + "': front matter '"
                + front.keyOf("language", "lang")
                + "': '"
                + tag.get()
                + "' is not a language tag such as 'de' or 'en-GB'; the language was detected"
                + " instead");
      }
    }
    article.language(Languages.resolve(declared, title + "\n" + TEXT.render(document), options));
    return new ImportResult(article.build(), warnings);
  }

  record Split(String yaml, String body) {}

  /** The most characters of front matter read (the YAML parser is slower than linear). */
  static final int MAX_FRONT_MATTER = 64 * 1024;

  /** Separates the front matter from the body; {@code yaml} is empty when there is none. */
  static Split splitFrontMatter(String name, String text) {
    if (!text.startsWith("---\n") && !text.startsWith("--- \n")) {
      return new Split("", text);
    }
    int lineStart = text.indexOf('\n') + 1;
    while (lineStart < text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      String line = text.substring(lineStart, lineEnd).stripTrailing();
      if (lineStart > MAX_FRONT_MATTER) {
        throw new ImportException(
            name,
            "has a front matter longer than "
                + MAX_FRONT_MATTER
                + " characters (its closing '---' line is not within them); a title, dates, tags"
                + " and links need far less, and long text belongs below the front matter");
      }
      if (line.equals("---") || line.equals("...")) {
        String yaml = text.substring(text.indexOf('\n') + 1, lineStart);
        String body = lineEnd >= text.length() ? "" : text.substring(lineEnd + 1);
        return new Split(yaml, body);
      }
      lineStart = lineEnd + 1;
    }
    throw new ImportException(
        name, "the front matter that starts with '---' on line 1 has no closing '---' line");
  }

  private static Heading firstTopLevelHeading(Node document) {
    for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading h && h.getLevel() == 1) {
        return h;
      }
    }
    return null;
  }

  private static String firstParagraph(Node document) {
    for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Paragraph) {
        return plain(n);
      }
    }
    return "";
  }

  private static String plain(Node node) {
    return TEXT.render(node).strip().replaceAll("\\s+", " ");
  }

  /**
   * Parses a front-matter date; a value without offset is read in UTC.
   *
   * @throws ImportException naming the key and the value when it is not such a date
   */
  static Instant parseDate(String name, String key, String value) {
    Matcher m = DATE.matcher(value.strip());
    if (m.matches()) {
      try {
        LocalDate day = LocalDate.parse(m.group(1));
        LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
        ZoneOffset offset =
            m.group(3) == null
                ? ZoneOffset.UTC
                : ZoneOffset.of(m.group(3).toUpperCase(Locale.ROOT));
        return day.atTime(time).toInstant(offset);
      } catch (DateTimeException e) {
        throw new ImportException(name, badDate(key, value), e);
      }
    }
    throw new ImportException(name, badDate(key, value));
  }

  private static String badDate(String key, String value) {
    return "front matter '"
        + key
        + "': '"
        + value
        + "' is not a date; write it as 2025-03-14, 2025-03-14T09:30:00Z or"
        + " 2025-03-14T09:30:00+01:00";
  }

  static URI absoluteUrl(String name, String key, String value) {
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      throw new ImportException(name, badUrl(key, value), e);
    }
    throw new ImportException(name, badUrl(key, value));
  }

  private static String badUrl(String key, String value) {
    return "front matter '" + key + "': '" + value + "' is not an absolute http or https URL";
  }

  private static List<Author> authors(FrontMatter front) {
    String key = front.keyOf("author", "authors");
    Object value = front.values.get(key);
    List<Author> authors = new ArrayList<>();
    for (Object entry :
        value instanceof List<?> list ? list : value == null ? List.of() : List.of(value)) {
      if (entry instanceof Map<?, ?> map) {
        Object authorName = map.get("name");
        if (!(authorName instanceof String s) || s.isBlank()) {
          throw new ImportException(
              front.input, "front matter '" + key + "': an entry has no 'name': " + map);
        }
        Object email = map.get("email");
        Object url = map.get("url");
        authors.add(
            new Author(
                s,
                email instanceof String e ? e : null,
                url instanceof String u ? absoluteUrl(front.input, key + ".url", u) : null));
      } else if (entry instanceof String s && !s.isBlank()) {
        authors.add(Author.of(s));
      } else if (entry != null && !(entry instanceof String)) {
        throw new ImportException(
            front.input, "front matter '" + key + "': '" + entry + "' is not a name");
      }
    }
    return authors;
  }

  private static Optional<Image> image(
      String name, FrontMatter front, URI base, List<String> warnings) {
    Object value = front.values.get("image");
    String url;
    String alt = "";
    int width = 0;
    int height = 0;
    if (value == null) {
      return Optional.empty();
    } else if (value instanceof String s) {
      url = s;
    } else if (value instanceof Map<?, ?> map) {
      Object u = map.get("url") != null ? map.get("url") : map.get("src");
      if (!(u instanceof String s)) {
        throw new ImportException(name, "front matter 'image': has no 'url'");
      }
      url = s;
      alt = map.get("alt") instanceof String a ? a : "";
      width = pixels(name, map.get("width"), "width");
      height = pixels(name, map.get("height"), "height");
    } else {
      throw new ImportException(name, "front matter 'image': '" + value + "' is not a URL");
    }
    if (url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new ImportException(name, "front matter 'image': '" + url + "' is not a URL", e);
    }
    if (!uri.isAbsolute()) {
      if (base == null) {
        warnings.add(
            "'"
                + name
                + "': front matter 'image': '"
                + url
                + "' is relative and there is no 'link' to resolve it against; it was ignored");
        return Optional.empty();
      }
      uri = base.resolve(uri);
    }
    return Optional.of(Image.of(uri, alt).withSize(width, height));
  }

  /** A size in pixels from the front matter, 0 when absent. */
  private static int pixels(String name, Object value, String key) {
    if (value == null) {
      return 0;
    }
    String text = value.toString().strip().replaceFirst("(?i)px$", "");
    try {
      int n = Integer.parseInt(text);
      if (n > 0 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ImportException(
        name,
        "front matter 'image': " + key + " '" + value + "' is not a size in pixels (1 to 10000)");
  }

  /** The front-matter mapping, keys in lower case, every scalar a string. */
  static final class FrontMatter {
    final String input;
    final Map<String, Object> values;

    private FrontMatter(String input, Map<String, Object> values) {
      this.input = input;
      this.values = values;
    }

    static FrontMatter parse(String input, String yaml) {
      if (yaml.isBlank()) {
        return new FrontMatter(input, Map.of());
      }
      LoadSettings settings =
          LoadSettings.builder()
              .setLabel(input)
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(20)
              .setScalarResolver(MarkdownImporter::resolveScalar)
              .build();
      Object loaded;
      try {
        loaded = new Load(settings).loadFromString(yaml);
      } catch (YamlEngineException e) {
        throw new ImportException(input, "the front matter is not valid YAML: " + describe(e), e);
      }
      if (loaded == null) {
        return new FrontMatter(input, Map.of());
      }
      if (!(loaded instanceof Map<?, ?> map)) {
        throw new ImportException(input, "the front matter is not a list of 'key: value' lines");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      map.forEach((k, v) -> values.put(String.valueOf(k).strip().toLowerCase(Locale.ROOT), v));
      return new FrontMatter(input, values);
    }

    /** The problem and its line in the file (the front matter starts on line 2). */
    private static String describe(YamlEngineException e) {
      if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
        String problem = marked.getProblem() == null ? "" : marked.getProblem();
        if (marked.getContext() != null && !marked.getContext().isBlank()) {
          problem = marked.getContext() + ", " + problem;
        }
        return problem.replaceAll("\\s+", " ").strip()
            + " (line "
            + (marked.getProblemMark().get().getLine() + 2)
            + ")";
      }
      return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    }

    /** The key that is present among the alternatives, else the first one (for messages). */
    String keyOf(String... keys) {
      for (String key : keys) {
        if (values.get(key) != null) {
          return key;
        }
      }
      return keys[0];
    }

    Optional<String> firstText(String... keys) {
      return text(keyOf(keys));
    }

    /** A text value, empty when absent or blank. */
    Optional<String> text(String key) {
      Object value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String s)) {
        throw new ImportException(
            input,
            "front matter '"
                + key
                + "' must be text, not "
                + (value instanceof List<?> ? "a list" : "a mapping"));
      }
      return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** A list of strings: a YAML list, or one string with commas between the entries. */
    List<String> list(String key) {
      Object value = values.get(key);
      List<String> out = new ArrayList<>();
      if (value instanceof List<?> list) {
        for (Object entry : list) {
          if (entry instanceof String s) {
            out.add(s);
          } else if (entry != null) {
            throw new ImportException(
                input, "front matter '" + key + "': '" + entry + "' is not text");
          }
        }
      } else if (value instanceof String s) {
        for (String part : s.split(",")) {
          out.add(part);
        }
      } else if (value != null) {
        throw new ImportException(input, "front matter '" + key + "' must be a list or text");
      }
      return out;
    }
  }

  /**
   * Reads every plain scalar as a string, except an empty value or {@code ~}/{@code null} (no
   * value): dates, numbers and "yes" stay exactly as written.
   */
  private static Tag resolveScalar(String value, Boolean implicit) {
    if (Boolean.TRUE.equals(implicit)
        && (value.isEmpty() || value.equals("~") || value.equalsIgnoreCase("null"))) {
      return Tag.NULL;
    }
    return Tag.STR;
  }
}
