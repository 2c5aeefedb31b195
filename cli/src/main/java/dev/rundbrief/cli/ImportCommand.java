package dev.rundbrief.cli;

import dev.rundbrief.core.FileAccessException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
    inputs.forEach(ImportCommand::requireReadable);
    try (Pipeline pipeline = Pipeline.open(ctx)) {
      Imports imports =
          pipeline.importInputs(inputs, sources ? pipeline.config().sources() : List.of());
      pipeline.printImports(imports, json);
      return imports.anyRejected() ? ExitCode.PARTIAL : ExitCode.OK;
    }
  }

  /**
   * A file or folder named on the command line must be there: a typo is reported before anything is
   * imported (exit 2), like any other mistake in the command line. A file inside a named folder
   * that cannot be read is one rejected item instead, and the others are imported.
   */
  private static void requireReadable(String input) {
    if (input.startsWith("http://") || input.startsWith("https://")) {
      return;
    }
    Path path;
    try {
      path = Path.of(input);
    } catch (InvalidPathException e) {
      return; // reported as a rejected item, with the reason
    }
    if (!Files.exists(path)) {
      throw FileAccessException.missing(path);
    }
    if (!Files.isReadable(path)) {
      throw new FileAccessException(path, "cannot be read: permission denied", null);
    }
  }
}
