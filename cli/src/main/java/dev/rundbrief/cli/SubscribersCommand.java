package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.store.BounceRecord;
import dev.rundbrief.store.CsvImportReport;
import dev.rundbrief.store.SubscriberCsv;
import dev.rundbrief.store.SubscriberStore;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief subscribers add|import|export|list|remove|confirm}. */
@Command(
    name = "subscribers",
    mixinStandardHelpOptions = true,
    description =
        "Manages the subscriber list (double opt-in: new addresses are pending until confirmed).",
    subcommands = {
      SubscribersCommand.Add.class,
      SubscribersCommand.Import.class,
      SubscribersCommand.Export.class,
      SubscribersCommand.ListAll.class,
      SubscribersCommand.Remove.class,
      SubscribersCommand.Confirm.class,
      SubscribersCommand.Show.class
    })
final class SubscribersCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The consent text version recorded for sign-ups made through the command line. */
  static final String CLI_CONSENT_VERSION = "editor-entry";

  static EmailAddress address(CommandSpec spec, String input) {
    try {
      return EmailAddress.parse(input);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a subscriber as pending.",
        "Use --confirmed only when the person has confirmed elsewhere (double opt-in); the consent record notes that an editor entered it."
      },
      footer = {
        "",
        "Example:",
        "  rundbrief subscribers add anna@example.org --name 'Anna Müller' --confirmed"
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Option(names = "--name", description = "Display name.")
    String name = "";

    @Option(names = "--confirmed", description = "The person already confirmed the subscription.")
    boolean confirmed;

    @Option(names = "--source", description = "Where the consent came from (default: cli).")
    String source = "cli";

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      EmailAddress a = address(spec, address);
      try (SubscriberStore store = ctx.subscribers()) {
        Subscriber s =
            store.subscribe(
                a, name, Consent.of(ctx.clock().instant(), source, CLI_CONSENT_VERSION));
        if (confirmed && s.state() == SubscriberState.PENDING) {
          s = store.confirm(s.address()).orElse(s);
        }
        ctx.info(s.address() + ": " + s.state().label());
        if (s.state() == SubscriberState.PENDING) {
          ctx.info(
              "  Confirm with 'rundbrief subscribers confirm "
                  + s.address()
                  + "' once the person has confirmed.");
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Imports subscribers from CSV (header with an 'email' column; optional name, state, subscribed_at, source, consent_version, confirmed_at, ip).",
        "Rejected lines are listed with their number and reason; the rest is imported in one transaction."
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new RundbriefException(file + ": no such file");
      } catch (IOException e) {
        throw new RundbriefException(file + ": cannot be read as UTF-8: " + e.getMessage(), e);
      }
      try (SubscriberStore store = ctx.subscribers();
          Reader in = new StringReader(text)) {
        CsvImportReport r = SubscriberCsv.importCsv(store, in, file.getFileName().toString());
        ctx.info(
            "Added "
                + r.added()
                + ", merged "
                + r.merged()
                + ", kept unsubscribed "
                + r.keptUnsubscribed()
                + ", rejected "
                + r.rejected().size()
                + ".");
        r.rejected()
            .forEach(l -> ctx.err().println(file + " line " + l.line() + ": " + l.reason()));
        return r.rejected().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
      } catch (IOException e) {
        throw new RundbriefException(file + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Writes every subscriber as CSV (to FILE, or standard output).")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1")
    Path file;

    @Override
    public Integer call() throws IOException {
      Context ctx = Context.of(spec);
      try (SubscriberStore store = ctx.subscribers()) {
        if (file == null) {
          StringWriter w = new StringWriter();
          SubscriberCsv.exportCsv(store, w);
          ctx.out().print(w);
          ctx.out().flush();
        } else {
          try (Writer w =
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)) {
            SubscriberCsv.exportCsv(store, w);
          }
          ctx.info("wrote " + file);
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists subscribers with their state.")
  static final class ListAll implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        description = "Only this state: pending, active, unsubscribed, bounced.")
    String state;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      SubscriberState only;
      try {
        only = state == null ? null : SubscriberState.parse(state);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--state: " + e.getMessage());
      }
      try (SubscriberStore store = ctx.subscribers()) {
        List<Subscriber> all = store.list(only);
        if (json) {
          ArrayNode arr = Json.MAPPER.createArrayNode();
          for (Subscriber s : all) {
            var o =
                arr.addObject()
                    .put("email", s.address().value())
                    .put("name", s.name())
                    .put("state", s.state().label());
            o.put("subscribed_at", s.consent().subscribedAt().toString());
            s.consent().confirmation().ifPresent(c -> o.put("confirmed_at", c.toString()));
          }
          ctx.out().println(arr.toPrettyString());
        } else {
          for (Subscriber s : all) {
            ctx.out()
                .printf(
                    "%-13s %s%s%n",
                    s.state().label(),
                    s.address(),
                    s.name().isEmpty() ? "" : "  (" + s.name() + ")");
          }
          store.countByState().forEach((k, v) -> ctx.info("# " + k.label() + ": " + v));
        }
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description =
          "Unsubscribes an address at once (kept as unsubscribed, so an import cannot add it back).")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      EmailAddress a = address(spec, address);
      try (SubscriberStore store = ctx.subscribers()) {
        if (!store.unsubscribe(a)) {
          throw new ConfigException(a + " is not a subscriber");
        }
        ctx.info(a + ": unsubscribed");
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "confirm",
      mixinStandardHelpOptions = true,
      description = "Marks a pending subscriber as confirmed (double opt-in done).")
  static final class Confirm implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      EmailAddress a = address(spec, address);
      try (SubscriberStore store = ctx.subscribers()) {
        Subscriber s =
            store.find(a).orElseThrow(() -> new ConfigException(a + " is not a subscriber"));
        Subscriber c =
            store
                .confirm(s.address())
                .orElseThrow(
                    () ->
                        new ConfigException(
                            a + " cannot be confirmed (state " + s.state().label() + ")"));
        ctx.info(c.address() + ": " + c.state().label());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Shows one subscriber with its consent, delivery and bounce history.",
        "The state, the consent record, every delivery of the journal, and every bounce, complaint or auto-reply recorded for the address, with what was done and why."
      })
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      EmailAddress a = address(spec, address);
      try (SubscriberStore store = ctx.subscribers()) {
        Subscriber s =
            store.find(a).orElseThrow(() -> new ConfigException(a + " is not a subscriber"));
        List<DeliveryRecord> deliveries = store.journal().deliveries(a);
        List<BounceRecord> bounces = store.bounceLog().history(a);
        Consent c = s.consent();
        if (json) {
          var o =
              Json.MAPPER
                  .createObjectNode()
                  .put("email", s.address().value())
                  .put("name", s.name())
                  .put("state", s.state().label());
          var consent =
              o.putObject("consent")
                  .put("subscribed_at", c.subscribedAt().toString())
                  .put("source", c.source())
                  .put("consent_version", c.consentTextVersion())
                  .put("ip", c.ip());
          c.confirmation().ifPresent(t -> consent.put("confirmed_at", t.toString()));
          s.unsubscription().ifPresent(t -> o.put("unsubscribed_at", t.toString()));
          ArrayNode d = o.putArray("deliveries");
          for (DeliveryRecord r : deliveries) {
            d.addObject()
                .put("issue", r.issueId())
                .put("state", r.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("attempts", r.attempts())
                .put("reply", r.reply())
                .put("at", r.updatedAt().toString());
          }
          ArrayNode b = o.putArray("bounces");
          for (BounceRecord r : bounces) {
            b.addObject()
                .put("at", r.receivedAt().toString())
                .put("source", r.source())
                .put("kind", r.kind())
                .put("issue", r.issue())
                .put("status", r.status())
                .put("diagnostic", r.diagnostic())
                .put("reason", r.reason())
                .put("action", r.action())
                .put("detail", r.actionReason());
          }
          ctx.out().println(o.toPrettyString());
          return ExitCode.OK;
        }
        ctx.out().println(s.address() + (s.name().isEmpty() ? "" : "  (" + s.name() + ")"));
        ctx.out()
            .println(
                "  state:        "
                    + s.state().label()
                    + s.unsubscription().map(t -> " since " + t).orElse(""));
        ctx.out()
            .println(
                "  signed up:    "
                    + c.subscribedAt()
                    + " via "
                    + c.source()
                    + ", consent text "
                    + c.consentTextVersion()
                    + (c.ip().isEmpty() ? "" : ", IP " + c.ip()));
        ctx.out().println("  confirmed:    " + c.confirmation().map(Object::toString).orElse("no"));
        ctx.out().println("  deliveries:   " + (deliveries.isEmpty() ? "none" : ""));
        for (DeliveryRecord r : deliveries) {
          ctx.out()
              .println(
                  "    "
                      + r.updatedAt()
                      + "  "
                      + r.issueId()
                      + "  "
                      + r.state().name().toLowerCase(java.util.Locale.ROOT)
                      + (r.reply().isEmpty() ? "" : "  " + r.reply()));
        }
        ctx.out().println("  bounces:      " + (bounces.isEmpty() ? "none" : ""));
        for (BounceRecord r : bounces) {
          ctx.out()
              .println(
                  "    "
                      + r.receivedAt()
                      + "  "
                      + r.kind()
                      + (r.issue() > 0 ? " (issue " + r.issue() + ")" : "")
                      + (r.status().isEmpty() ? "" : " " + r.status())
                      + " -> "
                      + r.action()
                      + ": "
                      + r.actionReason());
        }
        return ExitCode.OK;
      }
    }
  }
}
