package dev.rundbrief.core.testing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * What a browser would treat as active in a piece of sanitized HTML: the one check behind the
 * sanitizer's property tests and the sanitizer comparison benchmark. Independent of {@code
 * HtmlSanitizer}'s own lists: it parses the output again with jsoup and looks at every element and
 * attribute.
 */
public final class ActiveContent {
  /** Whether URLs without a scheme pass. */
  public enum Urls {
    /** Every URL must be absolute {@code http}, {@code https} or {@code mailto}. */
    ABSOLUTE_ONLY,
    /** Relative URLs pass too (for a sanitizer that was given no base URL). */
    RELATIVE_ALLOWED
  }

  private static final Set<String> FORBIDDEN_ELEMENTS =
      Set.of(
          "script",
          "style",
          "iframe",
          "object",
          "embed",
          "form",
          "svg",
          "math",
          "meta",
          "link",
          "base",
          "frame",
          "frameset",
          "applet",
          "template",
          "input",
          "button",
          "select",
          "textarea",
          "noscript",
          "title",
          "audio",
          "video",
          "source",
          "dialog");

  /** Attributes that are active or load something whatever their value. */
  private static final Set<String> FORBIDDEN_ATTRIBUTES = Set.of("style", "srcset");

  private static final Set<String> URL_ATTRIBUTES =
      Set.of(
          "href",
          "src",
          "cite",
          "action",
          "formaction",
          "data",
          "poster",
          "background",
          "xlink:href",
          "longdesc",
          "usemap",
          "codebase",
          "manifest",
          "ping",
          "lowsrc",
          "dynsrc");

  private static final Set<String> ALLOWED_SCHEMES = Set.of("http", "https", "mailto");
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  private static final String RELATIVE = "(relative)";

  private ActiveContent() {}

  /** The first active thing in {@code html}, described in a few words; empty when there is none. */
  public static Optional<String> find(String html, Urls urls) {
    Element body = Jsoup.parseBodyFragment(html).body();
    for (Element e : body.getAllElements()) {
      if (FORBIDDEN_ELEMENTS.contains(e.normalName())) {
        return Optional.of("element <" + e.normalName() + ">");
      }
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        if (name.startsWith("on") || FORBIDDEN_ATTRIBUTES.contains(name)) {
          return Optional.of("attribute " + name + " on <" + e.normalName() + ">");
        }
        if (URL_ATTRIBUTES.contains(name)) {
          String scheme = browserScheme(a.getValue());
          boolean allowed =
              ALLOWED_SCHEMES.contains(scheme)
                  || (urls == Urls.RELATIVE_ALLOWED && scheme.equals(RELATIVE));
          if (!allowed) {
            return Optional.of(
                "URL scheme " + scheme + " in " + name + "=\"" + a.getValue() + "\"");
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The scheme a browser sees, lower case, or {@code (relative)}: it trims C0 controls and spaces
   * at both ends and ignores tabs and newlines anywhere (WHATWG URL parsing).
   */
  static String browserScheme(String url) {
    String s = url.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
    Matcher m = SCHEME.matcher(s);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : RELATIVE;
  }
}
