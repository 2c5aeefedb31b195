package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.store.SubscriberStore;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounces end to end with the real command and GreenMail (SMTP, IMAP and POP3 over sockets): send
 * an issue with VERP envelope senders, deliver DSNs, a complaint, an auto-reply and a forged bounce
 * into the bounce mailbox, {@code bounces fetch}, check every subscriber, fetch again (nothing
 * changes), send the next issue (the bounced and the complaining address are skipped).
 */
class BouncesCliIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP));

  private static final Path FIXTURES = Path.of("..", "mail", "src", "test", "resources", "bounces");
  private static final String BOUNCE_BOX = "bounces@ki.example.org";
  private static final List<String> READERS =
      List.of(
          "hard@example.org",
          "soft@example.org",
          "complaint@example.org",
          "auto@example.org",
          "ok@example.org");

  @TempDir Path temp;
  Path ws;
  GreenMailUser bounceUser;

  @BeforeEach
  void workspace() throws Exception {
    System.setProperty("rundbrief.now", "2026-11-26T08:00:00Z");
    ws = temp.resolve("ki");
    CliRunner.Result init =
        CliRunner.runRaw(
            "init", ws.toString(), "--title", "KI-Rundbrief", "--site", "https://ki.example.org/");
    assertThat(init.exitCode()).as(init.err()).isZero();
    bounceUser = GREEN_MAIL.setUser(BOUNCE_BOX, "bounces", "s3cret-bounce");
    Files.writeString(ws.resolve("bounce-password.txt"), "s3cret-bounce\n");
    configure("imap", "move");
    for (String name : DemoCommand.ARTICLES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
        Path copy = ws.resolve("articles").resolve(name);
        Files.copy(in, copy);
        Files.setLastModifiedTime(
            copy, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-25T10:00:00Z")));
      }
    }
  }

  private void configure(String protocol, String after) throws Exception {
    String config = Files.readString(ws.resolve("rundbrief.yaml"));
    int port =
        protocol.equals("imap") ? GREEN_MAIL.getImap().getPort() : GREEN_MAIL.getPop3().getPort();
    config =
        SendWorkspace.withLoopbackSmtp(
                SendWorkspace.withPublisher(config), GREEN_MAIL.getSmtp().getPort())
            .replace(
                "    # address: \"bounces@example.org\"\n", "    address: \"" + BOUNCE_BOX + "\"\n")
            .replace("    # soft_limit: 3\n", "    soft_limit: 2\n");
    config =
        config.replaceAll(
            "(?s)    mailbox:\n.*?(\n\n|\n[a-z#])",
            "    mailbox:\n"
                + "      protocol: "
                + protocol
                + "\n"
                + "      host: \"127.0.0.1\"\n"
                + "      port: "
                + port
                + "\n"
                + "      user: \"bounces\"\n"
                + "      password_file: \"bounce-password.txt\"\n"
                + "      after: "
                + after
                + "\n$1");
    Files.writeString(ws.resolve("rundbrief.yaml"), config);
  }

  @AfterEach
  void clock() {
    System.clearProperty("rundbrief.now");
  }

  @Test
  void bouncesComplaintsAndAutoRepliesFromTheMailboxActOnTheListOnce() throws Exception {
    assertThat(CliRunner.run(ws, "import", ws.resolve("articles").toString()).exitCode()).isZero();
    for (String reader : READERS) {
      assertThat(CliRunner.run(ws, "subscribers", "add", reader, "--confirmed").exitCode())
          .isZero();
    }
    assertThat(CliRunner.run(ws, "digest", "build", "--period", "since-last").exitCode()).isZero();
    CliRunner.Result sent = CliRunner.run(ws, "send");
    assertThat(sent.exitCode()).as(sent.err()).isZero();

    // Every message went out with its own envelope sender, which GreenMail records as Return-Path.
    Map<String, String> verp = new HashMap<>();
    for (MimeMessage m : GREEN_MAIL.getReceivedMessages()) {
      String to = m.getAllRecipients()[0].toString();
      String returnPath = m.getHeader("Return-Path", null);
      assertThat(returnPath).as(to).matches("<?bounces\\+1-\\d+-[a-z2-7]{13}@ki\\.example\\.org>?");
      verp.put(to, returnPath.replace("<", "").replace(">", ""));
    }
    assertThat(verp).hasSize(5);
    assertThat(verp.values()).doesNotHaveDuplicates();

    deliver("postfix-user-unknown.eml", verp.get("hard@example.org"));
    deliver("gmail-over-quota.eml", verp.get("soft@example.org"));
    deliver("arf-yahoo-complaint.eml", verp.get("complaint@example.org"));
    deliver("auto-vacation-rfc3834.eml", verp.get("auto@example.org"));
    deliver("auto-abwesenheitsnotiz-no-headers.eml", verp.get("auto@example.org"));
    // A forged bounce that names the address of a reader in its text, with a made-up token.
    deliver("forged-verp.eml", "bounces+1-5-aaaaaaaaaaaaa@ki.example.org");
    deliver("exim-user-unknown.eml", "bounces+1-5-aaaaaaaaaaaaa@ki.example.org", "ok@example.org");

    CliRunner.Result fetched = CliRunner.run(ws, "bounces", "fetch", "--json");
    assertThat(fetched.exitCode()).as(fetched.out() + fetched.err()).isZero();
    List<JsonNode> lines = jsonLines(fetched.out());
    assertThat(lines).hasSize(7);
    assertThat(lines.stream().map(n -> n.get("action").asText()))
        .containsExactlyInAnyOrder(
            "bounced", "soft-counted", "unsubscribed", "none", "none", "forged", "forged");
    assertThat(fetched.err()).contains("forged VERP token, nothing changed");

    assertThat(states())
        .containsEntry("hard@example.org", SubscriberState.BOUNCED)
        .containsEntry("soft@example.org", SubscriberState.ACTIVE)
        .containsEntry("complaint@example.org", SubscriberState.UNSUBSCRIBED)
        .containsEntry("auto@example.org", SubscriberState.ACTIVE)
        .containsEntry("ok@example.org", SubscriberState.ACTIVE);
    assertThat(imapFolder("INBOX")).isZero();
    assertThat(imapFolder("Rundbrief-Processed")).isEqualTo(7);

    CliRunner.Result again = CliRunner.run(ws, "bounces", "fetch");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("0 messages read");

    // The same messages once more, now over POP3 and kept in the mailbox: each is seen already.
    configure("pop3", "keep");
    for (Path f : List.of(FIXTURES.resolve("postfix-user-unknown.eml"))) {
      deliver(f.getFileName().toString(), verp.get("hard@example.org"));
    }
    CliRunner.Result pop = CliRunner.run(ws, "bounces", "fetch");
    assertThat(pop.exitCode()).as(pop.out() + pop.err()).isZero();
    assertThat(pop.out()).contains("1 message read", "1 already-seen");
    CliRunner.Result popAgain = CliRunner.run(ws, "bounces", "fetch");
    assertThat(popAgain.out()).contains("1 message read", "1 already-seen");
    assertThat(states()).containsEntry("soft@example.org", SubscriberState.ACTIVE);
    // POP3 with delete: the processed message leaves the mailbox.
    configure("pop3", "delete");
    CliRunner.Result deleted = CliRunner.run(ws, "bounces", "fetch");
    assertThat(deleted.out()).contains("1 message read", "1 already-seen");
    assertThat(imapFolder("INBOX")).isZero();

    CliRunner.Result show = CliRunner.run(ws, "digest", "show", "1", "--json");
    JsonNode delivery = Json.MAPPER.readTree(show.out()).get("delivery");
    assertThat(delivery.get("sent").asInt()).isEqualTo(5);
    assertThat(delivery.get("bounced").get("hard").asInt()).isEqualTo(1);
    assertThat(delivery.get("bounced").get("soft").asInt()).isEqualTo(1);
    assertThat(delivery.get("complaints").asInt()).isEqualTo(1);

    CliRunner.Result history = CliRunner.run(ws, "subscribers", "show", "complaint@example.org");
    assertThat(history.out())
        .contains(
            "state:        unsubscribed",
            "issue-1  sent",
            "complaint (issue 1)",
            "-> unsubscribed");

    // The next issue skips the bounced and the complaining reader.
    System.setProperty("rundbrief.now", "2026-11-28T08:00:00Z");
    Path article = ws.resolve("articles").resolve("neu.txt");
    Files.writeString(
        article, "Neue Chips für Rechenzentren\n\nEin neuer Absatz über Chips und Strom.\n");
    Files.setLastModifiedTime(
        article, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-27T10:00:00Z")));
    assertThat(CliRunner.run(ws, "import", article.toString()).exitCode()).isZero();
    CliRunner.Result second = CliRunner.run(ws, "digest", "build", "--period", "since-last");
    assertThat(second.out()).as(second.err()).contains("Built issue 2");
    CliRunner.Result sent2 = CliRunner.run(ws, "send");
    assertThat(sent2.exitCode()).as(sent2.err()).isZero();
    List<String> issue2 = new ArrayList<>();
    MimeMessage[] all = GREEN_MAIL.getReceivedMessages();
    Map<String, String> verp2 = new HashMap<>();
    for (MimeMessage m : all) {
      if (!m.getMessageID().startsWith("<rundbrief.2.")) {
        continue; // issue 1, or a bounce delivered into the bounce mailbox
      }
      String to = m.getAllRecipients()[0].toString();
      issue2.add(to);
      verp2.put(to, m.getHeader("Return-Path", null).replace("<", "").replace(">", ""));
    }
    assertThat(issue2)
        .containsExactlyInAnyOrder("soft@example.org", "auto@example.org", "ok@example.org");

    // A second soft bounce on another issue reaches the limit of 2 (nothing delivered between).
    deliver("webde-postfach-voll.eml", verp2.get("soft@example.org"));
    CliRunner.Result soft2 = CliRunner.run(ws, "bounces", "fetch");
    assertThat(soft2.out()).contains("-> bounced soft@example.org: 2 soft bounces");
    assertThat(states()).containsEntry("soft@example.org", SubscriberState.BOUNCED);
  }

  @Test
  void importDryRunPrintsOneStableJsonLinePerMessageAndChangesNothing() throws Exception {
    CliRunner.Result r =
        CliRunner.run(ws, "bounces", "import", "--dry-run", "--json", FIXTURES.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> lines = jsonLines(r.out());
    long fixtures;
    try (Stream<Path> s = Files.list(FIXTURES)) {
      fixtures = s.filter(p -> p.toString().endsWith(".eml")).count();
    }
    assertThat(lines).hasSize((int) fixtures);
    for (JsonNode n : lines) {
      assertThat(fieldNames(n))
          .startsWith(
              "id",
              "recipient",
              "kind",
              "status",
              "diagnostic",
              "reason",
              "sender_warning",
              "verp");
      assertThat(n.get("kind").asText()).isIn("hard", "soft", "complaint", "auto-reply", "unknown");
      assertThat(n.get("dry_run").asBoolean()).isTrue();
    }
    JsonNode qmail =
        lines.stream()
            .filter(n -> n.get("id").asText().endsWith("qmail-no-mailbox.eml"))
            .findFirst()
            .orElseThrow();
    assertThat(qmail.get("recipient").asText()).isEqualTo("hannah@example.com");
    assertThat(qmail.get("kind").asText()).isEqualTo("hard");
    assertThat(qmail.get("status").asText()).isEqualTo("5.1.1");
    // VERP is configured and %VERP% is no valid token: nothing may act, even outside a dry run.
    CliRunner.Result real = CliRunner.run(ws, "bounces", "import", FIXTURES.toString());
    assertThat(real.exitCode()).isZero();
    assertThat(real.out()).doesNotContain("-> bounced", "-> unsubscribed");
  }

  @Test
  void importReadsMaildirAndMboxAndReportsAMissingFile() throws Exception {
    Path maildir = temp.resolve("Maildir");
    Files.createDirectories(maildir.resolve("new"));
    Files.createDirectories(maildir.resolve("cur"));
    Files.createDirectories(maildir.resolve("tmp"));
    Files.copy(FIXTURES.resolve("qmail-no-mailbox.eml"), maildir.resolve("new/1752469231.M1P2.mx"));
    Files.copy(
        FIXTURES.resolve("auto-vacation-rfc3834.eml"),
        maildir.resolve("cur/1752469232.M1P3.mx:2,S"));
    Path mbox = temp.resolve("bounces.mbox");
    StringBuilder b = new StringBuilder();
    for (String f : List.of("yahoo-no-account.eml", "exim-user-unknown.eml")) {
      b.append("From MAILER-DAEMON Mon Jul 14 07:00:25 2025\n")
          .append(
              Files.readString(FIXTURES.resolve(f), StandardCharsets.ISO_8859_1)
                  .replace("\r\n", "\n")
                  .replace("\nFrom ", "\n>From "))
          .append("\n");
    }
    Files.writeString(mbox, b, StandardCharsets.ISO_8859_1);

    CliRunner.Result r =
        CliRunner.run(
            ws,
            "bounces",
            "import",
            "--dry-run",
            "--json",
            maildir.toString(),
            mbox.toString(),
            temp.resolve("missing.eml").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
    assertThat(r.err()).contains("missing.eml: no such file or folder");
    List<JsonNode> lines = jsonLines(r.out());
    assertThat(lines.stream().map(n -> n.get("recipient").asText() + " " + n.get("kind").asText()))
        .containsExactly(
            "hannah@example.com hard",
            " auto-reply",
            "sunny_day88@yahoo.com hard",
            "felix.braun@example.org hard");
    assertThat(lines.get(2).get("id").asText()).endsWith("bounces.mbox#1");
  }

  @Test
  void aRefusedLoginOrAMissingPasswordIsOneLineAndChangesNothing() throws Exception {
    Files.writeString(ws.resolve("bounce-password.txt"), "wrong\n");
    CliRunner.Result refused = CliRunner.run(ws, "bounces", "fetch");
    assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err().strip())
        .startsWith("rundbrief: bounce mailbox imap://bounces@127.0.0.1:")
        .contains("login refused")
        .doesNotContain("wrong")
        .doesNotContain("\n");

    String config = Files.readString(ws.resolve("rundbrief.yaml"));
    Files.writeString(
        ws.resolve("rundbrief.yaml"),
        config.replace(
            "password_file: \"bounce-password.txt\"",
            "password_env: \"RUNDBRIEF_TEST_UNSET_BOUNCE_PASSWORD\""));
    CliRunner.Result unset = CliRunner.run(ws, "bounces", "fetch");
    assertThat(unset.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unset.err()).contains("export RUNDBRIEF_TEST_UNSET_BOUNCE_PASSWORD");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<JsonNode> jsonLines(String out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  private void deliver(String fixture, String verpAddress) throws Exception {
    deliver(fixture, verpAddress, null);
  }

  private void deliver(String fixture, String verpAddress, String replaceRecipient)
      throws Exception {
    String text = Files.readString(FIXTURES.resolve(fixture), StandardCharsets.ISO_8859_1);
    text = text.replace("%VERP%", verpAddress);
    if (replaceRecipient != null) {
      text = text.replace("felix.braun@example.org", replaceRecipient);
    }
    bounceUser.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))));
  }

  private int imapFolder(String name) throws Exception {
    Properties p = new Properties();
    jakarta.mail.Store store = Session.getInstance(p).getStore("imap");
    store.connect("127.0.0.1", GREEN_MAIL.getImap().getPort(), "bounces", "s3cret-bounce");
    try {
      jakarta.mail.Folder f = store.getFolder(name);
      if (!f.exists()) {
        return -1;
      }
      f.open(jakarta.mail.Folder.READ_ONLY);
      try {
        return f.getMessageCount();
      } finally {
        f.close(false);
      }
    } finally {
      store.close();
    }
  }

  private Map<String, SubscriberState> states() {
    Map<String, SubscriberState> states = new HashMap<>();
    try (SubscriberStore store =
        SubscriberStore.open(ws.resolve("rundbrief.db"), Clock.systemUTC())) {
      for (String r : READERS) {
        states.put(r, store.find(EmailAddress.parse(r)).map(Subscriber::state).orElseThrow());
      }
    }
    return states;
  }
}
