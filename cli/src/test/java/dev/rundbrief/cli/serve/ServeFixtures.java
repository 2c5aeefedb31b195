package dev.rundbrief.cli.serve;

import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** A public/ folder with feeds and archive pages, and server settings around it. */
final class ServeFixtures {
  static final URI PUBLIC_URL = URI.create("https://news.example.org/");

  private ServeFixtures() {}

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static Path publicDir(Path root) throws IOException {
    Path pub = root.resolve("public");
    Files.createDirectories(pub.resolve("feeds"));
    Files.createDirectories(pub.resolve("archive"));
    StringBuilder items = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      items
          .append("<item><title>Sprachmodelle im Alltag, Teil ")
          .append(i)
          .append("</title><link>https://news.example.org/a/")
          .append(i)
          .append("</link><guid>https://news.example.org/a/")
          .append(i)
          .append("</guid><description>Wie Redaktionen mit KI-Werkzeugen arbeiten: Übersicht")
          .append(" über Prüfschritte, Quellenangaben und Grenzen.</description></item>\n");
    }
    write(
        pub.resolve("feeds/articles.rss.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
            + "<title>KI-Wochenschau</title><link>https://news.example.org/</link>"
            + "<description>Nachrichten über künstliche Intelligenz</description>\n"
            + items
            + "</channel></rss>\n");
    write(
        pub.resolve("feeds/articles.atom.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
            + "<title>KI-Wochenschau</title><id>tag:news.example.org,2026:articles</id>"
            + "<updated>2026-11-26T07:00:00Z</updated></feed>\n");
    write(
        pub.resolve("feeds/articles.json"),
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"KI-Wochenschau\","
            + "\"items\":[]}\n");
    write(
        pub.resolve("archive/index.html"),
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Archiv</title>"
            + "<link rel=\"alternate\" type=\"application/rss+xml\""
            + " href=\"https://news.example.org/feeds/digests.rss.xml\"></head><body>"
            + "<h1>Archiv</h1><ul><li><a href=\"1.html\">Ausgabe 1: Modelle, Regeln,"
            + " Rechenzentren</a></li></ul></body></html>\n");
    write(
        pub.resolve("archive/1.html"),
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
            + "<title>Ausgabe 1</title><style>body{font-family:sans-serif;max-width:40rem;"
            + "margin:2rem auto}</style></head><body><h1>Ausgabe 1: Modelle, Regeln,"
            + " Rechenzentren</h1><p>Diese Woche: neue Leitlinien für Schulen, Fristen der"
            + " KI-Verordnung und der Strombedarf großer Rechenzentren.</p>"
            + "<p><a href=\"index.html\">Alle Ausgaben</a></p></body></html>\n");
    write(root.resolve("secret.txt"), "not for the web\n");
    return pub;
  }

  static ServeSettings settings(
      Path publicDir,
      Supplier<SubscriberStore> store,
      Supplier<DeliveryEngine> transport,
      Clock clock,
      Optional<URI> hub,
      ServeSettings.RateLimits limits) {
    return new ServeSettings(
        new InetSocketAddress("127.0.0.1", 0),
        publicDir,
        PUBLIC_URL,
        Locale.GERMAN,
        "KI-Wochenschau",
        hub,
        false,
        store,
        ConfirmationMail.of(
            EmailAddress.parse("redaktion@news.example.org"),
            "KI-Wochenschau",
            "KI-Wochenschau",
            Locale.GERMAN,
            "Beispiel Medien GmbH, Hauptstraße 1, 10115 Berlin",
            clock,
            ZoneId.of("Europe/Berlin")),
        transport,
        Duration.ofHours(72),
        limits,
        ServeSettings.ServerLimits.DEFAULT,
        clock);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
