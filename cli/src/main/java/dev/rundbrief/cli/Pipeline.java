package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.DigestOutcome;
import dev.rundbrief.core.Omission;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.core.Section;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.store.SubscriberStore;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The way from articles to readers, one step at a time, each step in one place: import, build the
 * issue that is due, publish the feeds and the web archive, send the issue.
 *
 * <p>{@code import}, {@code digest build}, {@code feed}, {@code send} and {@code preview} take one
 * step each; {@code run} and {@code demo} take them all in turn. A pipeline opens the workspace's
 * store once, and its subscriber list on first use; closing it closes both.
 */
final class Pipeline implements AutoCloseable {
  private final Context ctx;
  private final Workspace ws;
  private final Config config;
  private final Stores store;
  private SubscriberStore subscribers;

  private Pipeline(Context ctx, Workspace ws, Config config, Stores store) {
    this.ctx = ctx;
    this.ws = ws;
    this.config = config;
    this.store = store;
  }

  /** The pipeline of the {@code --workspace} workspace. */
  static Pipeline open(Context ctx) {
    return open(ctx, ctx.workspace());
  }

  /** The pipeline of a given workspace (the one {@code demo} creates). */
  static Pipeline open(Context ctx, Workspace ws) {
    Config config = ws.config();
    return new Pipeline(ctx, ws, config, Stores.open(ws, config));
  }

  Workspace workspace() {
    return ws;
  }

  Config config() {
    return config;
  }

  Stores store() {
    return store;
  }

  /** The subscriber list and delivery journal, opened on first use. */
  SubscriberStore subscribers() {
    if (subscribers == null) {
      subscribers = StoreAccess.of(config.store()).subscribers(ctx.clock());
    }
    return subscribers;
  }

  // --- 1. import

  /**
   * Imports files, folders and URLs, then fetches the feed sources; one bad input is reported and
   * never stops the others.
   */
  Imports importInputs(List<String> inputs, List<Config.Source> sources) {
    Imports imports = new Imports(store, config, ctx.clock());
    inputs.forEach(imports::importInput);
    sources.forEach(imports::importSource);
    return imports;
  }

  /** Imports what is due: the workspace's {@code articles/} and every configured feed source. */
  Imports importDue() {
    return importInputs(
        Files.isDirectory(ws.articles()) ? List.of(ws.articles().toString()) : List.of(),
        config.sources());
  }

  /** Prints the import report: a line per item (rejections on the error stream), then counts. */
  void printImports(Imports imports, boolean json) {
    if (json) {
      ArrayNode arr = Json.MAPPER.createArrayNode();
      for (Imports.Item i : imports.report()) {
        arr.addObject()
            .put("input", i.input())
            .put("outcome", i.outcome().name().toLowerCase(Locale.ROOT))
            .put("title", i.title())
            .put("detail", i.detail());
      }
      ctx.out().println(arr.toPrettyString());
    } else {
      for (Imports.Item i : imports.report()) {
        String what = i.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
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
      var counts = new EnumMap<Imports.Outcome, Integer>(Imports.Outcome.class);
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

  // --- 2. build

  /**
   * Plans the issue of the period and stores it when it is new, unless {@code dryRun}.
   *
   * @param current for calendar periods: the period that contains now, ending now, not the last
   *     complete one
   */
  Issues.Plan build(Config.Period period, boolean current, boolean dryRun) {
    Issues.Plan plan = Issues.plan(config, store, period, current, ctx.clock());
    if (plan.isNew() && !dryRun) {
      store.saveIssue(plan.digest().get());
    }
    return plan;
  }

  /**
   * Prints what a build gave: the issue with its sections and titles, or why there is none, with
   * how many stored articles were left out and why; every time in the workspace's zone.
   */
  void printBuild(Issues.Plan plan, boolean dryRun) {
    ZoneId zone = config.publication().timeZone();
    switch (plan.status()) {
      case NEW -> printIssue(plan.digest().get(), dryRun);
      case ALREADY_BUILT -> {
        Digest d = plan.latest().get();
        ctx.info(
            "Issue "
                + d.number()
                + " '"
                + d.title()
                + "' already covers this period; nothing to build. "
                + waiting(plan));
      }
      case CLOCK_BEHIND -> {
        Digest d = plan.latest().get();
        ctx.warn(
            "no issue: the clock ("
                + Times.format(plan.now(), zone)
                + ") is before the end of issue "
                + d.number()
                + " ("
                + Times.format(plan.latestEnd().get(), zone)
                + "); check the system clock. "
                + waiting(plan));
      }
      case NOTHING_NEW -> {
        String since =
            plan.latest()
                .map(
                    d ->
                        " since issue "
                            + d.number()
                            + " ("
                            + Times.format(plan.latestEnd().get(), zone)
                            + ")")
                .orElse("");
        ctx.info("No issue: nothing new" + since + ". " + leftOut(plan));
      }
    }
    plan.outcome().ifPresent(this::printOmissions);
  }

  private void printIssue(Digest d, boolean dryRun) {
    ctx.info(
        (dryRun ? "Would build" : "Built")
            + " issue "
            + d.number()
            + " '"
            + d.title()
            + "': "
            + Words.count(d.articles().size(), "article")
            + " in "
            + Words.count(d.sections().size(), "section")
            + ".");
    for (Section s : d.sections()) {
      ctx.info("  " + (s.title().isEmpty() ? "(one section)" : s.title()));
      for (Article a : s.articles()) {
        ctx.info("    - " + a.title());
      }
    }
  }

  private void printOmissions(DigestOutcome outcome) {
    int cut =
        outcome.omissions(Omission.Reason.OVER_SECTION_LIMIT).size()
            + outcome.omissions(Omission.Reason.OVER_TOTAL_LIMIT).size();
    if (cut > 0) {
      ctx.warn(
          Words.count(cut, "article")
              + " cut by the limits (max_per_section, max_total) "
              + (cut == 1 ? "waits" : "wait")
              + " for the next issue; see --verbose");
    }
    if (ctx.verbose()) {
      outcome.omissions().forEach(o -> ctx.out().println("  left out: " + o));
    }
  }

  /** "2 stored articles wait for the next issue.", or nothing when none waits. */
  private static String waiting(Issues.Plan plan) {
    int n = plan.waiting();
    return n == 0
        ? ""
        : Words.count(n, "stored article") + (n == 1 ? " waits" : " wait") + " for the next issue.";
  }

  /** How the stored articles were accounted for when nothing new was found. */
  private static String leftOut(Issues.Plan plan) {
    Map<String, Integer> reasons = new TreeMap<>();
    plan.outcome()
        .ifPresent(
            o -> o.omissions().forEach(m -> reasons.merge(reason(m.reason()), 1, Integer::sum)));
    int stored = plan.carried() + plan.waiting();
    StringBuilder line =
        new StringBuilder()
            .append("Of ")
            .append(Words.count(stored, "stored article"))
            .append(", ")
            .append(plan.carried())
            .append(plan.carried() == 1 ? " is" : " are")
            .append(" in earlier issues");
    reasons.forEach((why, n) -> line.append(", ").append(n).append(" ").append(why));
    int unexplained = plan.waiting() - reasons.values().stream().mapToInt(Integer::intValue).sum();
    if (unexplained > 0) {
      line.append(", ").append(unexplained).append(unexplained == 1 ? " waits" : " wait");
    }
    return line.append(".").toString();
  }

  private static String reason(Omission.Reason reason) {
    return switch (reason) {
      case OUTSIDE_WINDOW -> "dated outside the period";
      case UNDATED -> "undated";
      case EXCLUDED_TAG -> "left out by exclude_tags";
      case NOT_INCLUDED_TAG -> "left out by include_tags";
      case DUPLICATE_ID, DUPLICATE_URL, DUPLICATE_TITLE -> "duplicates of another article";
      case OVER_SECTION_LIMIT, OVER_TOTAL_LIMIT -> "cut by the limits";
    };
  }

  // --- 3. publish

  /**
   * Writes the feeds and the web archive from every stored article and issue (an article that
   * cannot be read back is left out with a warning), hands the result to {@code report}, then pings
   * the WebSub hub when one is configured and something changed.
   */
  Publishing.Result publish(Consumer<Publishing.Result> report) {
    List<Article> articles = store.articles();
    store.unreadableArticles().forEach(ctx::warn);
    Publishing.Result r = Publishing.publish(ws, config, articles, store.issues(), ctx.clock());
    report.accept(r);
    HubPing.afterPublish(ws, config, r, ctx);
    return r;
  }

  /** Whether the last {@link #publish} had to leave out stored articles it could not read. */
  boolean leftOutArticles() {
    return !store.unreadableArticles().isEmpty();
  }

  // --- 4. send

  /** Issue {@code number}, or the newest when {@code number} is null. */
  Digest issue(Integer number) {
    if (number == null) {
      return store
          .latestIssue()
          .orElseThrow(
              () ->
                  new ConfigException("there is no issue yet; run 'rundbrief digest build' first"));
    }
    return store
        .issue(number)
        .orElseThrow(
            () ->
                new ConfigException(
                    "there is no issue " + number + "; see 'rundbrief digest list'"));
  }

  /** The newest issue, if there is one. */
  Optional<Digest> latestIssue() {
    return store.latestIssue();
  }

  /** Whether the journal shows the issue as completely sent. */
  boolean sent(Digest digest) {
    return Sending.finished(subscribers(), digest);
  }

  /**
   * Sends the issue to every active subscriber, resuming an interrupted send; see {@link
   * Sending#send}.
   */
  Sending.Report send(Digest digest) {
    return Sending.send(ctx, ws, config, subscribers(), digest);
  }

  /** Sends the issue to one address only; the journal is not touched. */
  Sending.Report sendTest(Digest digest, EmailAddress to) {
    return Sending.sendTest(ctx, ws, config, digest, to);
  }

  /** Prints the report of a test send, which has no totals. */
  void printTestSend(Sending.Report report, boolean json) {
    printSend(report, (IssueCounts) null, json);
  }

  /** Prints a send's report with the issue's totals. */
  void printSend(Sending.Report report, Digest digest, boolean json) {
    IssueCounts totals;
    try {
      totals = IssueCounts.of(subscribers(), digest.number());
    } catch (RundbriefException e) {
      if (report.stopped().isEmpty()) {
        throw e;
      }
      // A send stopped by a database that stopped answering: this run's counts without totals.
      totals = null;
    }
    printSend(report, totals, json);
  }

  /**
   * Prints the report: this run's counts, the issue's totals including bounces and complaints
   * ({@code null} for a test send, which has none), the rejected recipients with their replies, and
   * what to do.
   */
  private void printSend(Sending.Report report, IssueCounts totals, boolean json) {
    DeliveryResult r = report.result();
    if (json) {
      var node =
          Json.MAPPER
              .createObjectNode()
              .put("issue", r.issueId())
              .put("sent", r.sent())
              .put("deferred", r.deferred())
              .put("failed", r.failed())
              .put("skipped", r.skipped())
              .put("elapsed_ms", r.elapsed().toMillis())
              .put("rate_per_second", Math.round(r.rate() * 10) / 10.0);
      report.stopped().ifPresent(m -> node.put("stopped", m));
      if (totals != null) {
        node.set("totals", totals.json());
      }
      var rejected = node.putArray("rejected");
      for (DeliveryRecord f : report.rejected()) {
        rejected
            .addObject()
            .put("address", f.address().value())
            .put("reply_code", f.replyCode())
            .put("reply", f.reply());
      }
      ctx.out().println(node.toPrettyString());
      return;
    }
    ctx.info(
        String.format(
            Locale.ROOT,
            "Sent %d, deferred %d, failed %d, skipped %d (already done) in %.1f s (%.0f msg/s).",
            r.sent(),
            r.deferred(),
            r.failed(),
            r.skipped(),
            r.elapsed().toMillis() / 1000.0,
            r.rate()));
    if (totals != null) {
      ctx.info("Issue totals. " + totals.line());
    }
    if (r.deferred() > 0) {
      ctx.warn(
          Words.count(r.deferred(), "recipient")
              + " deferred after temporary errors; run 'rundbrief send' again to"
              + " retry them");
    }
    if (!report.rejected().isEmpty()) {
      List<DeliveryRecord> rejected = report.rejected();
      ctx.warn(
          Words.count(rejected.size(), "recipient")
              + " of this issue rejected permanently by the server; they are not"
              + " retried for it, and a subscriber rejected "
              + Mailing.BOUNCE_THRESHOLD
              + " times is set to 'bounced' (see 'rundbrief subscribers list --state bounced'):");
      int shown = Math.min(rejected.size(), MAX_LISTED);
      for (DeliveryRecord f : rejected.subList(0, shown)) {
        ctx.err().println("  " + f.address().value() + "  " + f.reply());
      }
      if (rejected.size() > shown) {
        ctx.err()
            .println(
                "  ... and "
                    + (rejected.size() - shown)
                    + " more: 'rundbrief send --json' or 'rundbrief send --dry-run' lists them all");
      }
    }
  }

  /** Rejected recipients listed in the text output; {@code --json} lists all. */
  private static final int MAX_LISTED = 20;

  @Override
  public void close() {
    try {
      if (subscribers != null) {
        subscribers.close();
      }
    } finally {
      store.close();
    }
  }
}
