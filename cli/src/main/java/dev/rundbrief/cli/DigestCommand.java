package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.Section;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief digest build|list|show}. */
@Command(
    name = "digest",
    mixinStandardHelpOptions = true,
    description = "Builds, lists and shows issues.",
    subcommands = {
      DigestCommand.Build.class,
      DigestCommand.ListIssues.class,
      DigestCommand.Show.class
    })
final class DigestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Builds and stores the next issue from the imported articles.",
        "By default it covers the last complete period (the week before this one for weekly issues); an article that an earlier issue carried is not offered again. With nothing new, no issue is built."
      },
      footer = {
        "",
        "Examples:",
        "  rundbrief digest build",
        "  rundbrief digest build --period since-last --dry-run",
        "  rundbrief digest build --period weekly --current   (this week so far)"
      })
  static final class Build implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--period",
        paramLabel = "PERIOD",
        description =
            "daily, weekly, monthly or since-last (default: the period set in rundbrief.yaml).")
    String period;

    @Option(
        names = "--current",
        description = "Cover the period that contains now, not the last complete one.")
    boolean current;

    @Option(names = "--dry-run", description = "Show what the issue would hold; store nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the issue as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      Workspace ws = ctx.workspace();
      Config config = ws.config();
      Config.Period p =
          period == null
              ? config.digest().period()
              : Choices.parse(Config.Period.class, period)
                  .orElseThrow(
                      () ->
                          new picocli.CommandLine.ParameterException(
                              spec.commandLine(),
                              "--period must be "
                                  + Choices.alternatives(Config.Period.class)
                                  + ", not '"
                                  + period
                                  + "'"));
      try (Pipeline pipeline = Pipeline.open(ctx)) {
        Issues.Plan plan = pipeline.build(p, current, dryRun);
        pipeline.printBuild(plan, dryRun);
        if (plan.digest().isPresent()) {
          Mailing.preflight(ctx, ws, config, plan.digest().get());
        }
        if (json && plan.digest().isPresent()) {
          ctx.out().println(Json.digest(plan.digest().get()).toPrettyString());
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the issues built so far.")
  static final class ListIssues implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      try (Pipeline pipeline = Pipeline.open(ctx)) {
        List<Digest> issues = pipeline.store().issues();
        if (json) {
          ArrayNode arr = Json.MAPPER.createArrayNode();
          for (Digest d : issues) {
            arr.addObject()
                .put("number", d.number())
                .put("title", d.title())
                .put("period_start", d.period().start().toString())
                .put("period_end", d.period().end().toString())
                .put("articles", d.articles().size())
                .put("created", d.created().toString());
          }
          ctx.out().println(arr.toPrettyString());
        } else if (issues.isEmpty()) {
          ctx.out().println("No issues yet. Run 'rundbrief digest build'.");
        } else {
          for (Digest d : issues) {
            ctx.out()
                .printf(
                    "%4d  %-40s %s  %d articles%n",
                    d.number(), d.title(), date(d), d.articles().size());
          }
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one issue: sections, titles and links.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "N", description = "The issue number.")
    int number;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      try (Pipeline pipeline = Pipeline.open(ctx)) {
        Digest d = pipeline.issue(number);
        IssueCounts counts = IssueCounts.of(pipeline.subscribers(), d.number());
        if (json) {
          var n = Json.digest(d);
          n.set("delivery", counts.json());
          ctx.out().println(n.toPrettyString());
          return ExitCode.OK;
        }
        ctx.out().println(d.title() + "  (issue " + d.number() + ", " + date(d) + ")");
        ctx.out().println(counts.line());
        if (!d.intro().isEmpty()) {
          ctx.out().println(d.intro());
        }
        for (Section s : d.sections()) {
          ctx.out().println();
          ctx.out().println(s.title().isEmpty() ? "—" : s.title());
          for (Article a : s.articles()) {
            ctx.out().println("  - " + a.title() + a.link().map(l -> "\n    " + l).orElse(""));
          }
        }
        return ExitCode.OK;
      }
    }
  }

  static String date(Digest d) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
        .withLocale(d.language() == null ? Locale.GERMANY : d.language())
        .format(d.created().atZone(d.period().zone()));
  }
}
