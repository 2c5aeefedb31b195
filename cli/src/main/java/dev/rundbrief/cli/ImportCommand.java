package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief import}: articles and feeds into the workspace store. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports articles: plain text, Markdown (with front matter), HTML pages, and RSS/Atom feeds, from files, folders or http(s) URLs.",
      "Prints what happened to each item. Importing the same input again updates the article; nothing is duplicated."
    },
    footer = {
      "",
      "Examples:",
      "  rundbrief import articles/",
      "  rundbrief import ki-news.md https://blog.example.org/feed.xml",
      "  rundbrief import --sources        (the feeds listed under 'sources' in rundbrief.yaml)"
    })
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE|DIR|URL", arity = "0..*", description = "What to import.")
  List<String> inputs = List.of();

  @Option(names = "--sources", description = "Also fetch the configured feed sources.")
  boolean sources;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Context ctx = Context.of(spec);
    if (inputs.isEmpty() && !sources) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "nothing to import: name files, folders or URLs, or use --sources");
    }
    Workspace ws = ctx.workspace();
    Config config = ws.config();
    try (Stores store = Stores.open(ws, config)) {
      Imports imports = new Imports(store, config, ctx.clock());
      run(imports, inputs, sources ? config.sources() : List.of());
      print(ctx, imports, json);
      return imports.anyRejected() ? Main.PARTIAL : Main.OK;
    }
  }

  static void run(Imports imports, List<String> inputs, List<Config.Source> sources) {
    inputs.forEach(imports::importInput);
    sources.forEach(imports::importSource);
  }

  static void print(Context ctx, Imports imports, boolean json) {
    if (json) {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      for (Imports.Item i : imports.report()) {
        arr.addObject()
            .put("input", i.input())
            .put("outcome", i.outcome().name().toLowerCase(java.util.Locale.ROOT))
            .put("title", i.title())
            .put("detail", i.detail());
      }
      ctx.out().println(arr.toPrettyString());
    } else {
      for (Imports.Item i : imports.report()) {
        String what = i.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String line = String.format("%-12s %s", what, i.title().isEmpty() ? i.input() : i.title());
        if (!i.detail().isEmpty()) {
          line += "  (" + i.detail() + ")";
        }
        if (i.outcome() == Imports.Outcome.REJECTED) {
          ctx.err().println(line);
        } else {
          ctx.info(line);
        }
      }
      var counts = new java.util.EnumMap<Imports.Outcome, Integer>(Imports.Outcome.class);
      imports.report().forEach(i -> counts.merge(i.outcome(), 1, Integer::sum));
      ctx.info(
          "Imported "
              + counts.getOrDefault(Imports.Outcome.IMPORTED, 0)
              + ", updated "
              + counts.getOrDefault(Imports.Outcome.UPDATED, 0)
              + ", unchanged "
              + counts.getOrDefault(Imports.Outcome.UNCHANGED, 0)
              + ", rejected "
              + counts.getOrDefault(Imports.Outcome.REJECTED, 0)
              + ".");
    }
    imports.warnings().forEach(ctx::warn);
  }
}
