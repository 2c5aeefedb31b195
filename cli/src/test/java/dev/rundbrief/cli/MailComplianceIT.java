package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command refuses what the law or the mail format cannot take, with one line naming the input
 * and exit code 2, before anything is stored or sent: template overrides that drop the unsubscribe
 * link or the legal notice, names and titles with line breaks, unusable mail settings. A reader
 * whose stored data cannot be mailed is reported once and not counted as bounced.
 */
class MailComplianceIT {
  @TempDir Path temp;
  Path ws;

  @BeforeEach
  void workspace() throws Exception {
    System.setProperty("rundbrief.now", "2026-11-26T08:00:00Z");
    ws = temp.resolve("ki");
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "KI-Rundbrief", "--site", "https://ki.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path config = ws.resolve("rundbrief.yaml");
    Files.writeString(config, SendWorkspace.withPublisher(Files.readString(config)));
    SendWorkspace.copyDemoArticles(ws);
    assertThat(CliRunner.run(ws, "import", ws.resolve("articles").toString()).exitCode()).isZero();
    for (String reader : new String[] {"anna@example.org", "jonas@example.org"}) {
      assertThat(CliRunner.run(ws, "subscribers", "add", reader, "--confirmed").exitCode())
          .isZero();
    }
  }

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  private void editConfig(String from, String to) throws Exception {
    Path file = ws.resolve("rundbrief.yaml");
    String config = Files.readString(file);
    assertThat(config).contains(from);
    Files.writeString(file, config.replace(from, to));
  }

  private long outboxFiles() throws Exception {
    Path outbox = ws.resolve("outbox");
    if (!Files.isDirectory(outbox)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(outbox)) {
      return files.filter(f -> f.toString().endsWith(".eml")).count();
    }
  }

  private static void assertOneLineUsageError(CliRunner.Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(fragments).doesNotContain("unexpected", "Exception");
  }

  @Test
  void aFooterOverrideWithoutTheLawIsRefusedByPreviewAndSendAndNothingIsSent() throws Exception {
    assertThat(CliRunner.run(ws, "digest", "build", "--period", "since-last").exitCode()).isZero();
    Files.createDirectories(ws.resolve("templates"));
    Path footer = ws.resolve("templates/footer.mustache");
    Files.writeString(footer, "<tr><td>Danke fürs Lesen!</td></tr>\n");

    CliRunner.Result preview = CliRunner.run(ws, "preview");
    assertOneLineUsageError(
        preview, "template '" + footer + "'", "unsubscribe link", "Beispiel Medien GmbH");
    assertThat(ws.resolve("preview")).doesNotExist();

    CliRunner.Result send = CliRunner.run(ws, "send");
    assertOneLineUsageError(send, "template '" + footer + "'", "the contact address");
    assertThat(outboxFiles()).isZero();

    Path text = ws.resolve("templates/text.mustache");
    Files.delete(footer);
    Files.writeString(text, "{{issue.title}}\n\n{{unsubscribeUrl}}\n{{publisher.name}}\n");
    assertOneLineUsageError(
        CliRunner.run(ws, "send"),
        "the text part from template '" + text + "'",
        "'Hauptstraße 1, 10115 Berlin'",
        "redaktion@example.org");
    assertThat(outboxFiles()).isZero();
  }

  @Test
  void digestBuildAndPreviewSayWhenTheMailShowsFewerArticlesToStayUnderTheClipLine()
      throws Exception {
    editConfig(
        "  # max_per_section: 10\n  # max_total: 25\n",
        "  max_per_section: 500\n  max_total: 500\n");
    for (int i = 1; i <= 130; i++) {
      Path article = ws.resolve("articles").resolve("meldung-" + i + ".txt");
      Files.writeString(
          article,
          "Meldung "
              + i
              + ": Sprachmodelle prüfen ihre eigenen Antworten mit Werkzeugen\n\n"
              + "Forschende zeigen, dass kleine Modelle mit Prüfwerkzeugen weniger Fehler machen."
              + " Die Ergebnisse gelten für Rechenaufgaben, Code und Faktenfragen gleichermaßen.\n\n"
              + "Ein zweiter Absatz mit weiteren Einzelheiten zur Studie und ihren Grenzen.\n",
          StandardCharsets.UTF_8);
      Files.setLastModifiedTime(
          article,
          java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-11-25T11:00:00Z")));
    }
    assertThat(CliRunner.run(ws, "import", ws.resolve("articles").toString()).exitCode()).isZero();
    CliRunner.Result built = CliRunner.run(ws, "digest", "build", "--period", "since-last");
    assertThat(built.exitCode()).as(built.err()).isZero();
    assertThat(built.out()).contains("136 articles");
    assertThat(built.err())
        .containsPattern(
            "warning: mail: issue 1: the HTML part would be \\d+ bytes as sent, over the 100000 at"
                + " which Gmail clips it; the mail shows the first \\d+ of 136 articles and links"
                + " to the web archive for the other \\d+");
    CliRunner.Result preview = CliRunner.run(ws, "preview");
    assertThat(preview.exitCode()).as(preview.err()).isZero();
    assertThat(preview.err()).contains("the mail shows the first");
    String html = Files.readString(ws.resolve("preview/issue-1.html"));
    assertThat(html).contains("weitere Artikel dieser Ausgabe im Web-Archiv", "Impressum");
    assertThat(html).contains("href=\"https://ki.example.org/archive/1.html\"");
  }

  @Test
  void aSubscriberNameWithALineSeparatorIsRefusedAtTheDoor() throws Exception {
    CliRunner.Result add =
        CliRunner.run(ws, "subscribers", "add", "lena@example.org", "--name", "Lena\u2028Sommer");
    assertOneLineUsageError(
        add, "name of subscriber lena@example.org contains a line break (U+2028");
    CliRunner.Result list = CliRunner.run(ws, "subscribers", "list");
    assertThat(list.out()).doesNotContain("lena@example.org");

    Path csv = temp.resolve("liste.csv");
    Files.writeString(
        csv,
        "email,name,state\nok@example.org,Olga,active\ncr@example.org,\"C\rR\",active\n",
        StandardCharsets.UTF_8);
    CliRunner.Result imported = CliRunner.run(ws, "subscribers", "import", csv.toString());
    assertThat(imported.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(imported.out() + imported.err())
        .contains("line 3")
        .contains("column 'name' contains a line break (U+000D");
    assertThat(CliRunner.run(ws, "subscribers", "list").out())
        .contains("ok@example.org")
        .doesNotContain("cr@example.org");
  }

  @Test
  void aDigestTitleWithALineBreakIsRefusedByDigestBuildNamingTheSetting() throws Exception {
    editConfig(
        "  # title: \"KI-Rundbrief\"\n", "  title: \"KI-Rundbrief\\r\\nBcc: x@example.net\"\n");
    CliRunner.Result built = CliRunner.run(ws, "digest", "build", "--period", "since-last");
    assertOneLineUsageError(built, "setting 'digest.title'", "line break (U+000D");
    assertThat(CliRunner.run(ws, "digest", "list").out()).doesNotContain("KI-Rundbrief");
  }

  @Test
  void configurationErrorsNameTheKeyAndExitWithTwo() throws Exception {
    Path file = ws.resolve("rundbrief.yaml");
    String original = Files.readString(file);

    editConfig(
        "    name: \"Beispiel Medien GmbH\"\n", "    name: \"Beispiel\\u2028Medien GmbH\"\n");
    assertOneLineUsageError(
        CliRunner.run(ws, "digest", "list"), "setting 'publication.legal_notice.name'", "U+2028");
    Files.writeString(file, original);

    editConfig("  # list_id: rundbrief.<site host>\n", "  list_id: \"kein list id\"\n");
    assertOneLineUsageError(
        CliRunner.run(ws, "digest", "list"), "setting 'mail.list_id'", "'kein list id'");
    Files.writeString(file, original);

    assertThat(CliRunner.run(ws, "digest", "build", "--period", "since-last").exitCode()).isZero();
    editConfig(
        "  public_url: \"https://ki.example.org/\"\n",
        "  public_url: \"http://ki.example.org/\"\n");
    assertOneLineUsageError(
        CliRunner.run(ws, "preview"), "setting 'publication.public_url'", "https");
    assertOneLineUsageError(CliRunner.run(ws, "send"), "setting 'publication.public_url'");
    assertThat(outboxFiles()).isZero();
  }

  @Test
  void aStoredNameThatCannotBeMailedIsReportedOnceAndNotCountedAsBounced() throws Exception {
    // Stored before the rule existed: written straight into the database.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("rundbrief.db"));
        PreparedStatement ps =
            c.prepareStatement("UPDATE subscriber SET name = ? WHERE address = ?")) {
      ps.setString(1, "Jonas\u2028Weber");
      ps.setString(2, "jonas@example.org");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(CliRunner.run(ws, "digest", "build", "--period", "since-last").exitCode()).isZero();
    CliRunner.Result sent = CliRunner.run(ws, "send");
    assertThat(sent.exitCode()).as(sent.err()).isEqualTo(ExitCode.PARTIAL);
    assertThat(sent.out()).contains("Sent 1, deferred 0, failed 1");
    assertThat(sent.err().lines().filter(l -> l.contains("jonas@example.org cannot be mailed")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("(not a bounce)", "U+2028"));
    assertThat(sent.err()).contains("not counted as bounced");
    assertThat(outboxFiles()).isEqualTo(1);
    CliRunner.Result bounced = CliRunner.run(ws, "subscribers", "list", "--state", "bounced");
    assertThat(bounced.out()).doesNotContain("jonas@example.org");
    CliRunner.Result active = CliRunner.run(ws, "subscribers", "list", "--state", "active");
    assertThat(active.out()).contains("jonas@example.org");
  }
}
