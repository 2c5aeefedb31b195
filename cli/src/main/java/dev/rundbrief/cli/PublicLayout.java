package dev.rundbrief.cli;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where each published file lies under {@code public/} and under which URL it is served.
 *
 * <pre>
 * public/feeds/articles.{rss,atom}.xml, articles.json    every article
 * public/feeds/digests.{rss,atom}.xml, digests.json      one item per issue
 * public/feeds/archive/...                               RFC 5005 archive pages
 * public/archive/index.html, public/archive/N.html       the web archive
 * </pre>
 */
record PublicLayout(Path root, URI publicUrl) {
  static PublicLayout of(Workspace ws, Config config) {
    String base = config.publication().publicUrl().toString();
    return new PublicLayout(ws.publicDir(), URI.create(base.endsWith("/") ? base : base + "/"));
  }

  Path feeds() {
    return root.resolve("feeds");
  }

  Path archiveIndex() {
    return root.resolve("archive").resolve("index.html");
  }

  Path issuePage(int number) {
    return root.resolve("archive").resolve(number + ".html");
  }

  URI issuePageUrl(int number) {
    return publicUrl.resolve("archive/" + number + ".html");
  }

  /** The URL of the digests feed in a format: {@code rss}, {@code atom} or {@code json}. */
  URI digestsFeedUrl(String format) {
    return publicUrl.resolve("feeds/digests" + suffix(format));
  }

  /** The URL of the articles feed in a format: {@code rss}, {@code atom} or {@code json}. */
  URI articlesFeedUrl(String format) {
    return publicUrl.resolve("feeds/articles" + suffix(format));
  }

  static String suffix(String format) {
    return switch (format) {
      case "rss" -> ".rss.xml";
      case "atom" -> ".atom.xml";
      case "json" -> ".json";
      default -> throw new IllegalArgumentException("unknown feed format " + format);
    };
  }
}
