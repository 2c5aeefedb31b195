package dev.rundbrief.benchmarks;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Author;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestPeriod;
import dev.rundbrief.core.Image;
import dev.rundbrief.core.Section;
import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.DigestRenderer;
import dev.rundbrief.mail.DkimSettings;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MailSettings;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.RenderedDigest;
import dev.rundbrief.mail.RenderedMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Renders and composes one 25-article digest for many distinct recipients on one thread.
 *
 * <p>Every score is in messages per second: one benchmark invocation renders the digest once and
 * composes a message for each recipient, and counts as that many operations. {@code reference} is
 * the naive way (render both templates and build a Jakarta Mail {@code MimeMessage} per recipient);
 * it runs fewer recipients per invocation because it is slow. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class MailComposeBenchmark {
  static final int RECIPIENTS = 10_000;
  static final int DKIM_RECIPIENTS = 1_000;
  static final int REFERENCE_RECIPIENTS = 500;

  private final DigestRenderer renderer = DigestRenderer.withDefaultTemplates();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC);
  private final Session session = Session.getInstance(new Properties());
  private Digest digest;
  private MailSettings settings;
  private List<Recipient> recipients;
  private DkimSettings dkim;

  @Setup
  public void setUp() throws Exception {
    digest = digest(25);
    settings =
        MailSettings.builder()
            .publisherName("KI-Post Redaktion GmbH")
            .postalAddress("Lindenstraße 12\n10969 Berlin")
            .contactEmail(EmailAddress.parse("redaktion@ki-post.example.org"))
            .listName("KI-Woche")
            .listId("ki-woche.ki-post.example.org")
            .from(EmailAddress.parse("newsletter@ki-post.example.org"), "KI-Post Redaktion")
            .unsubscribeUrlPattern("https://ki-post.example.org/abmelden?t={token}")
            .preferencesUrlPattern("https://ki-post.example.org/einstellungen?t={token}")
            .archiveUrlPattern("https://ki-post.example.org/archiv/{issue}")
            .unsubscribeMailto(EmailAddress.parse("abmelden@ki-post.example.org"))
            .build();
    recipients = new ArrayList<>();
    for (int i = 0; i < RECIPIENTS; i++) {
      recipients.add(
          new Recipient(
              EmailAddress.parse("leser" + i + "@leser.example.net"),
              i % 3 == 0 ? "" : "Leserin Nummer " + i + " Müller",
              "token-" + Integer.toHexString(i * 7919) + "-" + i));
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Path key = Files.createTempFile("rundbrief-bench-dkim", ".der");
    key.toFile().deleteOnExit();
    Files.write(key, generator.generateKeyPair().getPrivate().getEncoded());
    dkim = DkimSettings.of("ki-post.example.org", "bench", key);
  }

  /** Rundbrief: render once per digest, then splice and compose per recipient. */
  @Benchmark
  @OperationsPerInvocation(RECIPIENTS)
  public void rundbrief(Blackhole bh) {
    RenderedDigest rendered = renderer.render(digest, settings);
    MessageComposer composer = MessageComposer.of(rendered, clock);
    for (int i = 0; i < RECIPIENTS; i++) {
      ComposedMessage m = composer.compose(recipients.get(i));
      bh.consume(m.bytes());
    }
  }

  /** Rundbrief with DKIM signing (rsa-sha256, 2048-bit key). */
  @Benchmark
  @OperationsPerInvocation(DKIM_RECIPIENTS)
  public void rundbriefDkim(Blackhole bh) {
    RenderedDigest rendered = renderer.render(digest, settings);
    MessageComposer composer = MessageComposer.of(rendered, clock).withDkim(dkim);
    for (int i = 0; i < DKIM_RECIPIENTS; i++) {
      bh.consume(composer.compose(recipients.get(i)).bytes());
    }
  }

  /** The naive way: a full template render and a MimeMessage per recipient. */
  @Benchmark
  @OperationsPerInvocation(REFERENCE_RECIPIENTS)
  public void reference(Blackhole bh) throws MessagingException, IOException {
    for (int i = 0; i < REFERENCE_RECIPIENTS; i++) {
      Recipient r = recipients.get(i);
      RenderedMail mail = renderer.render(digest, settings).forRecipient(r);
      MimeMessage m = new MimeMessage(session);
      m.setFrom(
          new InternetAddress("newsletter@ki-post.example.org", "KI-Post Redaktion", "UTF-8"));
      m.setRecipient(
          Message.RecipientType.TO, new InternetAddress(r.address().value(), r.name(), "UTF-8"));
      m.setSubject(digest.title(), "UTF-8");
      m.setSentDate(Date.from(clock.instant()));
      m.setHeader("List-Id", "KI-Woche <ki-woche.ki-post.example.org>");
      m.setHeader("List-Unsubscribe", "<https://ki-post.example.org/abmelden?t=" + r.token() + ">");
      m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(mail.text(), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(mail.html(), "UTF-8", "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      m.setContent(alternative);
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
      m.writeTo(out);
      bh.consume(out.toByteArray());
    }
  }

  /**
   * Measures the same three loops by the CPU time of the calling thread, which stays meaningful on
   * a machine whose cores are shared with other work: {@code java -cp benchmarks.jar
   * dev.rundbrief.benchmarks.MailComposeBenchmark}.
   */
  public static void main(String[] args) throws Exception {
    MailComposeBenchmark b = new MailComposeBenchmark();
    b.setUp();
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      long t0 = threads.getCurrentThreadCpuTime();
      b.rundbrief(bh);
      long t1 = threads.getCurrentThreadCpuTime();
      b.rundbriefDkim(bh);
      long t2 = threads.getCurrentThreadCpuTime();
      b.reference(bh);
      long t3 = threads.getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "round %d: rundbrief %.0f msg/cpu-s, with DKIM %.0f msg/cpu-s, reference %.1f msg/cpu-s%n",
          round + 1,
          RECIPIENTS / ((t1 - t0) / 1e9),
          DKIM_RECIPIENTS / ((t2 - t1) / 1e9),
          REFERENCE_RECIPIENTS / ((t3 - t2) / 1e9));
    }
  }

  static Digest digest(int count) {
    List<Article> articles = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      articles.add(
          Article.builder()
              .title("Meldung " + i + ": Sprachmodelle, Rechenzentren & Regeln")
              .link(URI.create("https://ki-post.example.org/artikel/meldung-" + i))
              .author(Author.of("Autorin " + i))
              .published(Instant.parse("2026-11-24T09:15:00Z"))
              .summary(
                  "Eine Zusammenfassung mit Umlauten – für Größen, Übersichten und Ärger –"
                      + " über Modelle, Daten und die Menschen, die damit arbeiten. ")
              .content("<p>" + "Wort ".repeat(600 + i * 10) + "</p>", null)
              .leadImage(
                  new Image(
                      URI.create("https://ki-post.example.org/bilder/" + i + ".jpg"),
                      "Bild zu Meldung " + i,
                      1200,
                      630,
                      "image/jpeg",
                      0))
              .build());
    }
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    return new Digest(
        48,
        "KI-Woche 48/2026: Fünfundzwanzig Meldungen",
        new DigestPeriod(
            Instant.parse("2026-11-19T06:00:00Z"), Instant.parse("2026-11-26T06:00:00Z"), berlin),
        "Die Woche in fünfundzwanzig Meldungen.",
        Locale.GERMAN,
        List.of(
            new Section("Forschung", articles.subList(0, count / 2)),
            new Section("Gesellschaft", articles.subList(count / 2, count))),
        Instant.parse("2026-11-26T06:30:00Z"));
  }
}
