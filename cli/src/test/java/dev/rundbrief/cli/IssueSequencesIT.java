package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule of docs/digests.md, tried on random histories: seeded random sequences of imports
 * (date-only, timed, future, back-dated, undated, re-imported with changes, excluded by tag) and
 * builds ({@code digest build} weekly, daily, since-last, with and without {@code --current}, and
 * {@code run}) at random clock times, the clock now and then set back. No build may fail, and in
 * the end every eligible article is in exactly one issue while no excluded one is in any.
 *
 * <p>{@code -Drundbrief.sequences=N} runs more sequences than the default; a failure names its
 * seed, and {@code -Drundbrief.seed=S} replays that one sequence.
 */
class IssueSequencesIT {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant START = Instant.parse("2026-11-02T06:00:00Z");
  private static final List<List<String>> BUILDS =
      List.of(
          List.of("digest", "build"),
          List.of("digest", "build", "--current"),
          List.of("digest", "build", "--period", "weekly", "--current"),
          List.of("digest", "build", "--period", "daily"),
          List.of("digest", "build", "--period", "daily", "--current"),
          List.of("digest", "build", "--period", "since-last"),
          List.of("run"));

  @TempDir Path temp;

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  @Test
  void everyEligibleArticleIsInExactlyOneIssueAndNoBuildFails() throws Exception {
    String replay = System.getProperty("rundbrief.seed");
    if (replay != null) {
      sequence(Long.parseLong(replay));
      return;
    }
    int count = Integer.getInteger("rundbrief.sequences", 25);
    for (long seed = 1; seed <= count; seed++) {
      sequence(seed);
    }
  }

  private void sequence(long seed) throws Exception {
    Random random = new Random(seed);
    Path ws = temp.resolve("seed-" + seed);
    String label = "seed " + seed;
    set(START);
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "KI-Rundbrief", "--site", "https://k.example/");
    assertThat(init.exitCode()).as(label + ": " + init.err()).isZero();
    Path yaml = ws.resolve("rundbrief.yaml");
    Files.writeString(
        yaml,
        SendWorkspace.withPublisher(Files.readString(yaml))
            .replace("  # exclude_tags: []", "  exclude_tags: [Werbung]"));
    Path inbox = Files.createDirectories(ws.resolve("inbox"));

    Instant now = START;
    List<String> history = new ArrayList<>();
    Map<String, Boolean> eligible = new HashMap<>(); // title -> not excluded by a tag
    Map<String, Path> files = new HashMap<>();
    int steps = 6 + random.nextInt(10);
    for (int step = 0; step < steps; step++) {
      now = next(random, now);
      set(now);
      String what;
      if (random.nextInt(5) < 3) {
        String title;
        if (!files.isEmpty() && random.nextInt(4) == 0) {
          title = new ArrayList<>(files.keySet()).get(random.nextInt(files.size()));
          Files.writeString(files.get(title), Files.readString(files.get(title)) + "\nNachtrag.\n");
          what = "update " + title;
        } else {
          title = "Meldung " + (files.size() + 1) + " aus Folge " + seed;
          boolean ad = random.nextInt(6) == 0;
          String date = date(random, now);
          Path file = inbox.resolve("a" + (files.size() + 1) + ".md");
          Files.writeString(
              file,
              "---\ntitle: "
                  + title
                  + "\n"
                  + (date.isEmpty() ? "" : "date: " + date + "\n")
                  + (ad ? "tags: [Werbung]\n" : "")
                  + "---\n\nText der "
                  + title
                  + ".\n");
          files.put(title, file);
          eligible.put(title, !ad);
          what =
              "import "
                  + title
                  + (date.isEmpty() ? " undated" : " dated " + date)
                  + (ad ? " ad" : "");
        }
        CliRunner.Result r = CliRunner.run(ws, "import", files.get(title).toString());
        assertThat(r.exitCode()).as(label + ": " + what + ": " + r.err()).isZero();
      } else {
        List<String> build = BUILDS.get(random.nextInt(BUILDS.size()));
        what = String.join(" ", build);
        CliRunner.Result r = CliRunner.run(ws, build.toArray(String[]::new));
        assertThat(r.exitCode())
            .as(label + " at " + now + ": " + what + " after " + history + ": " + r.out() + r.err())
            .isZero();
        assertThat(r.err()).as(label + ": " + what).doesNotContain("unexpected error");
      }
      history.add(now + " " + what);
    }
    // Whatever is still waiting goes into the next issue built.
    set(now.plus(Duration.ofDays(9)));
    CliRunner.Result last = CliRunner.run(ws, "run");
    assertThat(last.exitCode())
        .as(label + ": final run after " + history + ": " + last.err())
        .isZero();

    Map<String, Integer> issuesOf = new HashMap<>();
    for (JsonNode issue :
        Json.MAPPER.readTree(CliRunner.run(ws, "digest", "list", "--json").out())) {
      int number = issue.path("number").asInt();
      JsonNode shown =
          Json.MAPPER.readTree(CliRunner.run(ws, "digest", "show", "" + number, "--json").out());
      for (JsonNode section : shown.path("sections")) {
        for (JsonNode article : section.path("articles")) {
          issuesOf.merge(article.path("title").asText(), 1, Integer::sum);
        }
      }
    }
    Set<String> wrong = new LinkedHashSet<>();
    eligible.forEach(
        (title, ok) -> {
          int n = issuesOf.getOrDefault(title, 0);
          if (ok ? n != 1 : n != 0) {
            wrong.add(title + " in " + n + " issue(s)");
          }
        });
    assertThat(wrong).as(label + " after " + history).isEmpty();
  }

  /** The next clock time: mostly hours or days later, now and then a few hours back. */
  private static Instant next(Random random, Instant now) {
    return switch (random.nextInt(10)) {
      case 0 -> now.minus(Duration.ofMinutes(30 + random.nextInt(300)));
      case 1, 2 -> now.plus(Duration.ofMinutes(1 + random.nextInt(90)));
      case 3, 4, 5 -> now.plus(Duration.ofHours(1 + random.nextInt(30)));
      default -> now.plus(Duration.ofHours(24 + random.nextInt(24 * 6)));
    };
  }

  /** A front-matter date: date-only today, timed now, in the future, back-dated, or none. */
  private static String date(Random random, Instant now) {
    LocalDate today = now.atZone(BERLIN).toLocalDate();
    return switch (random.nextInt(6)) {
      case 0 -> today.toString();
      case 1 -> now.minus(Duration.ofMinutes(random.nextInt(120))).toString();
      case 2 -> now.plus(Duration.ofHours(1 + random.nextInt(24 * 5))).toString();
      case 3 -> today.minusDays(1 + random.nextInt(40)).toString();
      case 4 -> now.minus(Duration.ofDays(1 + random.nextInt(20))).toString();
      default -> "";
    };
  }

  private static void set(Instant now) {
    System.setProperty("rundbrief.now", now.toString());
  }
}
