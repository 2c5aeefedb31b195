package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryException;
import dev.rundbrief.mail.delivery.DeliveryRecord;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.DeliveryState;
import dev.rundbrief.mail.delivery.SendMode;
import dev.rundbrief.mail.testing.ScriptedSmtpServer;
import dev.rundbrief.mail.testing.TestMessages;
import dev.rundbrief.mail.testing.TestSmtp;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscriber store and the delivery journal on a real, throwaway PostgreSQL server, through the
 * same public API and SQL as on SQLite. Each test has its own database on one server.
 */
class PostgresStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @RegisterExtension static final PostgresDatabases POSTGRES = new PostgresDatabases("t");

  private StoreLocation location;

  @BeforeEach
  void createDatabase() throws Exception {
    location = POSTGRES.newDatabase();
  }

  private SubscriberStore open(Instant now) {
    return SubscriberStore.open(location, Clock.fixed(now, ZoneOffset.UTC));
  }

  private Connection raw() throws SQLException {
    return POSTGRES.connect();
  }

  private List<Integer> schemaVersions() throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection c = raw();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT CAST(version AS INTEGER) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  @Test
  void theSchemaIsCreatedOnFirstOpenAndNotMigratedAgainOnTheSecond() throws Exception {
    long firstId;
    try (SubscriberStore store = open(T0)) {
      firstId =
          store
              .subscribe(EmailAddress.parse("erste@example.org"), "", Consent.of(T0, "web", "v1"))
              .id();
    }
    assertThat(schemaVersions()).containsExactly(1, 2);
    try (SubscriberStore store = open(T0)) {
      Subscriber second =
          store.subscribe(
              EmailAddress.parse("zweite@example.org"), "", Consent.of(T0, "web", "v1"));
      assertThat(second.id()).isGreaterThan(firstId);
      assertThat(store.list(null)).hasSize(2);
    }
    assertThat(schemaVersions()).containsExactly(1, 2);
    try (Connection c = raw();
        ResultSet rs = c.getMetaData().getIndexInfo(null, "public", "delivery", false, false)) {
      Set<String> indexes = new HashSet<>();
      while (rs.next()) {
        indexes.add(rs.getString("INDEX_NAME"));
      }
      assertThat(indexes).isNotEmpty().doesNotContain("delivery_state");
    }
  }

  @Test
  void tokensHaveOnePurposeAndConfirmationLinksWorkOnce() {
    SignUpScenarios.tokensHaveOnePurposeAndConfirmationLinksWorkOnce(this::open, T0);
  }

  @Test
  void countsMailsPerAddressAndWindowAcrossReopening() {
    SignUpScenarios.countsMailsPerAddressAndWindowAcrossReopening(this::open, T0);
  }

  @Test
  void aSignUpIsConfirmedUnsubscribedAndAnUnconfirmedOneExpires() {
    Subscriber anna;
    try (SubscriberStore store = open(T0)) {
      anna =
          store.subscribe(
              EmailAddress.parse("Anna.Jaeger@Example.ORG"),
              "Anna Jäger",
              Consent.of(T0, "web-form", "2026-01").withIp("2001:db8::7"));
      assertThat(anna.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(store.confirm("falsches-token", "").outcome())
          .isEqualTo(Confirmation.Outcome.INVALID);
      Subscriber confirmed = store.confirm(anna.address()).orElseThrow();
      assertThat(confirmed.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(confirmed.consent().confirmation()).contains(T0);
      assertThat(confirmed.consent().ipAddress()).contains("2001:db8::7");
      assertThat(confirmed.name()).isEqualTo("Anna Jäger");
      assertThat(store.find(EmailAddress.parse("anna.jaeger@example.org")))
          .map(Subscriber::id)
          .contains(anna.id());
      store.subscribe(
          EmailAddress.parse("zoegerlich@example.org"), "", Consent.of(T0, "web", "v1"));
    }
    Instant later = T0.plus(Duration.ofDays(8));
    try (SubscriberStore store = open(later)) {
      Subscriber gone = store.unsubscribe(anna.token()).orElseThrow();
      assertThat(gone.state()).isEqualTo(SubscriberState.UNSUBSCRIBED);
      assertThat(gone.unsubscription()).contains(later);
      assertThat(store.purgeUnconfirmed(Duration.ofDays(7))).isEqualTo(1);
      assertThat(store.find(EmailAddress.parse("zoegerlich@example.org"))).isEmpty();
      assertThat(store.countByState())
          .containsEntry(SubscriberState.UNSUBSCRIBED, 1)
          .containsEntry(SubscriberState.PENDING, 0)
          .containsEntry(SubscriberState.ACTIVE, 0);
      Subscriber back =
          store.subscribe(anna.address(), "", Consent.of(later, "web-form", "2026-02"));
      assertThat(back.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(back.id()).isEqualTo(anna.id());
      assertThat(back.token()).isEqualTo(anna.token());
      assertThat(back.consent().confirmation()).isEmpty();
    }
  }

  @Test
  void csvImportRejectsBadLinesByNumberAndImportsTheRest() {
    String csv =
        "email,name,state,confirmed_at\r\n"
            + "eva@example.org,\"Eva, die Erste\",,2025-01-01T00:00:00Z\r\n"
            + "kaputt@,Kaputt,,\r\n"
            + "EVA@example.org,,,\r\n"
            + "x@example.org,X,verschollen,\r\n"
            + "otto@example.org,Otto Ölmann,pending,\r\n"
            + "z@example.org,Z,,gestern\r\n";
    try (SubscriberStore store = open(T0)) {
      CsvImportReport report = SubscriberCsv.importCsv(store, new StringReader(csv), "liste.csv");
      assertThat(report.added()).isEqualTo(2);
      assertThat(report.merged()).isEqualTo(1);
      assertThat(report.rejected())
          .extracting(CsvImportReport.RejectedLine::line)
          .containsExactly(3, 5, 7);
      Subscriber eva = store.find(EmailAddress.parse("eva@example.org")).orElseThrow();
      assertThat(eva.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(eva.consent().confirmation()).contains(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(eva.consent().source()).isEqualTo("import:liste.csv");
      assertThat(store.find(EmailAddress.parse("otto@example.org")).orElseThrow().name())
          .isEqualTo("Otto Ölmann");
    }
  }

  @Test
  void anImportThatFailsHalfwayLeavesTheListAsItWasAndTheStoreUsable() {
    Reader failing = FailingReader.csvOfAddresses(100, "Datenträger entfernt");
    try (SubscriberStore store = open(T0)) {
      store.subscribe(EmailAddress.parse("vorher@example.org"), "", Consent.of(T0, "web", "v1"));
      assertThatThrownBy(() -> SubscriberCsv.importCsv(store, failing, "halb.csv"))
          .isInstanceOf(RundbriefException.class)
          .hasMessageContaining("halb.csv")
          .hasMessageContaining("nothing was imported");
      assertThat(store.list(null))
          .extracting(s -> s.address().value())
          .containsExactly("vorher@example.org");
      CsvImportReport again =
          SubscriberCsv.importCsv(
              store, new StringReader("email\r\nnachher@example.org\r\n"), "ganz.csv");
      assertThat(again.added()).isEqualTo(1);
    }
  }

  @Test
  void aSendOfTwoHundredRecipientsIsJournalledInPostgresAndAResumeSendsNothingMore()
      throws Exception {
    StringBuilder csv = new StringBuilder("email,name,confirmed_at\r\n");
    for (int i = 0; i < 200; i++) {
      csv.append("leserin").append(i).append("@example.org,Leserin ").append(i);
      csv.append(",2025-03-01T08:00:00Z\r\n");
    }
    try (SubscriberStore store = SubscriberStore.open(location, Clock.systemUTC())) {
      assertThat(
              SubscriberCsv.importCsv(store, new StringReader(csv.toString()), "list.csv").added())
          .isEqualTo(200);
      DeliveryEngine engine =
          DeliveryEngine.smtp(
                  TestSmtp.loopback(GREEN_MAIL.getSmtp().getPort())
                      .connections(3)
                      .maxMessagesPerConnection(100)
                      .build())
              .journal(store.journal())
              .build();

      DeliveryResult result =
          engine.send(
              "2026-48",
              store.activeRecipients(),
              r -> TestMessages.compose(r, "2026-48"),
              SendMode.NEW);

      assertThat(result.sent()).isEqualTo(200);
      assertThat(result.failed() + result.deferred() + result.skipped()).isZero();
      MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
      assertThat(received).hasSize(200);
      Set<String> to = new HashSet<>();
      for (MimeMessage m : received) {
        to.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
      }
      assertThat(to).hasSize(200).contains("leserin199@example.org");
      // What another connection sees: the journal committed on PostgreSQL.
      try (Connection c = raw();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT state, COUNT(*) FROM delivery WHERE issue_id = '2026-48' GROUP BY"
                      + " state")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("sent");
        assertThat(rs.getInt(2)).isEqualTo(200);
        assertThat(rs.next()).isFalse();
      }
      assertThat(store.journal().finishedAt("2026-48")).isPresent();

      DeliveryResult again =
          engine.send(
              "2026-48",
              store.activeRecipients(),
              r -> TestMessages.compose(r, "2026-48"),
              SendMode.RESUME);
      assertThat(again.sent()).isZero();
      assertThat(again.skipped()).isEqualTo(200);
      assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(200);
      assertThatThrownBy(
              () ->
                  engine.send(
                      "2026-48",
                      store.activeRecipients(),
                      r -> TestMessages.compose(r, "2026-48"),
                      SendMode.NEW))
          .isInstanceOf(DeliveryException.class)
          .hasMessageContaining("was fully sent");
    }
  }

  @Test
  void rejectedRecipientsCountAsBouncesAndKeepALongServerReply() throws Exception {
    String longReply = "550 5.1.1 " + "Postfach unbekannt / mailbox unknown. ".repeat(60);
    ScriptedSmtpServer.Script script =
        new ScriptedSmtpServer.Script() {
          @Override
          public String rcpt(String address, int time) {
            return address.startsWith("unbekannt") ? longReply.strip() : "250 OK";
          }
        };
    try (SubscriberStore store = open(T0);
        ScriptedSmtpServer smtp = new ScriptedSmtpServer(script)) {
      SubscriberCsv.importCsv(
          store,
          new StringReader(
              "email,confirmed_at\r\n"
                  + "unbekannt@example.org,2025-03-01T08:00:00Z\r\n"
                  + "bekannt@example.org,2025-03-01T08:00:00Z\r\n"),
          "zwei.csv");
      DeliveryEngine engine =
          DeliveryEngine.smtp(TestSmtp.loopback(smtp.port()).connections(1).build())
              .journal(store.journal())
              .bounceThreshold(1)
              .build();
      DeliveryResult result =
          engine.send(
              "b", store.activeRecipients(), r -> TestMessages.compose(r, "b"), SendMode.NEW);

      assertThat(result.sent()).isEqualTo(1);
      assertThat(result.failed()).isEqualTo(1);
      DeliveryRecord failed =
          store.journal().find("b", EmailAddress.parse("unbekannt@example.org")).orElseThrow();
      assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(failed.reply())
          .startsWith("550 5.1.1 Postfach unbekannt")
          .hasSizeGreaterThan(500)
          .hasSizeLessThanOrEqualTo(1000);
      assertThat(store.find(EmailAddress.parse("unbekannt@example.org")).orElseThrow().state())
          .isEqualTo(SubscriberState.BOUNCED);
      assertThat(store.find(EmailAddress.parse("bekannt@example.org")).orElseThrow().state())
          .isEqualTo(SubscriberState.ACTIVE);
    }
  }

  @Test
  void aWrongPasswordIsReportedWithoutThePassword() {
    StoreLocation wrong = StoreLocation.jdbc(POSTGRES.url(), POSTGRES.user(), "geheim-und-falsch");
    assertThatThrownBy(() -> SubscriberStore.open(wrong, Clock.systemUTC()))
        .isInstanceOf(RundbriefException.class)
        .hasMessageContaining(POSTGRES.url())
        .hasMessageNotContaining("geheim-und-falsch");
    StoreLocation inUrl =
        StoreLocation.jdbc(POSTGRES.url() + "?password=geheim-in-der-url", POSTGRES.user(), "");
    assertThatThrownBy(() -> SubscriberStore.open(inUrl, Clock.systemUTC()))
        .isInstanceOf(RundbriefException.class)
        .hasMessageContaining(POSTGRES.url() + "?password=***")
        .hasMessageNotContaining("geheim-in-der-url");
  }
}
