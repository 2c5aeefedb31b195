package dev.rundbrief.cli;

import dev.rundbrief.cli.serve.ServeSettings;
import dev.rundbrief.cli.serve.WebServer;
import dev.rundbrief.mail.ConfirmationMail;
import dev.rundbrief.mail.DkimSettings;
import dev.rundbrief.mail.EmailAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rundbrief serve}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the feeds and the web archive from public/ (ETag, 304, gzip), the sign-up form with double opt-in, the confirmation link, one-click unsubscribe (RFC 8058) and /health.",
      "Runs until Ctrl-C or SIGTERM; put it behind a reverse proxy that terminates TLS.",
      "The serving guide in the docs folder shows an nginx setup."
    },
    footer = {"", "Example:", "  rundbrief serve --port 8080 --bind 127.0.0.1"})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The port (default: serve.port in rundbrief.yaml, else 8080; 0 picks one).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "The address to listen on (default: serve.bind, else 127.0.0.1).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    Context ctx = Context.of(spec);
    Workspace ws = ctx.workspace();
    Config config = ws.config();
    if (port != null && (port < 0 || port > 65535)) {
      throw new ConfigException("--port must be between 0 and 65535, is " + port);
    }
    WebServer server;
    try {
      server = WebServer.start(settings(ws, config, ctx.clock(), port, bind));
    } catch (WebServer.PortInUseException e) {
      throw new ConfigException(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(Duration.ofSeconds(5));
                  stopped.countDown();
                  if (ProcessOwner.owned()) {
                    // SIGTERM and Ctrl-C are how a server is meant to stop: a clean stop is a
                    // success (exit 0), not the JVM's 128+signal.
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(ExitCode.OK);
                  }
                },
                "rundbrief-serve-shutdown"));
    InetSocketAddress a = server.address();
    ctx.info(
        "Serving "
            + ws.root()
            + " on http://"
            + (a.getAddress().getHostAddress().contains(":")
                ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress())
            + ":"
            + a.getPort()
            + "/ (public URL "
            + PublicLayout.of(ws, config).publicUrl()
            + "). Stop with Ctrl-C.");
    ctx.out().flush();
    stopped.await();
    return ExitCode.OK;
  }

  /** The server settings of a workspace; {@code port} and {@code bind} override the file. */
  static ServeSettings settings(
      Workspace ws, Config config, Clock clock, Integer port, String bind) {
    Config.Publication pub = config.publication();
    Config.Mail mail = config.mail();
    String footer =
        pub.legalNotice()
            .map(
                l ->
                    l.name()
                        + "\n"
                        + l.address()
                        + "\n"
                        + l.email()
                        + l.url().map(u -> "\n" + u).orElse(""))
            .orElse("");
    ConfirmationMail confirmation =
        ConfirmationMail.of(
            EmailAddress.parse(mail.fromAddress()),
            mail.fromName(),
            pub.title(),
            pub.language(),
            footer,
            clock,
            pub.timeZone());
    if (mail.dkim().isPresent()) {
      Config.Dkim d = mail.dkim().get();
      confirmation = confirmation.withDkim(DkimSettings.of(d.domain(), d.selector(), d.keyFile()));
    }
    StoreAccess store = StoreAccess.of(config.store());
    Config.ServeLimits limits = config.serve().limits();
    return new ServeSettings(
        new InetSocketAddress(
            bind == null ? config.serve().bind() : bind,
            port == null ? config.serve().port() : port),
        ws.publicDir(),
        PublicLayout.of(ws, config).publicUrl(),
        pub.language(),
        pub.title(),
        config.serve().websubHub(),
        config.serve().behindProxy(),
        () -> store.subscribers(clock),
        confirmation,
        () -> Mailing.transport(ws, config).build(),
        mail.confirmationExpiry(),
        new ServeSettings.RateLimits(
            limits.signupsPerClient(),
            limits.clientWindow(),
            limits.mailsPerAddress(),
            limits.addressWindow(),
            limits.ipv6Prefix()),
        new ServeSettings.ServerLimits(
            limits.maxConnections(),
            limits.maxConnectionsPerClient(),
            limits.maxThreads(),
            limits.idleTimeout(),
            limits.requestTimeout(),
            limits.maxHeaderBytes(),
            limits.maxFormBytes()),
        clock);
  }
}
