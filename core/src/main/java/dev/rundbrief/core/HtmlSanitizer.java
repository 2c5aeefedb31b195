package dev.rundbrief.core;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Cleans untrusted HTML down to the elements an article body needs.
 *
 * <p>What is kept: headings, paragraphs, line breaks, {@code div}s, lists (also definition lists),
 * quotes, links, images, figures with captions, tables, code and preformatted text, and inline
 * emphasis. Other block containers ({@code section}, {@code article}, {@code header}, {@code
 * aside}, ...) become {@code div}s so that their text does not run together; other inline elements
 * ({@code span}, {@code font}, ...) are unwrapped and their text kept.
 *
 * <p>What is dropped, with everything inside: scripts, styles, templates, iframes and frames,
 * objects, embeds, applets, SVG and MathML, audio, video and canvas, form fields and buttons, and
 * document-level elements ({@code meta}, {@code link}, {@code base}, {@code title}). A {@code form}
 * element itself is dropped but the text around its fields is kept, because some publishing systems
 * wrap whole pages in one form. Every attribute that is not on the list below is dropped, in
 * particular every event handler ({@code on...}), {@code style}, {@code class}, {@code id} and
 * {@code srcset}.
 *
 * <p>URLs: {@code a href} may be {@code http}, {@code https} or {@code mailto}; {@code img src} and
 * {@code cite} must be {@code http} or {@code https}. Anything else ({@code javascript:}, {@code
 * vbscript:}, {@code data:}, {@code ftp:}, ...) is removed, however it is spelled: upper case,
 * leading spaces, or tabs and line breaks inside the scheme, which browsers ignore. Relative URLs
 * are resolved against the base URL; without a base URL they are removed. A {@code <base>} element
 * in the input never changes the base. A link that lost its URL is unwrapped to its text, an image
 * that lost its source is removed. Links get {@code rel="noopener noreferrer"}.
 *
 * <p>Kept attributes: {@code a}: href, title; {@code img}: src, alt, title, width, height, align,
 * loading; {@code blockquote}, {@code q}, {@code cite}: cite; {@code ol}: start, type; {@code ul}:
 * type; {@code table}: summary, width; {@code td}, {@code th}: abbr, axis, colspan, rowspan, width,
 * and {@code th} scope; {@code col}, {@code colgroup}: span, width; {@code abbr}: title; {@code
 * time}: datetime.
 *
 * <p>The result is a body fragment without pretty-printing; sanitizing it again gives the same
 * string.
 *
 * <p>How: the input is parsed once with jsoup and cleaned in place in one walk over the tree
 * (children before their parent, so that the rules about empty links and {@code div}s see the
 * cleaned content). The output is then checked to be what a parser reads back: a tree whose nesting
 * the HTML parser keeps as it is (see {@code Stability}) is done; any other tree is serialized,
 * parsed again and cleaned again until the string no longer changes.
 */
public final class HtmlSanitizer {
  /** Elements that are removed together with everything they contain. */
  private static final Set<String> DROPPED_WITH_CONTENT =
      Set.of(
          "script",
          "style",
          "template",
          "iframe",
          "frame",
          "frameset",
          "object",
          "embed",
          "applet",
          "param",
          "svg",
          "math",
          "audio",
          "video",
          "source",
          "track",
          "canvas",
          "map",
          "input",
          "button",
          "select",
          "option",
          "optgroup",
          "textarea",
          "datalist",
          "output",
          "label",
          "meta",
          "link",
          "base",
          "title",
          "head",
          "noembed",
          "noframes",
          "dialog");

  /** Block containers that are not kept as such but whose text must stay separate. */
  private static final Set<String> BLOCKS_AS_DIV =
      Set.of(
          "section",
          "article",
          "main",
          "header",
          "footer",
          "aside",
          "nav",
          "address",
          "center",
          "details",
          "summary",
          "hgroup",
          "fieldset",
          "legend",
          "form",
          "search",
          "menu",
          "dir",
          "noscript");

  /** The elements kept, each with the attributes it keeps; every other element is unwrapped. */
  private static final Map<String, Set<String>> KEPT = kept();

  private static final String[] WEB = {"http:", "https:"};
  private static final String[] WEB_OR_MAIL = {"http:", "https:", "mailto:"};

  /** What jsoup's URL resolution accepts as a scheme when a URL cannot be parsed. */
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

  /** Leading {@code ../} and {@code ./} segments left over after resolving, which go. */
  private static final Pattern EXTRA_DOT_SEGMENTS = Pattern.compile("^/(?>(?>\\.\\.?/)+)");

  private HtmlSanitizer() {}

  private static Map<String, Set<String>> kept() {
    Map<String, Set<String>> m = new java.util.HashMap<>();
    for (String tag :
        List.of(
            "b",
            "br",
            "caption",
            "cite",
            "code",
            "dd",
            "div",
            "dl",
            "dt",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "i",
            "li",
            "p",
            "pre",
            "small",
            "strike",
            "strong",
            "sub",
            "sup",
            "tbody",
            "tfoot",
            "thead",
            "tr",
            "u",
            "figure",
            "figcaption",
            "hr",
            "s",
            "del",
            "ins",
            "mark")) {
      m.put(tag, Set.of());
    }
    m.put("a", Set.of("href", "title"));
    m.put("blockquote", Set.of("cite"));
    m.put("q", Set.of("cite"));
    m.put("col", Set.of("span", "width"));
    m.put("colgroup", Set.of("span", "width"));
    m.put("img", Set.of("align", "alt", "height", "src", "title", "width", "loading"));
    m.put("ol", Set.of("start", "type"));
    m.put("ul", Set.of("type"));
    m.put("table", Set.of("summary", "width"));
    m.put("td", Set.of("abbr", "axis", "colspan", "rowspan", "width"));
    m.put("th", Set.of("abbr", "axis", "colspan", "rowspan", "scope", "width"));
    m.put("abbr", Set.of("title"));
    m.put("time", Set.of("datetime"));
    return Map.copyOf(m);
  }

  /**
   * Returns the sanitized body HTML of {@code html}, following the rules in the class description.
   *
   * @param html untrusted HTML, a fragment or a whole document; {@code null} or blank gives an
   *     empty string
   * @param baseUrl the address the HTML came from; relative URLs are resolved against it. When it
   *     is {@code null} or not an absolute {@code http(s)} URL, relative URLs are dropped.
   */
  public static String sanitize(String html, URI baseUrl) {
    if (html == null || html.isBlank()) {
      return "";
    }
    return sanitized(html, baseUrl, false).html();
  }

  /**
   * Sanitizes {@code html} like {@link #sanitize} and also gives the plain text of the result, both
   * from the one parse: for callers that need the body and its text (a feed item whose only HTML is
   * its description).
   *
   * @param html untrusted HTML, as for {@link #sanitize}
   * @param baseUrl as for {@link #sanitize}
   */
  public static Sanitized sanitizeWithText(String html, URI baseUrl) {
    if (html == null || html.isBlank()) {
      return new Sanitized("", "");
    }
    return sanitized(html, baseUrl, true);
  }

  /**
   * Sanitized HTML and its plain text (whitespace collapsed, as a browser shows it), made only by
   * {@link HtmlSanitizer#sanitizeWithText}: holding one means the HTML has been sanitized.
   */
  public static final class Sanitized {
    private final String html;
    private final String text;

    private Sanitized(String html, String text) {
      this.html = html;
      this.text = text;
    }

    /** The sanitized body HTML, as {@link HtmlSanitizer#sanitize} gives it. */
    public String html() {
      return html;
    }

    /** The text of the sanitized HTML, whitespace collapsed and stripped. */
    public String text() {
      return text;
    }
  }

  private static Sanitized sanitized(String html, URI baseUrl, boolean withText) {
    Base base = Base.of(webBase(baseUrl));
    Element body = clean(html, base);
    String result = serialize(body);
    if (!Stability.isStable(body)) {
      // Cleaning can leave nesting that a parser rebuilds differently (a div directly in a table,
      // a paragraph in a paragraph). Cleaning the re-parsed result again until nothing changes
      // makes the output what every reader parses it to.
      for (int pass = 0; pass < 3; pass++) {
        if (reparsed(result).equals(result)) {
          break;
        }
        Element again = clean(result, base);
        String serialized = serialize(again);
        body = again;
        if (serialized.equals(result)) {
          break;
        }
        result = serialized;
      }
    }
    return new Sanitized(result, withText ? body.text().strip() : "");
  }

  private static Element clean(String html, Base base) {
    // Parsed without a base URI: URLs are resolved here against the caller's base, so that a
    // <base> element in untrusted input never redirects relative links.
    Document dirty = Jsoup.parseBodyFragment(html, "");
    dirty.outputSettings().prettyPrint(false);
    Element body = dirty.body();
    body.clearAttributes();
    for (Node child : detachChildren(body)) {
      place(child, body, base);
    }
    stripEnds(body);
    return body;
  }

  private static String serialize(Element body) {
    return body.html();
  }

  /**
   * Removes the whitespace at the start and the end of the body's text, which is what {@code
   * String.strip} would do to the serialized body, without copying the whole string.
   */
  private static void stripEnds(Element body) {
    while (body.childNodeSize() > 0 && body.childNode(0) instanceof TextNode first) {
      String text = first.getWholeText().stripLeading();
      if (!text.isEmpty()) {
        first.text(text);
        break;
      }
      first.remove();
    }
    while (body.childNodeSize() > 0
        && body.childNode(body.childNodeSize() - 1) instanceof TextNode last) {
      String text = last.getWholeText().stripTrailing();
      if (!text.isEmpty()) {
        last.text(text);
        break;
      }
      last.remove();
    }
  }

  /** Cleans {@code node} and what it contains and appends what is kept to {@code target}. */
  private static void place(Node node, Element target, Base base) {
    if (node instanceof TextNode text) {
      String whole = text.getWholeText();
      if (whole.isEmpty()) {
        // The parser leaves empty text where it dropped a NUL; kept, it would keep an empty div.
        return;
      }
      // CDATA sections become plain text, which the serializer escapes.
      target.appendChild(text.getClass() == TextNode.class ? text : new TextNode(whole));
      return;
    }
    if (!(node instanceof Element element)) {
      return; // comments, script data, doctypes
    }
    String name = element.normalName();
    if (DROPPED_WITH_CONTENT.contains(name)) {
      return;
    }
    if (BLOCKS_AS_DIV.contains(name)) {
      element.tagName("div");
      element.clearAttributes();
      name = "div";
    }
    Set<String> attributes = KEPT.get(name);
    Node[] children = detachChildren(element);
    if (attributes == null) {
      for (Node child : children) {
        place(child, target, base);
      }
      return;
    }
    keepAttributes(element, name, attributes, base);
    for (Node child : children) {
      place(child, element, base);
    }
    switch (name) {
      case "a" -> {
        if (!element.hasAttr("href")) {
          for (Node child : detachChildren(element)) {
            target.appendChild(child);
          }
          return;
        }
        element.attr("rel", "noopener noreferrer");
        // A link whose only content was dropped would be an invisible click target.
        if (!containsImage(element) && isBlank(element)) {
          return;
        }
      }
      case "img" -> {
        if (!element.hasAttr("src")) {
          return;
        }
      }
      case "div" -> {
        if (element.childNodeSize() == 0) {
          return;
        }
      }
      default -> {}
    }
    target.appendChild(element);
  }

  private static final Node[] NONE = new Node[0];

  /** Removes the children of {@code element} in one step (not one by one, which is quadratic). */
  private static Node[] detachChildren(Element element) {
    int n = element.childNodeSize();
    if (n == 0) {
      return NONE;
    }
    Node[] children = new Node[n];
    for (int i = 0; i < n; i++) {
      children[i] = element.childNode(i);
    }
    element.empty();
    return children;
  }

  private static void keepAttributes(Element element, String name, Set<String> allowed, Base base) {
    if (element.attributesSize() == 0) {
      return;
    }
    Iterator<Attribute> it = element.attributes().iterator();
    while (it.hasNext()) {
      Attribute attribute = it.next();
      String key = attribute.getKey();
      if (!allowed.contains(key)) {
        it.remove();
        continue;
      }
      String[] schemes = schemes(name, key);
      if (schemes == null) {
        continue;
      }
      String raw = attribute.getValue();
      String resolved = resolve(raw, base);
      String value = resolved.isEmpty() ? raw : resolved;
      if (startsWithAny(value, schemes)) {
        attribute.setValue(value);
      } else {
        it.remove();
      }
    }
  }

  private static String[] schemes(String element, String attribute) {
    return switch (attribute) {
      case "href" -> element.equals("a") ? WEB_OR_MAIL : null;
      case "src" -> element.equals("img") ? WEB : null;
      case "cite" -> WEB;
      default -> null;
    };
  }

  /** Whether {@code value} starts with one of {@code schemes}, ignoring ASCII case. */
  private static boolean startsWithAny(String value, String[] schemes) {
    for (String scheme : schemes) {
      if (value.length() >= scheme.length()) {
        boolean match = true;
        for (int i = 0; i < scheme.length() && match; i++) {
          char c = value.charAt(i);
          match = (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) == scheme.charAt(i);
        }
        if (match) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code element} shows no text: what {@code element.text().isBlank()} says, without
   * building the text.
   */
  private static boolean isBlank(Element element) {
    for (int i = 0; i < element.childNodeSize(); i++) {
      Node child = element.childNode(i);
      if (child instanceof TextNode text) {
        String s = text.getWholeText();
        for (int k = 0; k < s.length(); k++) {
          char c = s.charAt(k);
          if (c != '\u00a0' && !Character.isWhitespace(c)) {
            return false;
          }
        }
      } else if (child instanceof Element e && !isBlank(e)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsImage(Element element) {
    for (int i = 0; i < element.childNodeSize(); i++) {
      if (element.childNode(i) instanceof Element child
          && (child.normalName().equals("img") || containsImage(child))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The absolute URL of {@code raw} against {@code base} (or on its own when {@code base} is {@code
   * null}); empty when it cannot be made absolute and has no scheme. Control characters are removed
   * first, as browsers ignore them inside a URL. This is jsoup's own resolution ({@code
   * Node.absUrl}) with the base parsed once instead of once per attribute.
   */
  static String resolve(String raw, URL base) {
    return resolve(raw, Base.of(base));
  }

  private static String resolve(String raw, Base base) {
    String relative = withoutControls(raw);
    if (base.url() != null) {
      String quick = quickResolve(relative, base);
      if (quick != null) {
        return quick;
      }
    }
    return resolveWithUrl(relative, base.url());
  }

  /**
   * The base URL with what the common case of resolving needs, worked out once per call: its origin
   * ({@code https://host:port}) and its directory ({@code /a/b/}, or {@code null} when relative
   * paths need the long way).
   */
  private record Base(URL url, String origin, String directory) {
    static Base of(URL url) {
      if (url == null) {
        return new Base(null, null, null);
      }
      String origin =
          url.getProtocol()
              + "://"
              + url.getHost()
              + (url.getPort() == -1 ? "" : ":" + url.getPort());
      String path = url.getPath();
      int slash = path.lastIndexOf('/');
      String directory = slash < 0 || path.contains("/.") ? null : path.substring(0, slash + 1);
      return new Base(url, origin, directory);
    }
  }

  /** {@link #resolve} the long way, through {@link URL}; also what the tests compare with. */
  static String resolveWithUrl(String relative, URL base) {
    try {
      if (base == null) {
        return new URL(relative).toExternalForm();
      }
      if (relative.startsWith("?")) {
        relative = base.getPath() + relative;
      }
      URL url = new URL(base, relative);
      String file = url.getFile();
      if (file.startsWith("/.")) {
        file = EXTRA_DOT_SEGMENTS.matcher(file).replaceFirst("/");
      }
      if (url.getRef() != null) {
        file = file + "#" + url.getRef();
      }
      return new URL(url.getProtocol(), url.getHost(), url.getPort(), file).toExternalForm();
    } catch (MalformedURLException | IllegalArgumentException e) {
      return SCHEME.matcher(relative).find() ? relative : "";
    }
  }

  /**
   * The common case of {@link #resolve} without building URLs: a path (absolute, or relative to the
   * base's directory) made of unreserved characters, with no dot segment, query or fragment, gives
   * the base's scheme, host and port followed by that path, which is what {@link URL} gives for it.
   * {@code null} for anything else.
   */
  private static String quickResolve(String relative, Base base) {
    int n = relative.length();
    if (n == 0 || relative.startsWith("//")) {
      return null;
    }
    int segmentStart = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? relative.charAt(i) : '/';
      if (c == '/') {
        int length = i - segmentStart;
        if ((length == 1 && relative.charAt(segmentStart) == '.')
            || (length == 2 && relative.startsWith("..", segmentStart))) {
          return null;
        }
        segmentStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~')) {
        return null;
      }
    }
    if (relative.charAt(0) == '/') {
      return base.origin() + relative;
    }
    return base.directory() == null ? null : base.origin() + base.directory() + relative;
  }

  private static String withoutControls(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20) {
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
          if (s.charAt(j) >= 0x20) {
            out.append(s.charAt(j));
          }
        }
        return out.toString();
      }
    }
    return s;
  }

  private static URL webBase(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    try {
      return new URL(withoutControls(uri.toString()));
    } catch (MalformedURLException e) {
      return null;
    }
  }

  private static String reparsed(String html) {
    Document doc = Jsoup.parseBodyFragment(html, "");
    doc.outputSettings().prettyPrint(false);
    return doc.body().html().strip();
  }
}
