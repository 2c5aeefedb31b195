package dev.rundbrief.mail.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.testing.PostfixServer;
import dev.rundbrief.mail.testing.TestMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport against Postfix's own {@code smtpd} (a private instance the test starts): with
 * PIPELINING and CHUNKING, with both switched off, with STARTTLS and a test certificate, and with
 * implicit TLS. What Postfix logs shows how the client talked: its per-session command counts
 * ({@code bdat=}, {@code data=}), {@code starttls=}, and "improper command pipelining" had the
 * client pipelined where it was not offered.
 */
class PostfixDeliveryIT {
  private static PostfixServer postfix;

  @BeforeAll
  static void start() throws Exception {
    postfix = PostfixServer.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (postfix != null) {
      postfix.close();
    }
  }

  @Test
  void sendsWithPipeliningAndBdatWhereOffered() throws Exception {
    DeliveryResult result = send("pf-chunk", 60, settings(postfix.port()).connections(2));

    assertThat(result.sent()).isEqualTo(60);
    assertDeliveredOnce("pf-chunk", 60);
    List<String> sessions = sessions("postfix-plain");
    assertThat(sessions)
        .isNotEmpty()
        .allMatch(l -> l.contains(" bdat="))
        .noneMatch(l -> l.contains(" data="));
    // At least: the 8-bit test sends through the same port.
    assertThat(commands(sessions, "bdat")).isGreaterThanOrEqualTo(60);
    assertThat(postfix.log()).doesNotContain("improper command pipelining");
  }

  @Test
  void talksInLockStepWhenPipeliningAndChunkingAreSwitchedOff() throws Exception {
    DeliveryResult result = send("pf-lock", 30, settings(postfix.lockStepPort()).connections(2));

    assertThat(result.sent()).isEqualTo(30);
    assertDeliveredOnce("pf-lock", 30);
    List<String> sessions = sessions("postfix-lockstep");
    assertThat(sessions).isNotEmpty().noneMatch(l -> l.contains(" bdat="));
    assertThat(commands(sessions, "data")).isEqualTo(30);
    assertThat(postfix.log()).doesNotContain("improper command pipelining");
  }

  @Test
  void requiredStartTlsSendsOverTlsAndRefusesAServerThatDoesNotOfferIt() throws Exception {
    DeliveryResult result =
        send(
            "pf-starttls",
            10,
            settings(postfix.startTlsPort())
                .security(SmtpSettings.Security.STARTTLS_REQUIRED)
                .trustedHosts("localhost"));

    assertThat(result.sent()).isEqualTo(10);
    assertDeliveredOnce("pf-starttls", 10);
    List<String> sessions = sessions("postfix-starttls");
    assertThat(sessions).isNotEmpty().allMatch(l -> l.contains(" starttls=1"));
    assertThat(commands(sessions, "bdat")).isEqualTo(10);

    Throwable refused =
        catchThrowable(
            () ->
                send(
                    "pf-nostarttls",
                    1,
                    settings(postfix.lockStepPort())
                        .security(SmtpSettings.Security.STARTTLS_REQUIRED)
                        .trustedHosts("localhost")));
    assertThat(refused)
        .isInstanceOf(DeliveryException.class)
        .hasMessageContaining("STARTTLS is required but localhost:" + postfix.lockStepPort());
  }

  @Test
  void opportunisticStartTlsChecksTheCertificateUnlessTheHostIsTrusted() {
    Throwable untrusted =
        catchThrowable(
            () ->
                send(
                    "pf-untrusted",
                    1,
                    settings(postfix.startTlsPort())
                        .security(SmtpSettings.Security.STARTTLS_OPPORTUNISTIC)));

    assertThat(untrusted)
        .isInstanceOf(DeliveryException.class)
        .hasMessageContaining("TLS handshake failed");
  }

  @Test
  void sendsOverImplicitTls() throws Exception {
    DeliveryResult result =
        send(
            "pf-tls",
            10,
            settings(postfix.implicitTlsPort())
                .security(SmtpSettings.Security.IMPLICIT_TLS)
                .trustedHosts("localhost"));

    assertThat(result.sent()).isEqualTo(10);
    assertDeliveredOnce("pf-tls", 10);
    assertThat(commands(sessions("postfix-tls"), "bdat")).isEqualTo(10);
  }

  @Test
  void anEightBitMessageArrivesByteForByte() throws Exception {
    Recipient r = new Recipient(EmailAddress.parse("juergen@example.org"), "Jürgen Groß", "tok-j");
    DeliveryResult result =
        DeliveryEngine.smtp(settings(postfix.port()).connections(1).build())
            .retry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)))
            .build()
            .send("pf-8bit", List.of(r), x -> TestMessages.compose(x, "pf-8bit"), SendMode.NEW);

    assertThat(result.sent()).isEqualTo(1);
    String expected =
        new String(TestMessages.compose(r, "pf-8bit").bytes(), StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n");
    assertThat(awaitMessages("pf-8bit", 1)).singleElement().asString().endsWith(expected);
  }

  private static SmtpSettings.Builder settings(int port) {
    return SmtpSettings.builder("localhost", port)
        .security(SmtpSettings.Security.NONE)
        .heloName("client.test")
        .timeout(Duration.ofSeconds(30));
  }

  private static DeliveryResult send(String issue, int n, SmtpSettings.Builder settings) {
    List<Recipient> list =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    new Recipient(
                        EmailAddress.parse(issue + "-" + i + "@example.org"),
                        "Leser " + i,
                        "t" + i))
            .toList();
    return DeliveryEngine.smtp(settings.build())
        .retry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)))
        .build()
        .send(issue, list, r -> TestMessages.compose(r, issue), SendMode.NEW);
  }

  /** Waits (up to a minute: delivery into the maildir is Postfix's own queue) for n messages. */
  private static List<String> awaitMessages(String issue, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<String> mine =
          postfix.messages().stream()
              .filter(m -> m.contains("Subject: Ausgabe " + issue + "\n"))
              .toList();
      if (mine.size() >= n || System.nanoTime() > deadline) {
        return mine;
      }
      Thread.sleep(100);
    }
  }

  private static void assertDeliveredOnce(String issue, int n) throws Exception {
    List<String> mine = awaitMessages(issue, n);
    Map<String, Long> perRecipient =
        mine.stream()
            .collect(
                Collectors.groupingBy(
                    PostfixDeliveryIT::deliveredTo, TreeMap::new, Collectors.counting()));
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      expected.put(issue + "-" + i + "@example.org", 1L);
    }
    assertThat(perRecipient).isEqualTo(expected);
    Function<Integer, String> original =
        i ->
            new String(
                    TestMessages.compose(
                            new Recipient(
                                EmailAddress.parse(issue + "-" + i + "@example.org"),
                                "Leser " + i,
                                "t" + i),
                            issue)
                        .bytes(),
                    StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n");
    for (String m : mine) {
      int i = Integer.parseInt(deliveredTo(m).replaceAll("^.*-(\\d+)@.*$", "$1"));
      assertThat(m).as("as sent, dots and all").endsWith(original.apply(i));
    }
  }

  private static String deliveredTo(String message) {
    Matcher m = Pattern.compile("(?m)^Delivered-To: (\\S+)$").matcher(message);
    return m.find() ? m.group(1) : "?";
  }

  /** The end-of-session lines of one service, with their command counts. */
  private static List<String> sessions(String service) throws Exception {
    // A session's line is written when it ends, a moment after the client has gone.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> lines;
    do {
      lines =
          postfix
              .log()
              .lines()
              .filter(
                  l ->
                      l.contains(" " + service + "/smtpd[")
                          && l.contains(" disconnect from ")
                          && l.contains(" mail="))
              .toList();
      Thread.sleep(50);
    } while (lines.isEmpty() && System.nanoTime() < deadline);
    return lines;
  }

  private static int commands(List<String> sessions, String command) {
    Pattern p = Pattern.compile(" " + command + "=(\\d+)");
    int sum = 0;
    for (String l : sessions) {
      Matcher m = p.matcher(l);
      if (m.find()) {
        sum += Integer.parseInt(m.group(1));
      }
    }
    return sum;
  }
}
