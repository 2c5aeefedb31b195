package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.testing.PostfixServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code send --test} and {@code send} of the command through Postfix's {@code smtpd} (a private
 * instance the test starts) with PIPELINING and CHUNKING: the command's messages go out with BDAT
 * (Postfix counts the commands of each session), each subscriber's once; a second send is refused.
 */
class PostfixSendIT {
  @TempDir Path dir;

  @Test
  void testMailAndTheSendGoThroughPostfixWithBdat() throws Exception {
    try (PostfixServer postfix = PostfixServer.start()) {
      Path ws = SendWorkspace.create(dir, 40, postfix.port());

      CliRunner.Result test = CliRunner.run(ws, "send", "--test", "redaktion@example.org");
      assertThat(test.exitCode()).as(test.err()).isZero();
      assertThat(await(postfix, 1)).containsEntry("redaktion@example.org", 1);

      CliRunner.Result sent = CliRunner.run(ws, "send");
      assertThat(sent.exitCode()).as(sent.err()).isZero();

      Map<String, Integer> expected = new TreeMap<>();
      expected.put("redaktion@example.org", 1);
      for (int i = 0; i < 40; i++) {
        expected.put("leser" + i + "@example.org", 1);
      }
      assertThat(await(postfix, 41)).isEqualTo(expected);
      List<String> sessions =
          postfix
              .log()
              .lines()
              .filter(l -> l.contains("postfix-plain/smtpd[") && l.contains(" mail="))
              .toList();
      assertThat(sessions)
          .isNotEmpty()
          .allMatch(l -> l.contains(" bdat="))
          .noneMatch(l -> l.contains(" data="));
      assertThat(postfix.log()).doesNotContain("improper command pipelining");
      CliRunner.Result again = CliRunner.run(ws, "send");
      assertThat(again.exitCode()).isNotZero();
    }
  }

  /** Waits (up to a minute: delivery is Postfix's queue) for n messages; counts per recipient. */
  private static Map<String, Integer> await(PostfixServer postfix, int n) throws Exception {
    Pattern to = Pattern.compile("(?m)^Delivered-To: (\\S+)$");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<String> messages = postfix.messages();
      if (messages.size() >= n || System.nanoTime() > deadline) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String m : messages) {
          Matcher matcher = to.matcher(m);
          counts.merge(matcher.find() ? matcher.group(1) : "?", 1, Integer::sum);
        }
        return counts;
      }
      Thread.sleep(100);
    }
  }
}
