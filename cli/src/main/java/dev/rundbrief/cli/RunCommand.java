package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.FileAccessException;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rundbrief run}: the cron job. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes whatever is due, and is safe to run every few minutes from cron.",
      "In this order:",
      "  1. imports articles/ and the configured feed sources (conditional GET),",
      "  2. builds the issue when its period is complete and there is something new,",
      "  3. writes the feeds and the web archive,",
      "  4. reads the bounce mailbox when mail.bounce.mailbox is set (bounces fetch),",
      "  5. sends the newest issue unless it was sent completely (an interrupted send",
      "     resumes), and deletes sign-ups left unconfirmed for longer than",
      "     mail.confirmation_expiry_hours.",
      "A lock file makes a second run wait for nothing: it exits at once, with exit code 1 and a warning if the first has been running for more than 6 hours. The lock ends with its process however it ends: a run killed with kill -9 leaves no lock behind."
    },
    footer = {
      "",
      "crontab example:",
      "  */10 * * * *  cd /srv/ki-rundbrief && ./rundbrief run --quiet"
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Context ctx = Context.of(spec);
    Workspace ws = ctx.workspace();
    ws.config(); // a broken configuration is reported before anything else happens
    try {
      Files.createDirectories(ws.privateDir());
    } catch (IOException e) {
      throw FileAccessException.writing(ws.privateDir(), e);
    }
    try (FileChannel channel =
            FileChannel.open(
                ws.lockFile(),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return busy(ctx, ws);
      }
      // The lock is the operating system's: it ends with the process that holds it, however that
      // process ends (kill -9 included), so a lock left by a dead run is taken over here. The
      // holder's process id and start are written for the message a second run prints.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid=" + ProcessHandle.current().pid() + " started=" + ctx.clock().instant() + "\n")
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(false);
      return runLocked(ctx, ws);
    } catch (IOException e) {
      throw new FileAccessException(ws.lockFile(), "cannot be locked: " + e.getMessage(), e);
    }
  }

  /**
   * Another run holds the lock. A run that holds it for longer than {@link #OVERDUE} is reported as
   * a warning with exit code 1 (cron mails it), so that a stuck run cannot go unnoticed.
   */
  private static int busy(Context ctx, Workspace ws) {
    String holder = "";
    Duration held = Duration.ZERO;
    try {
      String text = Files.readString(ws.lockFile(), StandardCharsets.UTF_8).strip();
      Matcher m = HOLDER.matcher(text);
      if (m.matches()) {
        holder = " (process " + m.group(1) + ", started " + m.group(2) + ")";
        held = Duration.between(Instant.parse(m.group(2)), ctx.clock().instant());
      }
    } catch (IOException | DateTimeParseException e) {
      // The holder wrote nothing readable yet; the lock itself is what counts.
    }
    if (held.compareTo(OVERDUE) > 0) {
      ctx.warn(
          "another 'rundbrief run'"
              + holder
              + " has been running for "
              + held.toHours()
              + " h in "
              + ws.root()
              + "; nothing done. If it is stuck, stop that process; the next run resumes its send");
      return ExitCode.PARTIAL;
    }
    ctx.info(
        "Another 'rundbrief run'"
            + holder
            + " is in progress in "
            + ws.root()
            + "; nothing to do.");
    return ExitCode.OK;
  }

  /** How long a run may hold the lock before a second run reports it as stuck. */
  static final Duration OVERDUE = Duration.ofHours(6);

  private static final Pattern HOLDER = Pattern.compile("pid=(\\d+) started=(\\S+)");

  /**
   * Takes every step of the pipeline. Each step runs on its own: a failed build still publishes, a
   * failed publish still sends; any failure makes the exit code 1. A configuration error stops the
   * run (exit 2), since every later step would fail on it too.
   */
  private static int runLocked(Context ctx, Workspace ws) {
    boolean partial = false;
    try (Pipeline pipeline = Pipeline.open(ctx, ws)) {
      Config config = pipeline.config();
      Imports imports = pipeline.importDue();
      pipeline.printImports(imports, false);
      partial |= imports.anyRejected();

      try {
        Issues.Plan plan = pipeline.build(config.digest().period(), false, false);
        pipeline.printBuild(plan, false);
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        ctx.err().println("error: building the issue failed: " + Imports.reason(e));
        partial = true;
      }

      try {
        pipeline.publish(
            r ->
                ctx.info(
                    "Feeds: "
                        + Words.count(r.written().size(), "file")
                        + " written, the rest unchanged."));
        partial |= pipeline.leftOutArticles();
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        ctx.err().println("error: publishing failed: " + Imports.reason(e));
        partial = true;
      }

      SubscriberStore subscribers = pipeline.subscribers();
      // Double opt-in: sign-ups never confirmed are deleted after the configured time.
      int expired = subscribers.purgeUnconfirmed(config.mail().confirmationExpiry());
      if (expired > 0) {
        ctx.info(
            "Removed "
                + Words.count(expired, "unconfirmed sign-up")
                + " older than "
                + config.mail().confirmationExpiry().toHours()
                + " h.");
      }
      if (config.bounces().mailbox().isPresent()) {
        // Bounces first, so that the send below skips the addresses they retire.
        try {
          BounceProcessing bounces = new BounceProcessing(ctx, config, subscribers, false, false);
          bounces.fetch(config.bounces().mailbox().get());
          partial |= bounces.finish() != ExitCode.OK;
        } catch (RundbriefException e) {
          ctx.warn(e.getMessage());
          partial = true;
        }
      }
      Optional<Digest> latest = pipeline.latestIssue();
      if (latest.isPresent() && pipeline.sent(latest.get())) {
        ctx.info("Issue " + latest.get().number() + " was sent already.");
      } else if (latest.isPresent()) {
        Sending.Report r = pipeline.send(latest.get());
        pipeline.printSend(r, latest.get(), false);
        partial |= Sending.exitCode(r) != ExitCode.OK;
      }
    }
    return partial ? ExitCode.PARTIAL : ExitCode.OK;
  }
}
