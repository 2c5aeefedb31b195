package dev.rundbrief.cli;

import dev.rundbrief.core.Article;
import java.nio.file.Path;
import java.util.List;
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
    Workspace ws = ctx.workspace();
    Config config = ws.config();
    try (Stores store = Stores.open(ws, config)) {
      List<Article> articles = store.articles();
      store.unreadableArticles().forEach(ctx::warn);
      Publishing.Result r = Publishing.publish(ws, config, articles, store.issues(), ctx.clock());
      for (Path f : r.feeds()) {
        ctx.info((r.written().contains(f) ? "wrote     " : "unchanged ") + ws.root().relativize(f));
      }
      ctx.info("archive   " + ws.root().relativize(r.archiveIndex()));
      HubPing.afterPublish(ws, config, r, ctx);
      return store.unreadableArticles().isEmpty() ? Main.OK : Main.PARTIAL;
    }
  }
}
