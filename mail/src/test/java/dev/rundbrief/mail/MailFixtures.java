package dev.rundbrief.mail;

import dev.rundbrief.core.Article;
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

/** Digests, settings and recipients shared by the mail tests; texts written for these tests. */
final class MailFixtures {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant CREATED = Instant.parse("2026-11-26T06:30:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC);

  private MailFixtures() {}

  static MailSettings settings() {
    return MailSettings.builder()
        .publisherName("KI-Post Redaktion GmbH")
        .postalAddress("Lindenstraße 12\n10969 Berlin\nDeutschland")
        .contactEmail(EmailAddress.parse("redaktion@ki-post.example.org"))
        .legalNoticeUrl("https://ki-post.example.org/impressum")
        .listName("KI-Woche")
        .listId("ki-woche.ki-post.example.org")
        .from(EmailAddress.parse("newsletter@ki-post.example.org"), "KI-Post Redaktion")
        .replyTo(EmailAddress.parse("leserbriefe@ki-post.example.org"))
        .unsubscribeUrlPattern("https://ki-post.example.org/abmelden?t={token}")
        .preferencesUrlPattern("https://ki-post.example.org/einstellungen?t={token}")
        .archiveUrlPattern("https://ki-post.example.org/archiv/{issue}")
        .unsubscribeMailto(EmailAddress.parse("abmelden@ki-post.example.org"))
        .build();
  }

  static Recipient anna() {
    return new Recipient(
        EmailAddress.parse("anna.mueller@leser.example.net"), "Anna Müller", "tok-anna-123");
  }

  static Recipient anonymous() {
    return new Recipient(EmailAddress.parse("leser@leser.example.net"), "", "tok-anon-456");
  }

  static Digest german() {
    Article a1 =
        Article.builder()
            .title("Sprachmodelle lernen, ihre eigenen Fehler zu finden")
            .link(URI.create("https://ki-post.example.org/artikel/fehler-finden"))
            .author(Author.of("Jana Vogt"))
            .author(Author.of("Timo Brandt"))
            .published(Instant.parse("2026-11-24T09:15:00Z"))
            .summary(
                "Ein Forschungsteam zeigt, wie ein Modell seine Antworten Schritt für Schritt"
                    + " prüft – und warum das bei Rechenaufgaben & Code besonders hilft.")
            .content("<p>" + "Wort ".repeat(650) + "</p>", null)
            .leadImage(
                new Image(
                    URI.create("https://ki-post.example.org/bilder/fehler.jpg"),
                    "Diagramm mit Fehlerquoten <vorher/nachher>",
                    1200,
                    630,
                    "image/jpeg",
                    0))
            .build();
    Article a2 =
        Article.builder()
            .title("Rechenzentren: Wohin mit der Abwärme?")
            .link(URI.create("https://ki-post.example.org/artikel/abwaerme?quelle=rss&x=1"))
            .author(Author.of("Mehmet Aydın"))
            .published(Instant.parse("2026-11-25T14:00:00Z"))
            .summary(
                "Drei Städte heizen schon mit Serverwärme. Ein Überblick über Kosten und Grenzen.")
            .build();
    Article a3 =
        Article.builder()
            .title("Kommentar: Wer haftet, wenn der Agent bucht?")
            .link(URI.create("https://ki-post.example.org/artikel/haftung-agenten"))
            .published(Instant.parse("2026-11-25T18:30:00Z"))
            .summary(
                "Automatische Assistenten schließen Verträge. Das Recht ist darauf kaum vorbereitet.")
            .build();
    return new Digest(
        48,
        "KI-Woche 48/2026: Modelle, die sich selbst prüfen",
        new DigestPeriod(
            Instant.parse("2026-11-19T06:00:00Z"), Instant.parse("2026-11-26T06:00:00Z"), BERLIN),
        "Diese Woche: Selbstkontrolle bei Sprachmodellen, warme Rechenzentren und eine Frage"
            + " an die Juristen.",
        Locale.GERMAN,
        List.of(
            new Section("Forschung", List.of(a1)), new Section("Gesellschaft", List.of(a2, a3))),
        CREATED);
  }

  static Digest english() {
    Article a1 =
        Article.builder()
            .title("Small models, big context: a field test")
            .link(URI.create("https://ki-post.example.org/en/small-models"))
            .author(Author.of("Ruth Baker"))
            .published(Instant.parse("2026-11-24T09:15:00Z"))
            .summary("We ran four compact models on long reports. Two kept their footing.")
            .content("<p>" + "word ".repeat(700) + "</p>", null)
            .build();
    return new Digest(
        7,
        "AI Week 48",
        new DigestPeriod(
            Instant.parse("2026-11-19T06:00:00Z"), Instant.parse("2026-11-26T06:00:00Z"), BERLIN),
        "",
        Locale.ENGLISH,
        List.of(new Section("", List.of(a1))),
        CREATED);
  }

  /** A digest with {@code count} articles whose summaries are {@code summaryWords} words long. */
  static Digest large(int count, int summaryWords) {
    List<Article> articles = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      articles.add(
          Article.builder()
              .title("Meldung " + i + ": Neues aus Forschung und Praxis der KI")
              .link(URI.create("https://ki-post.example.org/artikel/meldung-" + i))
              .author(Author.of("Autorin " + i))
              .published(Instant.parse("2026-11-24T09:15:00Z"))
              .summary(
                  "Ausführlicher Text über Modelle, Daten und Menschen. "
                      .repeat(summaryWords / 7 + 1))
              .leadImage(
                  new Image(
                      URI.create("https://ki-post.example.org/bilder/" + i + ".jpg"),
                      "Bild zu Meldung " + i,
                      600,
                      300,
                      "image/jpeg",
                      0))
              .build());
    }
    return new Digest(
        49,
        "KI-Woche 49/2026",
        new DigestPeriod(
            Instant.parse("2026-11-26T06:00:00Z"), Instant.parse("2026-12-03T06:00:00Z"), BERLIN),
        "Viele Meldungen in dieser Woche.",
        Locale.GERMAN,
        List.of(new Section("Meldungen", articles)),
        Instant.parse("2026-12-03T06:30:00Z"));
  }
}
