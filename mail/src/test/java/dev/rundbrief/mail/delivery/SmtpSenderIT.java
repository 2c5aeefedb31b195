package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import dev.rundbrief.mail.testing.TestMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The transport against a scripted server over a real socket, for what no real server does on
 * demand: a 4xx on one RCPT of a pipelined group, a connection dropped right after the reply to the
 * message, replies split into one TCP segment per byte, a multi-line EHLO reply, and a server that
 * offers PIPELINING and then answers out of turn.
 */
class SmtpSenderIT {
  private static final List<String> PIPELINING = List.of("PIPELINING", "8BITMIME", "SIZE 1000000");
  private static final List<String> CHUNKING =
      List.of("PIPELINING", "SIZE 1000000", "CHUNKING", "8BITMIME", "ENHANCEDSTATUSCODES");

  @Test
  void pipelinesMailRcptAndDataWhenTheServerOffersPipelining() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(PIPELINING))) {
      List<Sender.Outcome> outcomes = sendAll(server, 20);

      assertThat(outcomes).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
      assertThat(server.pipelinedTransactions()).isEqualTo(20);
      assertThat(server.bdatMessages()).isZero();
      assertThat(server.connections()).isEqualTo(1);
      assertEveryoneOnce(server, 20);
    }
  }

  @Test
  void sendsEachMessageWithBdatWhenTheServerOffersChunking() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(CHUNKING))) {
      List<Sender.Outcome> outcomes = sendAll(server, 20);

      assertThat(outcomes).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
      assertThat(server.bdatMessages()).isEqualTo(20);
      assertThat(server.pipelinedTransactions()).isEqualTo(20);
      assertEveryoneOnce(server, 20);
    }
  }

  @Test
  void talksInLockStepToAServerWithoutPipelining() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(List.of("8BITMIME")))) {
      List<Sender.Outcome> outcomes = sendAll(server, 5);

      assertThat(outcomes).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
      assertThat(server.pipelinedTransactions()).isZero();
      assertEveryoneOnce(server, 5);
    }
  }

  @Test
  void aTemporaryRefusalOfOneRecipientInAPipelinedGroupFailsOnlyThatOne() throws Exception {
    for (List<String> keywords : List.of(PIPELINING, CHUNKING)) {
      try (ScriptedSmtpServer server =
          server(
              new ScriptedSmtpServer.Script() {
                @Override
                public List<String> ehloKeywords() {
                  return keywords;
                }

                @Override
                public String rcpt(String address, int time) {
                  return address.startsWith("leser5@")
                      ? "451 4.3.0 <" + address + ">: try again later"
                      : address.startsWith("leser7@")
                          ? "550 5.1.1 <" + address + ">: unknown user"
                          : "250 2.1.5 OK";
                }
              })) {
        List<Sender.Outcome> outcomes = sendAll(server, 10);

        assertThat(outcomes.get(5).kind()).as("%s", keywords).isEqualTo(Sender.Kind.TEMPORARY);
        assertThat(outcomes.get(5).code()).isEqualTo(451);
        assertThat(outcomes.get(5).reply()).startsWith("451 4.3.0 <leser5@example.org>");
        assertThat(outcomes.get(7).kind()).isEqualTo(Sender.Kind.PERMANENT_RECIPIENT);
        assertThat(outcomes.get(7).reply()).startsWith("550 5.1.1");
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
          if (i != 5 && i != 7) {
            expected.put("leser" + i + "@example.org", 1);
            assertThat(outcomes.get(i).kind()).isEqualTo(Sender.Kind.ACCEPTED);
          }
        }
        assertThat(server.accepted()).isEqualTo(expected);
        assertThat(server.connections()).as("the connection is kept after a refusal").isEqualTo(1);
      }
    }
  }

  @Test
  void aConnectionDroppedRightAfterTheReplyToAMessageCostsNothing() throws Exception {
    for (List<String> keywords : List.of(List.<String>of(), PIPELINING, CHUNKING)) {
      try (ScriptedSmtpServer server =
          server(
              new ScriptedSmtpServer.Script() {
                @Override
                public List<String> ehloKeywords() {
                  return keywords;
                }

                @Override
                public boolean dropAfterAccepting(int message) {
                  return message % 3 == 0;
                }
              })) {
        List<Sender.Outcome> outcomes = sendAll(server, 10);

        assertThat(outcomes).as("%s", keywords).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
        assertEveryoneOnce(server, 10);
        assertThat(server.connections()).isEqualTo(4);
      }
    }
  }

  @Test
  void readsRepliesSplitIntoOneSegmentPerByteAndAMultiLineEhlo() throws Exception {
    try (ScriptedSmtpServer server =
        server(
            new ScriptedSmtpServer.Script() {
              @Override
              public List<String> ehloKeywords() {
                return CHUNKING;
              }

              @Override
              public boolean splitReplies() {
                return true;
              }
            })) {
      List<Sender.Outcome> outcomes = sendAll(server, 5);

      assertThat(outcomes).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
      assertThat(server.bdatMessages())
          .as("CHUNKING was read from the last EHLO line")
          .isEqualTo(5);
      assertEveryoneOnce(server, 5);
    }
  }

  @Test
  void aServerThatAnswersOutOfTurnIsThenSpokenToInLockStep() throws Exception {
    try (ScriptedSmtpServer server =
        server(
            new ScriptedSmtpServer.Script() {
              @Override
              public List<String> ehloKeywords() {
                return PIPELINING;
              }

              @Override
              public boolean outOfTurnWhenPipelined() {
                return true;
              }
            })) {
      SmtpSender sender = new SmtpSender(settings(server).build(), null);
      List<Sender.Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        outcomes.add(sender.send(message(i), Sender.Gate.OPEN));
      }
      sender.close();

      assertThat(outcomes.get(0).kind()).isEqualTo(Sender.Kind.TEMPORARY);
      assertThat(outcomes.get(0).reply()).startsWith("protocol error from 127.0.0.1:");
      Sender.Outcome again =
          new SmtpSender(settings(server).build(), null).send(message(0), Sender.Gate.OPEN);
      // Only the sender that met the server's answer falls back; a new one pipelines again.
      assertThat(outcomes.subList(1, 4)).allMatch(o -> o.kind() == Sender.Kind.ACCEPTED);
      assertThat(again.kind()).isEqualTo(Sender.Kind.TEMPORARY);
      assertThat(server.accepted())
          .containsEntry("leser1@example.org", 1)
          .containsEntry("leser2@example.org", 1)
          .containsEntry("leser3@example.org", 1)
          .doesNotContainKey("leser0@example.org");
    }
  }

  @Test
  void theEngineDeliversEveryoneOnceThroughAServerThatAnswersOutOfTurn() throws Exception {
    try (ScriptedSmtpServer server =
        server(
            new ScriptedSmtpServer.Script() {
              @Override
              public List<String> ehloKeywords() {
                return PIPELINING;
              }

              @Override
              public boolean outOfTurnWhenPipelined() {
                return true;
              }
            })) {
      List<Recipient> list = IntStream.range(0, 4).mapToObj(TestMessages::recipient).toList();
      DeliveryResult result =
          DeliveryEngine.smtp(settings(server).connections(1).build())
              .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10)))
              .build()
              .send("turn", list, r -> TestMessages.compose(r, "turn"), SendMode.NEW);

      assertThat(result.sent()).isEqualTo(4);
      assertEveryoneOnce(server, 4, TestMessages.compose(list.get(0), "turn").bytes());
    }
  }

  @Test
  void aMessageLargerThanTheServersSizeLimitIsFailedWithoutBeingSent() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(List.of("PIPELINING", "SIZE 100")))) {
      Sender.Outcome outcome = sendAll(server, 1).get(0);

      assertThat(outcome.kind()).isEqualTo(Sender.Kind.PERMANENT_MESSAGE);
      assertThat(outcome.code()).isEqualTo(552);
      assertThat(outcome.reply()).contains("more than the 100").contains("(SIZE)");
      assertThat(server.accepted()).isEmpty();
    }
  }

  @Test
  void logsInWithAuthLoginWhenThatIsAllTheServerOffers() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(List.of("PIPELINING", "AUTH LOGIN")))) {
      SmtpSender sender =
          new SmtpSender(
              settings(server).loginWithPasswordFromEnvironment("newsletter", "X").build(),
              "geheim-42");
      Sender.Outcome outcome = sender.send(message(0), Sender.Gate.OPEN);
      sender.close();

      assertThat(outcome.kind()).isEqualTo(Sender.Kind.ACCEPTED);
      assertThat(server.logins()).containsExactly("newsletter:geheim-42");
    }
  }

  @Test
  void aLoginAgainstAServerWithoutAuthStopsTheSend() throws Exception {
    try (ScriptedSmtpServer server = server(keywords(PIPELINING))) {
      SmtpSender sender =
          new SmtpSender(
              settings(server).loginWithPasswordFromEnvironment("newsletter", "X").build(),
              "geheim-42");
      Sender.Outcome outcome = sender.send(message(0), Sender.Gate.OPEN);

      assertThat(outcome.kind()).isEqualTo(Sender.Kind.FATAL);
      assertThat(outcome.reply()).contains("offers no AUTH");
      assertThat(server.accepted()).isEmpty();
    }
  }

  @Test
  void aReplyThatComesTooLateTimesOutAndSoDoesAMessageThatTakesTooLong() throws Exception {
    ScriptedSmtpServer.Script slow =
        new ScriptedSmtpServer.Script() {
          @Override
          public List<String> ehloKeywords() {
            return PIPELINING;
          }

          @Override
          public int dataDelayMillis() {
            return 3000;
          }
        };
    try (ScriptedSmtpServer server = server(slow)) {
      Sender.Outcome reply =
          new SmtpSender(settings(server).timeout(Duration.ofMillis(500)).build(), null)
              .send(message(0), Sender.Gate.OPEN);
      Sender.Outcome whole =
          new SmtpSender(
                  settings(server)
                      .timeout(Duration.ofSeconds(30))
                      .messageTimeout(Duration.ofMillis(800))
                      .build(),
                  null)
              .send(message(1), Sender.Gate.OPEN);

      assertThat(reply.kind()).isEqualTo(Sender.Kind.TEMPORARY);
      assertThat(reply.reply()).contains("timed out: no reply from 127.0.0.1:");
      assertThat(whole.kind()).isEqualTo(Sender.Kind.TEMPORARY);
      assertThat(whole.reply()).contains("timed out: the message took longer than");
    }
  }

  @Test
  void theLastByteWaitsForTheGateAndAGateThatRefusesAbandonsTheMessage() throws Exception {
    for (List<String> keywords : List.of(List.<String>of(), PIPELINING, CHUNKING)) {
      try (ScriptedSmtpServer server = server(keywords(keywords))) {
        SmtpSender sender = new SmtpSender(settings(server).build(), null);
        Sender.Outcome outcome =
            sender.send(
                message(0),
                () -> {
                  throw new java.io.IOException("the journal failed");
                });

        assertThat(outcome.kind()).as("%s", keywords).isEqualTo(Sender.Kind.TEMPORARY);
        assertThat(outcome.reply()).contains("abandoned").contains("the journal failed");
        assertThat(server.accepted()).isEmpty();
        assertThat(sender.send(message(1), Sender.Gate.OPEN).kind())
            .isEqualTo(Sender.Kind.ACCEPTED);
        sender.close();
      }
    }
  }

  private static ScriptedSmtpServer.Script keywords(List<String> keywords) {
    return new ScriptedSmtpServer.Script() {
      @Override
      public List<String> ehloKeywords() {
        return keywords;
      }
    };
  }

  private static ScriptedSmtpServer server(ScriptedSmtpServer.Script script) throws Exception {
    return new ScriptedSmtpServer(script);
  }

  private static SmtpSettings.Builder settings(ScriptedSmtpServer server) {
    return SmtpSettings.builder("127.0.0.1", server.port())
        .security(SmtpSettings.Security.NONE)
        .timeout(Duration.ofSeconds(10));
  }

  private static ComposedMessage message(int i) {
    return TestMessages.compose(TestMessages.recipient(i), "pipe");
  }

  /** Sends messages 0..n-1 over one sender, retrying at once (once) what was not accepted. */
  private static List<Sender.Outcome> sendAll(ScriptedSmtpServer server, int n) {
    SmtpSender sender = new SmtpSender(settings(server).build(), null);
    List<Sender.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outcomes.add(sender.send(message(i), Sender.Gate.OPEN));
    }
    sender.close();
    return outcomes;
  }

  private static void assertEveryoneOnce(ScriptedSmtpServer server, int n) {
    assertEveryoneOnce(server, n, message(0).bytes());
  }

  private static void assertEveryoneOnce(ScriptedSmtpServer server, int n, byte[] first) {
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      expected.put("leser" + i + "@example.org", 1);
    }
    assertThat(server.accepted()).isEqualTo(expected);
    String text = server.lastMessage("leser0@example.org");
    assertThat(text)
        .contains("\r\n.a line that starts with a dot must survive dot-stuffing\r\n")
        .contains("Subject: Ausgabe ");
    assertThat(text.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(first);
  }
}
