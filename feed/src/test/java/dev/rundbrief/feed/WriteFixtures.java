package dev.rundbrief.feed;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.ArticleId;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestPeriod;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.Section;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Articles, digests and metadata with umlauts, ampersands, angle brackets and emoji. */
final class WriteFixtures {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  static final URI SITE = URI.create("https://ki-woche.example/");
  static final Function<Digest, URI> ISSUE_URLS =
      FeedWriter.issueUrls("https://ki-woche.example/ausgaben/{number}.html");

  private WriteFixtures() {}

  static FeedMetadata metadata(FeedFormat format, String name) {
    return FeedMetadata.builder(
            "KI-Woche: Nachrichten & Analysen <Beta> 🤖",
            SITE,
            URI.create("https://ki-woche.example/feeds/" + name + "." + format.fileExtension()))
        .subtitle("Was diese Woche in der KI zählt – für Entwickler & Entscheider")
        .language(Locale.GERMANY)
        .author(
            new Author(
                "Redaktion KI-Woche",
                "redaktion@ki-woche.example",
                URI.create("https://ki-woche.example/impressum")))
        .icon(URI.create("https://ki-woche.example/favicon.png"))
        .logo(URI.create("https://ki-woche.example/logo.png"))
        .rights("© 2026 KI-Woche Verlag & Co. KG")
        .generator("Rundbrief", "1.0-test")
        .build();
  }

  static FeedWriter writer(FeedFormat format, String name) {
    return FeedWriter.of(format, metadata(format, name), CLOCK);
  }

  static Article sprachmodelle() {
    return Article.builder()
        .title("Große Sprachmodelle & kleine Rechenzentren: <Übersicht> 🚀")
        .link(URI.create("https://ki-woche.example/artikel/sprachmodelle"))
        .author(new Author("Jürgen Weiß", "juergen@ki-woche.example", null))
        .published(Instant.parse("2026-11-24T08:15:00Z"))
        .updated(Instant.parse("2026-11-25T10:00:00Z"))
        .summary("Warum Effizienz wichtiger wird als Größe – ein Überblick für Entscheider & Co.")
        .content(
            "<h2>Weniger ist mehr</h2>\n"
                + "<p>Die Rechenzentren in Süddeutschland stoßen an Grenzen: 5 &lt; 7, "
                + "Strom &amp; Kühlung <em>kosten</em>. 🔌</p>\n"
                + "<p onclick=\"alert(1)\">Mehr dazu im <a href=\"/hintergrund/strom\">Hintergrund</a>"
                + " und <a href=\"javascript:alert(2)\">hier</a>.</p>"
                + "<script>alert('x')</script><iframe src=\"https://evil.example/\"></iframe>"
                + "<pre>  eingerückt\n    bleibt eingerückt</pre>"
                + "<img src=\"bilder/rz.jpg\" alt=\"Serverraum\">",
            URI.create("https://ki-woche.example/artikel/sprachmodelle"))
        .tag("KI")
        .tag("Rechenzentren")
        .language(Locale.GERMANY)
        .leadImage(
            new Image(
                URI.create("https://ki-woche.example/bilder/rz.jpg"),
                "Serverraum",
                1200,
                630,
                "image/jpeg",
                48213))
        .build();
  }

  static Article openWeights() {
    return Article.builder()
        .id(ArticleId.of("ki-2026-0042"))
        .title("Open weights, open questions 🤔")
        .link(URI.create("https://ki-woche.example/en/open-weights"))
        .author(Author.of("Ana Müller"))
        .author(Author.of("Sam O'Neil"))
        .published(Instant.parse("2026-11-23T17:45:30Z"))
        .summary("A < B & C: what \"open\" really means for models.")
        .content(
            "<p>Weights are <strong>not</strong> source code &amp; that matters. 🧩</p>"
                + "<blockquote>“Open” is a spectrum.</blockquote>",
            URI.create("https://ki-woche.example/en/open-weights"))
        .tag("Open Source")
        .language(Locale.ENGLISH)
        .leadImage(Image.of(URI.create("https://ki-woche.example/img/weights.png"), ""))
        .build();
  }

  static Article foerderung() {
    return Article.builder()
        .title("Kurzmeldung: Förderprogramm für KI-Start-ups verlängert")
        .published(Instant.parse("2026-11-22T06:00:00Z"))
        .summary("Bund & Länder verlängern das Programm bis 2028.")
        .language(Locale.GERMANY)
        .build();
  }

  static List<Article> articles() {
    return List.of(foerderung(), sprachmodelle(), openWeights());
  }

  static Digest issue47() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    return new Digest(
        47,
        "KI-Woche 47/2026",
        new DigestPeriod(
            Instant.parse("2026-11-15T23:00:00Z"), Instant.parse("2026-11-22T23:00:00Z"), berlin),
        "Diese Woche: Förderung & Forschung <kompakt>.",
        Locale.GERMANY,
        List.of(new Section("Politik", List.of(foerderung()))),
        Instant.parse("2026-11-23T07:00:00Z"));
  }

  static Digest issue48() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    return new Digest(
        48,
        "KI-Woche 48/2026 – Modelle & Märkte 🧠",
        new DigestPeriod(
            Instant.parse("2026-11-22T23:00:00Z"), Instant.parse("2026-11-29T23:00:00Z"), berlin),
        "",
        Locale.GERMANY,
        List.of(
            new Section("Modelle", List.of(sprachmodelle())),
            new Section("Forschung <Labor> & Praxis", List.of(openWeights()))),
        Instant.parse("2026-11-30T07:00:00Z"));
  }

  static List<Digest> digests() {
    return List.of(issue47(), issue48());
  }

  /** {@code count} German articles, one per hour, with ids and links of their own. */
  static List<Article> manyArticles(int count) {
    List<Article> articles = new ArrayList<>();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 1; i <= count; i++) {
      articles.add(
          Article.builder()
              .title("Meldung Nr. " + i + ": Übersicht & Ausblick")
              .link(URI.create("https://ki-woche.example/meldungen/" + i))
              .published(start.plusSeconds(3600L * i))
              .summary("Zusammenfassung " + i)
              .content("<p>Inhalt " + i + " – größer &amp; besser</p>", SITE)
              .build());
    }
    return articles;
  }
}
