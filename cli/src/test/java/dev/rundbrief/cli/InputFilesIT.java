package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input file that is missing or cannot be read is the user's mistake: exit 2 and one line that
 * names the file, never "an unexpected error" or a stack trace; nothing is changed.
 */
class InputFilesIT {
  @TempDir Path temp;
  Path ws;

  @BeforeEach
  void workspace() throws Exception {
    // Issue 1 built from the demo articles, two subscribers; nothing here is sent.
    ws = SendWorkspace.create(temp, 2, 1);
    System.setProperty("rundbrief.now", SendWorkspace.NOW);
  }

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  private static void assertOneLineNaming(CliRunner.Result r, String file) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("rundbrief: ").contains(file);
    assertThat(r.err()).doesNotContain("unexpected error", "Exception", "\tat ");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void importOfAMissingFileNamesItAndImportsNothing() throws Exception {
    Path fresh = temp.resolve("neu.md");
    Files.writeString(
        fresh,
        "---\ntitle: Ein neuer Artikel\ndate: 2026-11-25\n---\n\nNeu und noch in keiner Ausgabe.\n",
        StandardCharsets.UTF_8);
    Path missing = temp.resolve("fehlt.md");

    CliRunner.Result r = CliRunner.run(ws, "import", fresh.toString(), missing.toString());

    assertOneLineNaming(r, "'" + missing + "': no such file or folder");
    assertThat(r.out()).isEmpty();
    // Nothing was stored: the same import without the typo finds the article new.
    assertThat(CliRunner.run(ws, "import", fresh.toString()).out())
        .contains("Imported 1, updated 0");
  }

  @Test
  void importOfAFileThatCannotBeReadNamesIt() throws Exception {
    Path secret = temp.resolve("geheim.txt");
    Files.writeString(secret, "Titel\n\nText.\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(secret), "file permissions do not bind this user (root)");

    CliRunner.Result r = CliRunner.run(ws, "import", secret.toString());

    assertOneLineNaming(r, "'" + secret + "': cannot be read");
  }

  @Test
  void subscribersImportOfAMissingOrUnreadableCsvNamesIt() throws Exception {
    String before = CliRunner.run(ws, "subscribers", "list").out();
    Path missing = temp.resolve("liste.csv");
    assertOneLineNaming(
        CliRunner.run(ws, "subscribers", "import", missing.toString()), "liste.csv");

    // A folder cannot be read as a file, whoever runs the test.
    Path folder = Files.createDirectories(temp.resolve("ordner.csv"));
    assertOneLineNaming(
        CliRunner.run(ws, "subscribers", "import", folder.toString()), "ordner.csv");
    assertThat(CliRunner.run(ws, "subscribers", "list").out()).isEqualTo(before);
  }

  @Test
  void previewWithAMissingPartialTemplateNamesIt() throws Exception {
    Path templates = Files.createDirectories(ws.resolve("templates"));
    try (InputStream in =
        dev.rundbrief.mail.DigestRenderer.class.getResourceAsStream("templates/html.mustache")) {
      Files.writeString(
          templates.resolve("html.mustache"),
          new String(in.readAllBytes(), StandardCharsets.UTF_8) + "{{> kopfzeile}}\n",
          StandardCharsets.UTF_8);
    }

    CliRunner.Result r = CliRunner.run(ws, "preview");

    assertOneLineNaming(r, "kopfzeile");
    assertThat(ws.resolve("preview")).doesNotExist();
  }

  @Test
  void aMissingConfigurationFileNamesIt() {
    CliRunner.Result r = CliRunner.run(temp.resolve("leer"), "feed");

    assertOneLineNaming(r, "rundbrief.yaml not found");
  }
}
