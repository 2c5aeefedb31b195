package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryJournalReplyTest {
  @Test
  void aShortReplyIsStoredAsItIs() {
    assertThat(DeliveryJournal.fitReply("550 5.1.1 Postfach unbekannt"))
        .isEqualTo("550 5.1.1 Postfach unbekannt");
  }

  @Test
  void anOverlongReplyIsCutToTheColumnWidthWithAnEllipsis() {
    String reply = "451 " + "Bitte später erneut versuchen. ".repeat(50);
    String stored = DeliveryJournal.fitReply(reply);
    assertThat(stored).hasSize(1000).endsWith("…");
    assertThat(reply).startsWith(stored.substring(0, 999));
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    String reply = "x".repeat(998) + "\uD83D\uDCEC" + "y".repeat(10);
    String stored = DeliveryJournal.fitReply(reply);
    assertThat(stored).isEqualTo("x".repeat(998) + "…");
  }

  @Test
  void nulCharactersWhichPostgresRejectsAreReplaced() {
    assertThat(DeliveryJournal.fitReply("550 kaputt\0ende")).isEqualTo("550 kaputt\uFFFDende");
  }
}
