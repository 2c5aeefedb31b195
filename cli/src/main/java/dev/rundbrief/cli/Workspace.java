package dev.rundbrief.cli;

import dev.rundbrief.core.FileAccessException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Rundbrief workspace: a folder with {@code rundbrief.yaml}, {@code articles/}, {@code
 * templates/}, {@code public/}, {@code outbox/}, the SQLite store and a private {@code .rundbrief/}
 * folder for the token secret and the run lock.
 */
final class Workspace {
  private final Path root;
  private Config config;

  private Workspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A workspace at {@code root}; the configuration is loaded on first use. */
  static Workspace at(Path root) {
    return new Workspace(root);
  }

  Path root() {
    return root;
  }

  Path configFile() {
    return root.resolve(Config.FILE_NAME);
  }

  Path articles() {
    return root.resolve("articles");
  }

  Path templates() {
    return root.resolve("templates");
  }

  Path publicDir() {
    return root.resolve("public");
  }

  Path outbox() {
    return root.resolve("outbox");
  }

  Path privateDir() {
    return root.resolve(".rundbrief");
  }

  Path lockFile() {
    return privateDir().resolve("run.lock");
  }

  /** The loaded and validated configuration. */
  Config config() {
    if (config == null) {
      config = Config.load(configFile(), root);
    }
    return config;
  }

  /**
   * The workspace secret for unsubscribe and confirmation tokens: 32 random bytes made by {@code
   * init}, readable only by the owner.
   */
  byte[] secret() {
    Path file = privateDir().resolve("secret");
    try {
      return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          file + " is missing or damaged: it holds the token secret that 'rundbrief init' makes");
    }
  }

  /**
   * Creates the folders, the commented configuration file and the secret. Refuses to overwrite an
   * existing configuration.
   *
   * @param values the placeholders of the configuration template
   */
  static Workspace create(Path root, Map<String, String> values) {
    Workspace ws = new Workspace(root);
    if (Files.exists(ws.configFile())) {
      throw new ConfigException(
          ws.configFile() + " already exists; remove it or choose another folder");
    }
    try {
      for (Path dir :
          new Path[] {
            ws.root, ws.articles(), ws.templates(), ws.publicDir(), ws.outbox(), ws.privateDir()
          }) {
        Files.createDirectories(dir);
      }
      String template;
      try (InputStream in = Workspace.class.getResourceAsStream("rundbrief.yaml.template")) {
        template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (Map.Entry<String, String> e : values.entrySet()) {
        template = template.replace("{{" + e.getKey() + "}}", e.getValue().replace("\"", "\\\""));
      }
      Files.writeString(
          ws.configFile(), template, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      writeSecret(ws.privateDir().resolve("secret"));
      Files.writeString(
          ws.templates().resolve("README.txt"),
          "Put html.mustache, text.mustache or partials here to override the default mail"
              + " templates.\nSee docs/mail.md for the variables they can use.\n",
          StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(e.getFile() + " already exists");
    } catch (IOException e) {
      throw FileAccessException.writing(root, e);
    }
    return ws;
  }

  private static void writeSecret(Path file) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(
        file,
        HexFormat.of().formatHex(secret) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the folder's ACLs apply.
    }
  }
}
