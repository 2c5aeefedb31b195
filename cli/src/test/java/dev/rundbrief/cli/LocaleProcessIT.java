package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command under cron's conditions: {@code LANG=C}, or no environment at all. Output,
 * files and arguments must be UTF-8 there as in a UTF-8 locale, on German data.
 */
class LocaleProcessIT {
  private static final String NAME = "Jürgen Groß-Schäfer";

  @TempDir Path temp;

  /** {@code java -jar rundbrief.jar} with an empty environment, as cron starts a job. */
  private static ProcessBuilder emptyEnvironment(Path ws, String... args) {
    ProcessBuilder pb = SendWorkspace.command(ws, args);
    pb.environment().clear();
    return pb;
  }

  private static ProcessBuilder utf8Environment(Path ws, String... args) {
    ProcessBuilder pb = SendWorkspace.command(ws, args);
    pb.environment().clear();
    pb.environment().put("LANG", "C.UTF-8");
    return pb;
  }

  /** The {@code rundbrief} launcher script with {@code LANG=C} and nothing else but a path. */
  private static ProcessBuilder launcher(Path ws, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PackagedCommand.ROOT.resolve("rundbrief").toString());
    cmd.add("-w");
    cmd.add(ws.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ws.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("LANG", "C");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    env.put("RUNDBRIEF_NOW", SendWorkspace.NOW);
    return pb;
  }

  @Test
  void withAnEmptyEnvironmentArgumentsOutputAndFilesAreUtf8() throws Exception {
    Path ws = SendWorkspace.create(temp, 0, 2525);

    PackagedCommand.Run added =
        PackagedCommand.run(
            emptyEnvironment(ws, "subscribers", "add", "juergen@example.org", "--name", NAME));
    assertThat(added.exitCode()).as(added.err()).isZero();

    PackagedCommand.Run list =
        PackagedCommand.run(emptyEnvironment(ws, "subscribers", "list", "--json"));
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode subscribers = Json.MAPPER.readTree(list.out());
    assertThat(subscribers.findValuesAsText("name")).contains(NAME);
    assertThat(list.out()).doesNotContain("?", "\uFFFD");

    PackagedCommand.Run text = PackagedCommand.run(emptyEnvironment(ws, "subscribers", "list"));
    assertThat(text.out()).contains(NAME);

    Path csv = temp.resolve("export.csv");
    PackagedCommand.Run export =
        PackagedCommand.run(emptyEnvironment(ws, "subscribers", "export", csv.toString()));
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(Files.readString(csv, StandardCharsets.UTF_8)).contains(NAME);
  }

  @Test
  void anArgumentWithALineSeparatorIsTreatedTheSameInEveryLocale() throws Exception {
    Path ws = SendWorkspace.create(temp, 0, 2525);
    String name = "Zeile\u2028Trenner Müller";

    PackagedCommand.Run cron =
        PackagedCommand.run(
            emptyEnvironment(ws, "subscribers", "add", "a@example.org", "--name", name));
    PackagedCommand.Run utf8 =
        PackagedCommand.run(
            utf8Environment(ws, "subscribers", "add", "b@example.org", "--name", name));

    assertThat(cron.exitCode()).isEqualTo(utf8.exitCode());
    assertThat(cron.err().replace("a@example.org", "b@example.org")).isEqualTo(utf8.err());
    assertThat(cron.err()).doesNotContain("\uFFFD");
  }

  @Test
  void theLauncherUnderLangCReadsGermanFileNamesAndPrintsUmlauts() throws Exception {
    Path ws = SendWorkspace.create(temp, 0, 2525);
    Path article = ws.resolve("Überblick-Künstliche-Intelligenz.txt");
    Files.writeString(
        article,
        "Künstliche Intelligenz: Überblick für Anfänger\n\n"
            + "Große Sprachmodelle verändern den Arbeitsalltag in Büros.\n",
        StandardCharsets.UTF_8);

    PackagedCommand.Run imported = PackagedCommand.run(launcher(ws, "import", article.toString()));
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 1");

    PackagedCommand.Run added =
        PackagedCommand.run(
            launcher(ws, "subscribers", "add", "juergen@example.org", "--name", NAME));
    assertThat(added.exitCode()).as(added.err()).isZero();
    PackagedCommand.Run list = PackagedCommand.run(launcher(ws, "subscribers", "list"));
    assertThat(list.out()).contains(NAME);
  }
}
