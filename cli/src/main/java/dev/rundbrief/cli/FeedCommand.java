package dev.rundbrief.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rundbrief feed}. */
@Command(
    name = "feed",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the articles feed and the digests feed, each as RSS 2.0, Atom 1.0 and JSON Feed 1.1, with archive pages (RFC 5005), and the web archive of issues, into public/.",
      "Files whose content did not change are left untouched."
    },
    footer = {"", "Example:", "  rundbrief feed && rsync -a public/ web:/srv/www/"})
final class FeedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Context ctx = Context.of(spec);
    try (Pipeline pipeline = Pipeline.open(ctx)) {
      Path root = pipeline.workspace().root();
      pipeline.publish(
          r -> {
            for (Path f : r.feeds()) {
              ctx.info(
                  (r.written().contains(f) ? "wrote     " : "unchanged ") + root.relativize(f));
            }
            ctx.info("archive   " + root.relativize(r.archiveIndex()));
          });
      return pipeline.leftOutArticles() ? ExitCode.PARTIAL : ExitCode.OK;
    }
  }
}
