package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.bounce.BounceClassifier;
import dev.rundbrief.mail.bounce.BounceDecision;
import dev.rundbrief.mail.bounce.BounceMailbox;
import dev.rundbrief.mail.bounce.BounceMessage;
import dev.rundbrief.mail.bounce.MailboxSettings;
import dev.rundbrief.mail.bounce.VerpAddresses;
import dev.rundbrief.mail.bounce.VerpToken;
import dev.rundbrief.store.BounceAction;
import dev.rundbrief.store.BounceLog;
import dev.rundbrief.store.BounceOutcome;
import dev.rundbrief.store.BouncePolicy;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies bounce messages and acts on them: shared by {@code bounces import}, {@code bounces
 * fetch} and {@code run}. Prints one line per message (human, or the JSON line of
 * docs/delivery.md).
 */
final class BounceProcessing {
  private final Context ctx;
  private final BounceLog log;
  private final BounceClassifier classifier;
  private final BouncePolicy policy;
  private final boolean dryRun;
  private final boolean json;
  private final Map<BounceAction, Integer> actions = new EnumMap<>(BounceAction.class);
  private int problems;
  private int skipped;

  BounceProcessing(
      Context ctx, Config config, SubscriberStore store, boolean dryRun, boolean json) {
    this.ctx = ctx;
    this.log = store.bounceLog();
    Optional<VerpAddresses> verp = Mailing.verp(ctx.workspace(), config);
    this.classifier =
        verp.map(v -> BounceClassifier.withVerp(v, log::address))
            .orElseGet(BounceClassifier::withoutVerp);
    Config.Bounces b = config.bounces();
    this.policy =
        new BouncePolicy(
            b.softLimit(), Duration.ofDays(b.softDays()), verp.isPresent(), Sending.issueId(""));
    this.dryRun = dryRun;
    this.json = json;
  }

  /** Classifies, records and acts on one message; true when it is processed (now or before). */
  boolean handle(BounceMessage m) {
    BounceDecision d = classifier.classify(m.bytes());
    BounceOutcome o = log.process(m, d, policy, dryRun);
    actions.merge(o.action(), 1, Integer::sum);
    if (d.skipped() && o.action() != BounceAction.ALREADY_SEEN) {
      skipped++;
    }
    if (json) {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("id", m.id());
      n.put("recipient", d.recipient());
      n.put("kind", d.kind().label());
      n.put("status", d.status());
      n.put("diagnostic", d.diagnostic());
      n.put("reason", d.reason());
      n.put("sender_warning", d.senderWarning());
      n.put("verp", d.verp().label());
      if (d.verp().state() == VerpToken.State.VALID) {
        n.put("subscriber", d.verp().subscriberId());
        n.put("issue", d.verp().issue());
      }
      n.put("action", o.action().label());
      n.put("detail", o.detail());
      n.put("dry_run", dryRun);
      n.put("skipped", d.skipped());
      ctx.out().println(n.toString());
    } else if (o.action() != BounceAction.ALREADY_SEEN || ctx.verbose()) {
      ctx.info(
          m.id()
              + ": "
              + d.kind().label()
              + (d.recipient().isEmpty() ? "" : " " + d.recipient())
              + (d.status().isEmpty() ? "" : " " + d.status())
              + " -> "
              + o.action().label()
              + (o.address().isEmpty() ? "" : " " + o.address())
              + ": "
              + o.detail());
    }
    if (d.senderWarning()) {
      ctx.warn(
          m.id()
              + ": the receiving server refused the sender, not the reader: "
              + (d.diagnostic().isEmpty() ? d.reason() : d.diagnostic())
              + " (check SPF, DKIM, DMARC, the sending IP's reputation and the content)");
    }
    if (o.action() == BounceAction.FORGED) {
      ctx.warn(m.id() + ": forged VERP token, nothing changed");
    }
    return true;
  }

  void problem(String line) {
    problems++;
    ctx.err().println(line);
  }

  /** Reads the configured mailbox; the password comes from the environment or a file. */
  void fetch(Config.BounceMailbox mb) {
    MailboxSettings settings =
        new MailboxSettings(
            mb.protocol(),
            mb.host(),
            mb.port(),
            mb.user(),
            password(mb),
            mb.folder(),
            dryRun ? MailboxSettings.After.KEEP : mb.after(),
            mb.moveTo(),
            mb.trustAll());
    BounceMailbox.FetchReport r = BounceMailbox.fetch(settings, this::handle);
    r.problems().forEach(this::problem);
    if (!json) {
      ctx.info("Bounce mailbox " + settings + ": " + Words.count(r.read(), "message") + " read.");
    }
  }

  private static String password(Config.BounceMailbox mb) {
    if (mb.passwordFile().isPresent()) {
      try {
        return Files.readString(mb.passwordFile().get(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException(
            "bounce mailbox password file '"
                + mb.passwordFile().get()
                + "' cannot be read: "
                + e.getMessage());
      }
    }
    String variable = mb.passwordEnv().orElse("RUNDBRIEF_BOUNCE_PASSWORD");
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new ConfigException(
          "the bounce mailbox password is not set: export "
              + variable
              + " or set mail.bounce.mailbox.password_file");
    }
    return value;
  }

  /** Prints the summary line; returns the exit code. */
  int finish() {
    if (!json) {
      StringBuilder b = new StringBuilder(dryRun ? "Dry run, nothing changed: " : "Bounces: ");
      if (actions.isEmpty()) {
        b.append("no messages");
      }
      String sep = "";
      for (Map.Entry<BounceAction, Integer> e : actions.entrySet()) {
        b.append(sep).append(e.getValue()).append(' ').append(e.getKey().label());
        sep = ", ";
      }
      if (skipped > 0) {
        b.append(" (")
            .append(skipped)
            .append(" skipped unread: refused for their structure or over the time budget)");
      }
      ctx.info(b + ".");
    }
    return problems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  }

  static RundbriefException notConfigured() {
    return new ConfigException(
        "no bounce mailbox configured: set mail.bounce.mailbox.host (and user, password_env) in"
            + " rundbrief.yaml, or use 'rundbrief bounces import FILE|DIR'");
  }
}
