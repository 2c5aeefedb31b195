package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.FileAccessException;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief demo}: the whole pipeline on sample data, no server needed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Rundbrief end to end on sample articles (German and English): creates a demo workspace, imports the articles, builds an issue, writes RSS, Atom and JSON Feed plus the web archive, and 'sends' the issue to three demo subscribers into outbox/.",
      "Running it again replaces the previous demo workspace."
    })
final class DemoCommand implements Callable<Integer> {
  static final List<String> ARTICLES =
      List.of(
          "sprachmodelle-rechenzentren.txt",
          "ki-schule-leitlinien.txt",
          "open-source-uebersetzung.md",
          "eu-ai-act-fristen.md",
          "agents-benchmark-en.md",
          "chip-export-en.txt");
  private static final String MARKER = ".rundbrief-demo";

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "DIR",
      arity = "0..1",
      description = "Where to create it (default: rundbrief-demo).")
  Path dir = Path.of("rundbrief-demo");

  @Override
  public Integer call() {
    Context ctx = Context.of(spec);
    Clock clock = ctx.clock();
    Path root = dir.toAbsolutePath().normalize();
    prepare(root);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("title", "KI-Rundbrief (Demo)");
    values.put("description", "Neuigkeiten aus der Welt der Künstlichen Intelligenz, kuratiert.");
    values.put("site_url", "https://rundbrief.example.org/");
    values.put("public_url", "https://rundbrief.example.org/");
    values.put("language", "de");
    values.put("from", "newsletter@rundbrief.example.org");
    Workspace ws = Workspace.create(root, values);
    try {
      Files.writeString(root.resolve(MARKER), "created by 'rundbrief demo'\n");
      // The legal notice that every mail must carry: a demo publisher.
      String config = Files.readString(ws.configFile());
      config =
          config.replace(
              "    # name: \"Beispiel Medien GmbH\"\n"
                  + "    # address: \"Hauptstraße 1, 10115 Berlin, Deutschland\"\n"
                  + "    # email: \"redaktion@example.org\"\n",
              "    name: \"Demo-Verlag Rundbrief\"\n"
                  + "    address: \"Musterstraße 1, 10115 Berlin, Deutschland\"\n"
                  + "    email: \"redaktion@rundbrief.example.org\"\n");
      Files.writeString(ws.configFile(), config);
      copyArticles(ws, clock);
    } catch (IOException e) {
      throw FileAccessException.writing(root, e);
    }
    ctx.info("1. Workspace  " + root);

    Digest issue;
    try (Pipeline pipeline = Pipeline.open(ctx, ws)) {
      Imports imports = pipeline.importInputs(List.of(ws.articles().toString()), List.of());
      ctx.info(
          "2. Imported   "
              + imports.report().size()
              + " articles from "
              + ws.root().relativize(ws.articles()));
      imports.warnings().forEach(ctx::warn);

      issue =
          pipeline
              .build(Config.Period.SINCE_LAST, false, false)
              .digest()
              .orElseThrow(() -> new IllegalStateException("the demo articles gave no issue"));
      ctx.info(
          "3. Built      issue "
              + issue.number()
              + " '"
              + issue.title()
              + "' with "
              + issue.articles().size()
              + " articles in "
              + issue.sections().size()
              + " sections");

      pipeline.publish(
          published -> {
            ctx.info("4. Published  feeds and web archive:");
            for (Path f : published.feeds()) {
              ctx.info("     " + root.relativize(f));
            }
            ctx.info("     " + root.relativize(published.archiveIndex()));
          });

      SubscriberStore subscribers = pipeline.subscribers();
      for (String[] s :
          new String[][] {
            {"anna.mueller@example.org", "Anna Müller"},
            {"jonas.schaefer@example.org", "Jonas Schäfer"},
            {"reader@example.com", ""}
          }) {
        Subscriber sub =
            subscribers.subscribe(
                EmailAddress.parse(s[0]), s[1], Consent.of(clock.instant(), "demo", "demo-1"));
        subscribers.confirm(sub.address());
      }
      DeliveryResult r = pipeline.send(issue).result();
      ctx.info(
          "5. Sent       "
              + r.sent()
              + " messages into "
              + root.relativize(ws.outbox())
              + " (the outbox; no SMTP server configured)");
    }

    ctx.info("");
    ctx.info("Try next:");
    ctx.info(
        "  open "
            + root.resolve("public/archive/" + issue.number() + ".html")
            + "   (the issue as a web page)");
    ctx.info("  ./rundbrief -w " + root + " preview --to anna.mueller@example.org");
    ctx.info("  ./rundbrief -w " + root + " digest show " + issue.number());
    ctx.info("  ./rundbrief -w " + root + " subscribers list");
    ctx.info(
        "  ./rundbrief -w "
            + root
            + " serve   (then http://127.0.0.1:8080/subscribe and /archive/)");
    ctx.info("  edit " + ws.configFile() + " (set mail.smtp.host to send for real)");
    return ExitCode.OK;
  }

  /** Removes an earlier demo workspace; refuses to touch a folder that is not one. */
  private static void prepare(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    if (!Files.exists(root.resolve(MARKER))) {
      boolean empty;
      try (Stream<Path> s = Files.list(root)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        throw FileAccessException.reading(root, e);
      }
      if (!empty) {
        throw new ConfigException(
            root + " exists and is not a demo workspace; choose another folder");
      }
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new FileAccessException(root, "the old demo cannot be removed: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the sample articles. Plain-text articles carry no date, so their file times are set to
   * the last days; the Markdown ones have dates in their front matter.
   */
  private static void copyArticles(Workspace ws, Clock clock) throws IOException {
    int i = 0;
    for (String name : ARTICLES) {
      Path target = ws.articles().resolve(name);
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        Files.copy(in, target);
      }
      Files.setLastModifiedTime(
          target, FileTime.from(clock.instant().minus(Duration.ofHours(6 + 20L * i++))));
    }
  }
}
