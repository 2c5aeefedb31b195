package dev.rundbrief.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief init [DIR]}: a new workspace. */
@Command(
    name = "init",
    description = {
      "Creates a workspace: rundbrief.yaml with every setting commented, articles/, templates/ (for optional overrides), public/, outbox/ and the SQLite store."
    },
    footer = {
      "",
      "Examples:",
      "  rundbrief init ki-news --title 'KI-Rundbrief' --site https://ki.example.org/",
      "  rundbrief init . --language en"
    },
    mixinStandardHelpOptions = true)
final class InitCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "Folder to create (default: the --workspace folder).")
  Path dir;

  @Option(names = "--title", defaultValue = "Mein Rundbrief", description = "Publication title.")
  String title;

  @Option(names = "--site", defaultValue = "https://example.org/", description = "Site URL.")
  String site;

  @Option(names = "--language", defaultValue = "de", description = "Language: de, en, ...")
  String language;

  @Option(
      names = "--from",
      defaultValue = "newsletter@example.org",
      description = "Sender address.")
  String from;

  @Override
  public Integer call() {
    Path target = dir != null ? dir : GlobalOptions.of(spec).workspace;
    String siteUrl = site.endsWith("/") ? site : site + "/";
    Map<String, String> values = new LinkedHashMap<>();
    values.put("title", title);
    values.put("description", "de".equals(language) ? "Neuigkeiten, kuratiert." : "News, curated.");
    values.put("site_url", siteUrl);
    values.put("public_url", siteUrl);
    values.put("language", language);
    values.put("from", from);
    Workspace ws = Workspace.create(target, values);
    // Validate what we wrote, so a bad --site or --language fails here and not later.
    Config config = ws.config();
    Stores.open(ws, config).close();
    var out = spec.commandLine().getOut();
    out.println("Created workspace " + ws.root());
    out.println("  config:   " + ws.configFile() + "  (fill in legal_notice before sending)");
    out.println("  articles: " + ws.articles());
    out.println(
        "Next: put articles into articles/ and run 'rundbrief -w "
            + ws.root()
            + " import articles'");
    return ExitCode.OK;
  }
}
