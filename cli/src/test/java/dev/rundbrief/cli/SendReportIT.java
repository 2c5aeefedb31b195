package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator is told after a send in which the server rejected some recipients. */
class SendReportIT {
  private static final List<String> REJECTED = List.of("weg1@example.org", "weg2@example.org");

  @TempDir Path temp;
  private RejectingSmtpServer server;
  private Path ws;

  @BeforeEach
  void workspace() throws Exception {
    server = new RejectingSmtpServer();
    ws = SendWorkspace.create(temp, 10, server.port());
    System.setProperty("rundbrief.now", SendWorkspace.NOW);
    for (String address : REJECTED) {
      assertThat(CliRunner.run(ws, "subscribers", "add", address, "--confirmed").exitCode())
          .isZero();
    }
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty("rundbrief.now");
    server.close();
  }

  @Test
  void listsTheRejectedRecipientsWithTheirRepliesExitsOneAndDryRunShowsThemAgain() {
    CliRunner.Result sent = CliRunner.run(ws, "send");

    assertThat(sent.exitCode()).as(sent.err()).isEqualTo(ExitCode.PARTIAL);
    assertThat(sent.out()).contains("Sent 10, deferred 0, failed 2");
    assertThat(sent.err())
        .contains("warning: 2 recipients of this issue rejected permanently")
        .contains("a subscriber rejected 3 times is set to 'bounced'");
    for (String address : REJECTED) {
      assertThat(sent.err()).contains("  " + address + "  " + RejectingSmtpServer.reply(address));
    }
    assertThat(server.accepted()).hasSize(10).doesNotContainAnyElementsOf(REJECTED);
    // One rejection is not yet a bounce: the hint does not promise what is not there.
    assertThat(CliRunner.run(ws, "subscribers", "list", "--state", "bounced").out())
        .doesNotContain("weg1");

    CliRunner.Result dry = CliRunner.run(ws, "send", "--dry-run");
    assertThat(dry.exitCode()).isZero();
    assertThat(dry.out())
        .contains("already sent completely (10 sent, 2 rejected)")
        .contains("rejected: weg1@example.org  " + RejectingSmtpServer.reply("weg1@example.org"));
  }

  @Test
  void theJsonReportCarriesTheRejectedRecipientsWithCodeAndReply() throws Exception {
    CliRunner.Result sent = CliRunner.run(ws, "send", "--json");

    assertThat(sent.exitCode()).isEqualTo(ExitCode.PARTIAL);
    JsonNode report = Json.MAPPER.readTree(sent.out());
    assertThat(report.path("sent").asInt()).isEqualTo(10);
    assertThat(report.path("failed").asInt()).isEqualTo(2);
    assertThat(report.has("stopped")).isFalse();
    List<String> addresses = new ArrayList<>();
    for (JsonNode r : report.path("rejected")) {
      addresses.add(r.path("address").asText());
      assertThat(r.path("reply_code").asInt()).isEqualTo(550);
      assertThat(r.path("reply").asText())
          .contains(RejectingSmtpServer.reply(r.path("address").asText()));
    }
    assertThat(addresses).containsExactlyInAnyOrderElementsOf(REJECTED);

    JsonNode dry = Json.MAPPER.readTree(CliRunner.run(ws, "send", "--dry-run", "--json").out());
    assertThat(dry.path("finished").asBoolean()).isTrue();
    assertThat(dry.path("would_send").asInt()).isZero();
    assertThat(dry.path("rejected")).hasSize(2);
  }
}
