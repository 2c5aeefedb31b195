package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.Preview;
import dev.rundbrief.mail.Recipient;
import java.awt.Desktop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rundbrief preview [N]}. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the HTML part, the text part and the whole .eml of an issue (default: the newest) as one subscriber would get it, into preview/ in the workspace."
    },
    footer = {
      "",
      "Examples:",
      "  rundbrief preview",
      "  rundbrief preview 3 --to anna@example.org --open"
    })
final class PreviewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      arity = "0..1",
      description = "The issue number (default: the newest).")
  Integer number;

  @Option(
      names = "--to",
      paramLabel = "ADDRESS",
      description = "Personalize for this subscriber (default: a sample reader).")
  String to;

  @Option(names = "--open", description = "Open the HTML in the desktop's browser.")
  boolean open;

  @Override
  public Integer call() throws Exception {
    Context ctx = Context.of(spec);
    Workspace ws;
    Config config;
    Digest digest;
    Recipient recipient;
    try (Pipeline pipeline = Pipeline.open(ctx)) {
      ws = pipeline.workspace();
      config = pipeline.config();
      digest = pipeline.issue(number);
      if (to == null) {
        recipient = new Recipient(EmailAddress.parse(config.mail().fromAddress()), "", "preview");
      } else {
        EmailAddress address;
        try {
          address = EmailAddress.parse(to);
        } catch (IllegalArgumentException e) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--to: " + e.getMessage());
        }
        recipient =
            pipeline
                .subscribers()
                .find(address)
                .map(s -> s.toRecipient())
                .orElseThrow(
                    () ->
                        new ConfigException(
                            address + " is not a subscriber; see 'rundbrief subscribers list'"));
      }
    }
    MessageComposer composer = Mailing.composer(ws, config, digest, ctx.clock(), ctx::warn);
    List<Path> files = Preview.write(composer, recipient, ws.root().resolve("preview"));
    files.forEach(f -> ctx.out().println("wrote " + f));
    if (open) {
      Path html =
          files.stream().filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow();
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(html.toUri());
      } else {
        ctx.warn("no desktop browser here; open " + html.toUri() + " yourself");
      }
    }
    return ExitCode.OK;
  }
}
