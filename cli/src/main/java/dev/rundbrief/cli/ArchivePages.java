package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.Section;
import dev.rundbrief.feed.AtomicFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Entities;

/**
 * Writes the web archive into {@code public/archive/}: one page per issue (the target of the mails'
 * "view in browser" link and of the digests feed) and an index of all issues, each with {@code
 * <link rel="alternate">} to the feeds.
 *
 * <p>Pages are plain, accessible HTML with the issue's language in {@code <html lang>}. Pages are
 * written atomically and only when their bytes change, so a static server's ETags stay stable.
 */
final class ArchivePages {
  private final Config config;
  private final PublicLayout layout;

  ArchivePages(Config config, PublicLayout layout) {
    this.config = config;
    this.layout = layout;
  }

  /** Writes every issue's page and the index; returns the index file. */
  Path write(List<Digest> issues) {
    for (Digest d : issues) {
      writeIfChanged(layout.issuePage(d.number()), issuePage(d));
    }
    Path index = layout.archiveIndex();
    writeIfChanged(index, indexPage(issues));
    return index;
  }

  String issuePage(Digest d) {
    Locale lang = d.language();
    StringBuilder body = new StringBuilder();
    body.append("<header><p><a href=\"index.html\">")
        .append(esc(german(lang) ? "Alle Ausgaben" : "All issues"))
        .append("</a></p>\n<h1>")
        .append(esc(d.title()))
        .append("</h1>\n<p class=\"meta\">")
        .append(esc(date(d, lang)))
        .append("</p></header>\n<main>\n");
    if (!d.intro().isEmpty()) {
      body.append("<p class=\"intro\">").append(esc(d.intro())).append("</p>\n");
    }
    for (Section s : d.sections()) {
      body.append("<section>\n");
      if (!s.title().isEmpty()) {
        body.append("<h2>").append(esc(s.title())).append("</h2>\n");
      }
      for (Article a : s.articles()) {
        body.append("<article>\n<h3>");
        if (a.link().isPresent()) {
          body.append("<a href=\"")
              .append(esc(a.link().get().toString()))
              .append("\">")
              .append(esc(a.title()))
              .append("</a>");
        } else {
          body.append(esc(a.title()));
        }
        body.append("</h3>\n");
        if (!a.summary().isEmpty()) {
          body.append("<p>").append(esc(a.summary())).append("</p>\n");
        }
        body.append("</article>\n");
      }
      body.append("</section>\n");
    }
    body.append("</main>\n");
    return page(lang, d.title() + " – " + config.publication().title(), body.toString());
  }

  String indexPage(List<Digest> issues) {
    Locale lang = config.publication().language();
    StringBuilder body = new StringBuilder();
    body.append("<header><h1>").append(esc(config.publication().title())).append("</h1>\n");
    if (!config.publication().description().isEmpty()) {
      body.append("<p>").append(esc(config.publication().description())).append("</p>\n");
    }
    body.append("<p>")
        .append(esc(german(lang) ? "Abonnieren: " : "Subscribe: "))
        .append("<a href=\"")
        .append(esc(layout.digestsFeedUrl("rss").toString()))
        .append("\">RSS</a> · ")
        .append("<a href=\"")
        .append(esc(layout.digestsFeedUrl("atom").toString()))
        .append("\">Atom</a> · ")
        .append("<a href=\"")
        .append(esc(layout.digestsFeedUrl("json").toString()))
        .append("\">JSON Feed</a>")
        .append("</p></header>\n<main>\n<h2>")
        .append(esc(german(lang) ? "Alle Ausgaben" : "All issues"))
        .append("</h2>\n<ol reversed>\n");
    for (int i = issues.size() - 1; i >= 0; i--) {
      Digest d = issues.get(i);
      body.append("<li><a href=\"")
          .append(d.number())
          .append(".html\">")
          .append(esc(d.title()))
          .append("</a> <span class=\"meta\">")
          .append(esc(date(d, d.language())))
          .append("</span></li>\n");
    }
    body.append("</ol>\n</main>\n");
    return page(lang, config.publication().title(), body.toString());
  }

  private String page(Locale lang, String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\""
        + esc(lang.toLanguageTag())
        + "\">\n<head>\n"
        + "<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"color-scheme\" content=\"light dark\">\n"
        + "<title>"
        + esc(title)
        + "</title>\n"
        + alternate("application/rss+xml", "RSS", layout.digestsFeedUrl("rss"))
        + alternate("application/atom+xml", "Atom", layout.digestsFeedUrl("atom"))
        + alternate("application/feed+json", "JSON Feed", layout.digestsFeedUrl("json"))
        + "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
        + "padding:0 1rem;line-height:1.5}.meta{color:#666}"
        + "@media (prefers-color-scheme: dark){body{background:#111;color:#eee}a{color:#9cf}"
        + ".meta{color:#aaa}}</style>\n"
        + "</head>\n<body>\n"
        + body
        + config
            .publication()
            .legalNotice()
            .map(
                l ->
                    "<footer><p>"
                        + esc(l.name())
                        + " · "
                        + esc(l.address())
                        + " · "
                        + esc(l.email())
                        + "</p></footer>\n")
            .orElse("")
        + "</body>\n</html>\n";
  }

  private static String alternate(String type, String title, URI href) {
    return "<link rel=\"alternate\" type=\""
        + type
        + "\" title=\""
        + title
        + "\" href=\""
        + esc(href.toString())
        + "\">\n";
  }

  private static String date(Digest d, Locale lang) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(lang)
        .format(d.created().atZone(d.period().zone()));
  }

  private static boolean german(Locale lang) {
    return lang.getLanguage().equals("de");
  }

  private static String esc(String s) {
    return Entities.escape(s);
  }

  /** Replaces the page atomically, readable by the web server (0644 less the umask). */
  static void writeIfChanged(Path file, String content) {
    AtomicFiles.writeIfChanged(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
