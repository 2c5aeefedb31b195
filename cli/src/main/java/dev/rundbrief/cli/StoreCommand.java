package dev.rundbrief.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rundbrief.store.StoreCopy;
import dev.rundbrief.store.StoreLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rundbrief store copy}: the workspace's database as a whole. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Works on the workspace's database as a whole (see docs/cli.md).",
    subcommands = {StoreCommand.Copy.class})
final class StoreCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      description = {
        "Copies the workspace's SQLite store into an empty PostgreSQL database and verifies it.",
        "Every table is copied in one transaction; a database with any row in a store table is"
            + " refused and left unchanged. The SQLite file is not changed.",
        "The password comes from --password-file, or the variable of --password-env (default"
            + " RUNDBRIEF_STORE_PASSWORD), which may be unset for trust or .pgpass logins."
      },
      footer = {
        "",
        "Example:",
        "  RUNDBRIEF_STORE_PASSWORD=... rundbrief store copy \\",
        "      --to jdbc:postgresql://db.internal/rundbrief --user rundbrief"
      })
  static final class Copy implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "JDBC_URL",
        description = "The PostgreSQL database, e.g. jdbc:postgresql://localhost/rundbrief.")
    String to;

    @Option(names = "--user", paramLabel = "USER", description = "The database user.")
    String user = "";

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "A file whose first line is the database password.")
    Path passwordFile;

    @Option(
        names = "--password-env",
        paramLabel = "VARIABLE",
        description = "The environment variable holding the password (must then be set).")
    String passwordEnv;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      Context ctx = Context.of(spec);
      StoreLocation source = StoreAccess.of(ctx.workspace().config().store()).location();
      if (to.toLowerCase(Locale.ROOT).matches("(?s).*[?&;]password=.*")) {
        ctx.warn(
            "the password in --to is visible to other users of this machine (process list, shell"
                + " history); use --password-file or $"
                + StoreAccess.DEFAULT_PASSWORD_ENV
                + " instead");
      }
      StoreLocation target = target(System::getenv);
      StoreCopy.Report report = StoreCopy.copy(source, target);
      String variable = Optional.ofNullable(passwordEnv).orElse(StoreAccess.DEFAULT_PASSWORD_ENV);
      if (json) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("source", report.source());
        n.put("target", report.target());
        ArrayNode tables = n.putArray("tables");
        for (StoreCopy.Table t : report.tables()) {
          tables
              .addObject()
              .put("table", t.table())
              .put("rows", t.rows())
              .put("checksum", t.checksum());
        }
        n.put("rows", report.rows());
        ObjectNode store = n.putObject("store");
        store.put("jdbc_url", report.target());
        if (!user.isEmpty()) {
          store.put("user", user);
        }
        store.put("password_env", variable);
        ctx.out().println(n);
        return ExitCode.OK;
      }
      ctx.info(
          "Copied "
              + report.source()
              + " to "
              + report.target()
              + " in one transaction; row counts and content checksums verified:");
      int width = report.tables().stream().mapToInt(t -> t.table().length()).max().orElse(5) + 2;
      for (StoreCopy.Table t : report.tables()) {
        ctx.info(String.format(Locale.ROOT, "  %-" + width + "s %10d", t.table(), t.rows()));
      }
      ctx.info(String.format(Locale.ROOT, "  %-" + width + "s %10d", "total", report.rows()));
      ctx.info("To use it, set these keys in rundbrief.yaml (instead of store.sqlite):");
      ctx.info("  store:");
      ctx.info("    jdbc_url: \"" + report.target() + "\"");
      if (!user.isEmpty()) {
        ctx.info("    user: \"" + user + "\"");
      }
      ctx.info("    password_env: \"" + variable + "\"   # the variable that holds the password");
      ctx.info("The SQLite file is left as it was: keep it as a backup, but run no more commands");
      ctx.info("on it, or the two stores drift apart.");
      return ExitCode.OK;
    }

    /** The target with its password from the file or the environment ({@code env}). */
    StoreLocation target(UnaryOperator<String> env) {
      if (passwordFile != null && passwordEnv != null) {
        throw new ConfigException("give either --password-file or --password-env, not both");
      }
      String password;
      if (passwordFile != null) {
        password = passwordFromFile(passwordFile);
      } else {
        String variable = Optional.ofNullable(passwordEnv).orElse(StoreAccess.DEFAULT_PASSWORD_ENV);
        String value = env.apply(variable);
        if ((value == null || value.isEmpty()) && passwordEnv != null) {
          throw new ConfigException(
              "--password-env: the environment variable " + variable + " is not set");
        }
        password = value == null ? "" : value;
      }
      try {
        return StoreLocation.jdbc(to, user, password);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--to: " + e.getMessage());
      }
    }

    private static String passwordFromFile(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      } catch (NoSuchFileException e) {
        throw new ConfigException("--password-file: " + file + ": no such file");
      } catch (IOException e) {
        throw new ConfigException(
            "--password-file: " + file + " cannot be read: " + e.getMessage());
      }
    }
  }
}
