package dev.rundbrief.mail;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestPeriod;
import dev.rundbrief.core.Excerpts;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.ReadingTime;
import dev.rundbrief.core.Section;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the values that templates see (documented in docs/mail.md), for one digest.
 *
 * <p>The personal values ({@link Slot}) are not known per digest: they are rendered as sentinels,
 * which {@link SplicedPart} later replaces per recipient. Sentinels are made of control characters
 * that are removed from all digest data, so article text can never fake one.
 */
final class TemplateScope {
  /** The widest an image may be inside the 600 px layout with its padding. */
  static final int CONTENT_WIDTH = 552;

  /** The values that differ per recipient. */
  enum Slot {
    GREETING("greeting"),
    NAME("recipientName"),
    EMAIL("recipientEmail"),
    UNSUBSCRIBE_URL("unsubscribeUrl"),
    PREFERENCES_URL("preferencesUrl");

    final String variable;
    final String sentinel;

    Slot(String variable) {
      this.variable = variable;
      this.sentinel = "\u0001" + (char) ('A' + ordinal()) + "\u0002";
    }
  }

  private TemplateScope() {}

  static boolean isSlot(String value) {
    return value.length() == 3 && value.charAt(0) == '\u0001' && value.charAt(2) == '\u0002';
  }

  /**
   * The scope of one digest.
   *
   * @param excerptLimit the most characters of an excerpt; 0 leaves excerpts out
   */
  static Map<String, Object> of(Digest digest, MailSettings settings, int excerptLimit) {
    return of(digest, settings, excerptLimit, Integer.MAX_VALUE);
  }

  /**
   * The scope of one digest that shows only its first {@code shown} articles in reading order;
   * {@code more} then says how many are left out and links to the issue in the web archive.
   */
  static Map<String, Object> of(Digest digest, MailSettings settings, int excerptLimit, int shown) {
    Messages messages = Messages.forLocale(digest.language());
    DateTimeFormatter dates = messages.dateFormat();
    ZoneId zone = digest.period().zone();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("lang", digest.language().toLanguageTag());
    scope.put("preheader", clean(preheader(digest)));

    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("number", String.valueOf(digest.number()));
    issue.put("title", numbersKeptWithTheirLabel(clean(digest.title())));
    issue.put("label", messages.format("issue", Map.of("number", String.valueOf(digest.number()))));
    issue.put("date", dates.format(digest.created().atZone(zone)));
    issue.put("isoDate", digest.created().atZone(zone).toLocalDate().toString());
    scope.put("issue", issue);
    scope.put("intro", clean(digest.intro()));
    scope.put(
        "viewInBrowserUrl",
        settings
            .archiveUrlPattern()
            .map(p -> Urls.fill(p, "{issue}", String.valueOf(digest.number())))
            .orElse(""));

    List<Object> sections = new ArrayList<>();
    int left = shown;
    for (Section section : digest.sections()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("title", clean(section.title()));
      List<Object> articles = new ArrayList<>();
      for (Article article : section.articles()) {
        if (left-- > 0) {
          articles.add(article(article, messages, dates, zone, excerptLimit));
        }
      }
      if (!articles.isEmpty()) {
        s.put("articles", articles);
        sections.add(s);
      }
    }
    scope.put("sections", sections);
    int total = digest.articles().size();
    if (shown < total) {
      String count = String.valueOf(total - shown);
      Map<String, Object> more = new LinkedHashMap<>();
      more.put("count", count);
      more.put("text", messages.format("more", Map.of("count", count)));
      more.put("url", scope.get("viewInBrowserUrl"));
      scope.put("more", more);
    } else {
      scope.put("more", "");
    }

    for (Slot slot : Slot.values()) {
      scope.put(slot.variable, slot.sentinel);
    }
    scope.put("hasPreferences", settings.preferencesUrlPattern().isPresent());

    String listName = settings.listName().orElse(digest.title());
    scope.put("listName", clean(listName));
    scope.put("reason", clean(messages.format("reason", Map.of("list", listName))));

    Map<String, Object> publisher = new LinkedHashMap<>();
    publisher.put("name", settings.publisherName().map(TemplateScope::clean).orElse(""));
    List<Object> lines = new ArrayList<>();
    String postal = settings.postalAddress().orElse("");
    for (String line : postal.split("\n")) {
      if (!line.isBlank()) {
        lines.add(Map.of("line", clean(line)));
      }
    }
    publisher.put("postalAddress", clean(postal.replace("\n", ", ")));
    publisher.put("postalAddressLines", lines);
    publisher.put("contactEmail", settings.contactEmail().map(EmailAddress::value).orElse(""));
    publisher.put("legalNoticeUrl", settings.legalNoticeUrl().orElse(""));
    scope.put("publisher", publisher);

    Map<String, Object> t = new LinkedHashMap<>();
    for (String key :
        List.of(
            "viewInBrowser",
            "by",
            "readMore",
            "unsubscribe",
            "preferences",
            "legalNotice",
            "contact",
            "inThisIssue")) {
      t.put(key, messages.get(key));
    }
    scope.put("t", t);
    return scope;
  }

  /**
   * A number put after a short label ("Nr. 1", "No. 12", "KW 48") is joined to it with a no-break
   * space, so that the label never ends a line with its number alone on the next.
   */
  static String numbersKeptWithTheirLabel(String title) {
    return LABELLED_NUMBER.matcher(title).replaceAll("\u00a0");
  }

  private static final java.util.regex.Pattern LABELLED_NUMBER =
      java.util.regex.Pattern.compile("(?<=(?:^|\\s)[\\p{L}.#]{1,5}) (?=\\d)");

  /** A scope with every variable present and every optional part filled, to check templates. */
  static Map<String, Object> probe() {
    Instant when = Instant.parse("2026-11-26T07:00:00Z");
    Article article =
        Article.builder()
            .title("Probe")
            .link(URI.create("https://example.org/a"))
            .author(Author.of("A"))
            .published(when)
            .summary("Probe")
            .leadImage(new Image(URI.create("https://example.org/a.jpg"), "a", 10, 10, "", 0))
            .build();
    Digest digest =
        new Digest(
            1,
            "Probe",
            new DigestPeriod(when.minusSeconds(3600), when, ZoneId.of("UTC")),
            "Probe",
            Locale.ENGLISH,
            List.of(new Section("Probe", List.of(article))),
            when);
    MailSettings settings =
        MailSettings.builder()
            .publisherName("P")
            .postalAddress("P")
            .contactEmail(EmailAddress.parse("p@example.org"))
            .legalNoticeUrl("https://example.org/legal")
            .listName("P")
            .archiveUrlPattern("https://example.org/{issue}")
            .preferencesUrlPattern("https://example.org/p/{token}")
            .unsubscribeUrlPattern("https://example.org/u/{token}")
            .build();
    // Two articles, one shown: every optional part, "more" included, is filled.
    Digest two =
        new Digest(
            digest.number(),
            digest.title(),
            digest.period(),
            digest.intro(),
            digest.language(),
            List.of(new Section("Probe", List.of(article, article))),
            digest.created());
    return of(two, settings, 100, 1);
  }

  private static Map<String, Object> article(
      Article article, Messages messages, DateTimeFormatter dates, ZoneId zone, int excerptLimit) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("title", clean(article.title()));
    a.put("url", article.link().map(URI::toString).map(TemplateScope::clean).orElse(""));
    String byline = byline(article.authors(), messages);
    a.put("byline", byline);
    String date = article.date().map(d -> dates.format(d.atZone(zone))).orElse("");
    a.put("date", date);
    a.put("isoDate", article.date().map(d -> d.atZone(zone).toLocalDate().toString()).orElse(""));
    String readingTime =
        messages.format("readingTime", Map.of("minutes", String.valueOf(readingMinutes(article))));
    a.put("readingTime", readingTime);
    List<String> meta = new ArrayList<>();
    if (!byline.isEmpty()) {
      meta.add(messages.get("by") + " " + byline);
    }
    if (!date.isEmpty()) {
      meta.add(date);
    }
    meta.add(readingTime);
    a.put("meta", String.join(" · ", meta));
    a.put("excerpt", clean(excerpt(article, excerptLimit)));
    a.put("source", clean(article.source()));
    a.put("image", image(article));
    return a;
  }

  private static Object image(Article article) {
    Image img = article.leadImage().orElse(null);
    // Mail clients need an absolute https URL to show the image at all.
    if (img == null || !"https".equalsIgnoreCase(img.url().getScheme())) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("src", clean(img.url().toString()));
    m.put("alt", clean(img.alt()));
    if (img.width() == 0 || img.height() == 0) {
      // Unknown size (a Markdown image without width and height): the full content width, and
      // the height follows from the image itself.
      m.put("width", String.valueOf(CONTENT_WIDTH));
      m.put("height", "");
      return m;
    }
    int width = Math.min(img.width(), CONTENT_WIDTH);
    int height = (int) Math.round((double) img.height() * width / img.width());
    m.put("width", String.valueOf(width));
    m.put("height", String.valueOf(Math.max(1, height)));
    return m;
  }

  private static String byline(List<Author> authors, Messages messages) {
    List<String> names = authors.stream().map(Author::name).map(TemplateScope::clean).toList();
    if (names.size() <= 1) {
      return names.isEmpty() ? "" : names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " "
        + messages.get("and")
        + " "
        + names.get(names.size() - 1);
  }

  private static String preheader(Digest digest) {
    String source = digest.intro();
    if (source.isBlank()) {
      source = String.join(" · ", digest.articles().stream().map(Article::title).toList());
    }
    return Excerpts.of(source, 140);
  }

  static String excerpt(Article article, int limit) {
    if (limit <= 0) {
      return "";
    }
    return article.summary().isEmpty()
        ? Excerpts.fromHtml(article.contentHtml(), limit)
        : Excerpts.of(article.summary(), limit);
  }

  /**
   * Reading time of the whole article ({@link ReadingTime}, 200 words a minute), at least one
   * minute, since "0 Min. Lesezeit" reads as a mistake.
   */
  static int readingMinutes(Article article) {
    int minutes =
        article.contentHtml().isEmpty()
            ? ReadingTime.minutes(article.summary())
            : ReadingTime.ofHtml(article.contentHtml());
    return Math.max(1, minutes);
  }

  /** Removes control characters other than line breaks and tabs, so sentinels cannot be faked. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
      if (bad && sb == null) {
        sb = new StringBuilder(s.length());
        sb.append(s, 0, i);
      } else if (!bad && sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
