package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequences that once left articles behind or made a build fail, run on the packaged command
 * with the clock set by {@code RUNDBRIEF_NOW} on the default weekly workspace (Europe/Berlin).
 * Dates: 2026-11-23 is the Monday of KW 48.
 */
class IssueScheduleProcessIT {
  @TempDir Path temp;
  Path ws;

  @BeforeEach
  void workspace() throws Exception {
    ws = temp.resolve("ki");
    assertThat(
            at(
                    "2026-11-23T08:00:00Z",
                    "init",
                    ws.toString(),
                    "--title",
                    "KI-Rundbrief",
                    "--site",
                    "https://ki.example.org/")
                .exitCode())
        .isZero();
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(yaml, SendWorkspace.withPublisher(Files.readString(yaml)));
  }

  @Test
  void anIssueBuiltEarlyEndsWhenItWasBuiltAndTheRestOfTheWeekFollows() throws Exception {
    article("a", "Montag", "2026-11-23T07:00:00Z");
    PackagedCommand.Run early = at("2026-11-25T09:00:00Z", "digest", "build", "--current");
    assertThat(early.out())
        .contains("Built issue 1 'KI-Rundbrief KW 48/2026': 1 article in 1 section.");
    article("b", "Mittwochabend", "2026-11-25T18:00:00Z");

    // The help's own example, then since-last: no failure, and the rest of the week is built.
    PackagedCommand.Run daily =
        at("2026-11-25T20:00:00Z", "digest", "build", "--period", "daily", "--current");
    assertThat(daily.exitCode()).as(daily.err()).isZero();
    assertThat(daily.out()).contains("Built issue 2").doesNotContain("already covers");
    article("c", "Donnerstag", "2026-11-26T10:00:00Z");
    PackagedCommand.Run since =
        at("2026-11-27T08:00:00Z", "digest", "build", "--period", "since-last");
    assertThat(since.exitCode()).as(since.err()).isZero();
    assertThat(since.out()).contains("Built issue 3 'KI-Rundbrief Nr. 3': 1 article");
    article("d", "Samstag", "2026-11-28T10:00:00Z");

    PackagedCommand.Run run = at("2026-11-30T06:00:00Z", "run");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("Built issue 4 'KI-Rundbrief KW 48/2026': 1 article");
    assertThat(issues())
        .containsExactly(
            "1 2026-11-23T00:00 Montag",
            "2 2026-11-25T10:00 Mittwochabend",
            "3 2026-11-25T21:00 Donnerstag",
            "4 2026-11-27T09:00 Samstag");
  }

  @Test
  void aSinceLastWorkspaceRunsAfterAnEarlyIssueOfTheWeek() throws Exception {
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(
        yaml, Files.readString(yaml).replace("  # period: weekly", "  period: since-last"));
    article("a", "Erste", "2026-11-23T07:00:00Z");
    assertThat(
            at("2026-11-24T09:00:00Z", "digest", "build", "--period", "weekly", "--current")
                .exitCode())
        .isZero();
    for (String now : List.of("2026-11-24T10:00:00Z", "2026-11-26T10:00:00Z")) {
      PackagedCommand.Run run = at(now, "run");
      assertThat(run.exitCode()).as(now + ": " + run.out() + run.err()).isZero();
      assertThat(run.err()).doesNotContain("unexpected error");
    }
  }

  @Test
  void lateAndBackDatedArticlesGoIntoTheNextIssue() throws Exception {
    article("a", "Erste", "2026-11-24T07:00:00Z");
    firstIssueAt("2026-11-24T09:00:00Z");
    // Date-only (midnight) the same day, and back-dated before the last build.
    article("b", "Nur mit Datum", "2026-11-24");
    article("c", "Zurückdatiert", "2026-11-10T12:00:00Z");
    PackagedCommand.Run next =
        at("2026-11-24T12:00:00Z", "digest", "build", "--period", "since-last");
    assertThat(next.out()).contains("Built issue 2 'KI-Rundbrief Nr. 2': 2 articles in 1 section.");
    assertThat(issues())
        .containsExactly(
            "1 1970-01-01T01:00 Erste", "2 2026-11-24T10:00 Nur mit Datum Zurückdatiert");
  }

  @Test
  void nothingNewSaysWhatWasLeftOutInTheWorkspacesZone() throws Exception {
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(
        yaml, Files.readString(yaml).replace("  # exclude_tags: []", "  exclude_tags: [Werbung]"));
    article("a", "Erste", "2026-11-24T07:00:00Z");
    firstIssueAt("2026-11-24T09:00:00Z");
    Files.writeString(
        ws.resolve("articles/w.md"), "---\ntitle: Anzeige\ntags: [Werbung]\n---\n\nKaufen.\n");
    assertThat(at("2026-11-24T09:30:00Z", "import", ws.resolve("articles").toString()).exitCode())
        .isZero();

    PackagedCommand.Run none =
        at("2026-11-24T10:00:00Z", "digest", "build", "--period", "since-last");

    assertThat(none.exitCode()).isZero();
    assertThat(none.out())
        .contains(
            "No issue: nothing new since issue 1 (2026-11-24 10:00 +01:00). Of 2 stored articles,"
                + " 1 is in earlier issues, 1 left out by exclude_tags.");
  }

  @Test
  void aClockSetBackIsReportedAndNothingIsLost() throws Exception {
    article("a", "Erste", "2026-11-24T07:00:00Z");
    firstIssueAt("2026-11-24T09:00:00Z");
    article("b", "Zweite", "2026-11-24T08:00:00Z");

    PackagedCommand.Run behind =
        at("2026-11-24T08:30:00Z", "digest", "build", "--period", "since-last");

    assertThat(behind.exitCode()).as(behind.err()).isZero();
    assertThat(behind.err())
        .contains(
            "warning: no issue: the clock (2026-11-24 09:30 +01:00) is before the end of issue 1"
                + " (2026-11-24 10:00 +01:00); check the system clock. 1 stored article waits for"
                + " the next issue.");
    PackagedCommand.Run later =
        at("2026-11-24T11:00:00Z", "digest", "build", "--period", "since-last");
    assertThat(later.out()).contains("Built issue 2 'KI-Rundbrief Nr. 2': 1 article");
  }

  /** Builds issue 1 (since-last) at that moment from "Erste", imported just before. */
  private void firstIssueAt(String now) throws Exception {
    PackagedCommand.Run built = at(now, "digest", "build", "--period", "since-last");
    assertThat(built.out())
        .as(built.err())
        .contains("Built issue 1 'KI-Rundbrief Nr. 1': 1 article");
  }

  /** Writes and imports a Markdown article with this front-matter date, at that moment. */
  private void article(String file, String title, String date) throws Exception {
    Path path = ws.resolve("articles").resolve(file + ".md");
    Files.writeString(path, "---\ntitle: " + title + "\ndate: " + date + "\n---\n\nText.\n");
    String now = date.length() == 10 ? date + "T15:00:00Z" : date;
    PackagedCommand.Run r = at(now, "import", path.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  /** Each issue as "number start(Berlin) titles...". */
  private List<String> issues() throws Exception {
    List<String> out = new ArrayList<>();
    JsonNode list =
        Json.MAPPER.readTree(at("2026-12-01T00:00:00Z", "digest", "list", "--json").out());
    for (JsonNode issue : list) {
      int number = issue.path("number").asInt();
      JsonNode shown =
          Json.MAPPER.readTree(
              at("2026-12-01T00:00:00Z", "digest", "show", "" + number, "--json").out());
      StringBuilder line =
          new StringBuilder()
              .append(number)
              .append(' ')
              .append(
                  java.time.Instant.parse(shown.path("period").path("start").asText())
                      .atZone(java.time.ZoneId.of("Europe/Berlin"))
                      .toLocalDateTime());
      for (JsonNode section : shown.path("sections")) {
        for (JsonNode article : section.path("articles")) {
          line.append(' ').append(article.path("title").asText());
        }
      }
      out.add(line.toString());
    }
    return out;
  }

  private PackagedCommand.Run at(String now, String... args) throws Exception {
    String[] full = new String[args.length + 2];
    full[0] = "-w";
    full[1] = ws.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    ProcessBuilder b = PackagedCommand.builder(temp, args[0].equals("init") ? args : full);
    b.environment().put("RUNDBRIEF_NOW", now);
    return PackagedCommand.run(b);
  }
}
