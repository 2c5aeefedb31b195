package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help of every command reads cleanly at 80 columns. */
class HelpTextTest {
  // A line ending in "word." followed by a continuation line (column 0 in a description, or
  // deeply indented in the option and command columns) that starts in lower case is a
  // setting name such as mail.confirmation_expiry_hours broken at its dot.
  private static final Pattern SPLIT_KEY = Pattern.compile("[a-z_]\\.$");
  private static final Pattern LOWER_START = Pattern.compile("^( {10,})?[a-z_]");

  @Test
  void everyCommandListSummaryIsOneWholeSentence() {
    for (CommandLine command : allCommands()) {
      String[] description = command.getCommandSpec().usageMessage().description();
      assertThat(description).as(command.getCommandSpec().qualifiedName()).isNotEmpty();
      String summary = description[0];
      assertThat(summary)
          .as("summary of '%s'", command.getCommandSpec().qualifiedName())
          .matches("[A-Z].*[.)]")
          .doesNotContain(". ");
    }
  }

  @Test
  void helpFitsEightyColumnsAndNeverSplitsASettingName() {
    List<String> problems = new ArrayList<>();
    for (CommandLine command : allCommands()) {
      String name = command.getCommandSpec().qualifiedName();
      command.getCommandSpec().usageMessage().width(80);
      StringWriter text = new StringWriter();
      command.usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
      String[] lines = text.toString().split("\n");
      for (int i = 0; i < lines.length; i++) {
        assertThat(lines[i].length())
            .as("%s help line: %s", name, lines[i])
            .isLessThanOrEqualTo(80);
        if (i + 1 < lines.length
            && SPLIT_KEY.matcher(lines[i]).find()
            && LOWER_START.matcher(lines[i + 1]).find()) {
          problems.add(
              name + " help splits a name across lines:\n" + lines[i] + "\n" + lines[i + 1]);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static List<CommandLine> allCommands() {
    List<CommandLine> all = new ArrayList<>();
    collect(
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        all);
    assertThat(all).hasSizeGreaterThan(10);
    return all;
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
  }
}
