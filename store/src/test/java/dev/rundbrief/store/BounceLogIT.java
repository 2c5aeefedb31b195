package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.ComposedMessage;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.bounce.BounceDecision;
import dev.rundbrief.mail.bounce.BounceKind;
import dev.rundbrief.mail.bounce.BounceMessage;
import dev.rundbrief.mail.bounce.VerpToken;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.DeliveryResult;
import dev.rundbrief.mail.delivery.SendMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounce records and rules on a real SQLite file, with real journal rows from the engine. */
class BounceLogIT {
  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final BouncePolicy VERP = new BouncePolicy(3, Duration.ofDays(30), true, "issue-");
  private static final BouncePolicy NO_VERP =
      new BouncePolicy(3, Duration.ofDays(30), false, "issue-");
  private static final AtomicInteger MESSAGES = new AtomicInteger();

  @TempDir Path dir;

  /** Opens the store under test; the PostgreSQL variant overrides it. */
  SubscriberStore open(Instant now) {
    return SubscriberStore.open(
        dir.resolve("rundbrief.db"), java.time.Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Subscriber active(SubscriberStore store, String address) {
    Subscriber s = store.subscribe(EmailAddress.parse(address), "", Consent.of(T0, "test", "v1"));
    return store.confirm(s.address()).orElseThrow();
  }

  private static BounceMessage message() {
    return new BounceMessage(
        "test#" + MESSAGES.incrementAndGet(),
        ("Subject: bounce " + MESSAGES.get() + "\r\n\r\nx\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }

  private static BounceDecision decision(BounceKind kind, Subscriber s, int issue) {
    return new BounceDecision(
        kind,
        s.address().value(),
        kind == BounceKind.HARD ? "5.1.1" : "4.2.2",
        "550 test",
        "test " + kind.label(),
        false,
        new VerpToken(VerpToken.State.VALID, s.id(), issue));
  }

  private static SubscriberState state(SubscriberStore store, Subscriber s) {
    return store.find(s.address()).orElseThrow().state();
  }

  private void deliver(SubscriberStore store, Subscriber s, int issue) {
    DeliveryResult r =
        DeliveryEngine.outbox(dir.resolve("outbox"))
            .journal(store.journal())
            .build()
            .send(
                "issue-" + issue,
                List.of(s.toRecipient()),
                x ->
                    new ComposedMessage(
                        x.address(),
                        "<m@x>",
                        "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                SendMode.NEW);
    assertThat(r.sent()).isEqualTo(1);
  }

  @Test
  void aHardBounceRetiresTheSubscriberAndTheSameMessageIsProcessedOnce() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "lena@example.net");
      BounceMessage m = message();

      BounceOutcome first =
          store.bounceLog().process(m, decision(BounceKind.HARD, s, 1), VERP, false);
      BounceOutcome second =
          store.bounceLog().process(m, decision(BounceKind.HARD, s, 1), VERP, false);

      assertThat(first.action()).isEqualTo(BounceAction.BOUNCED);
      assertThat(second.action()).isEqualTo(BounceAction.ALREADY_SEEN);
      assertThat(state(store, s)).isEqualTo(SubscriberState.BOUNCED);
      assertThat(store.bounceLog().history(s.address()))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.kind()).isEqualTo("hard");
                assertThat(r.issue()).isEqualTo(1);
                assertThat(r.action()).isEqualTo("bounced");
                assertThat(r.source()).isEqualTo(m.id());
              });
      assertThat(store.bounceLog().counts(1)).containsEntry(BounceKind.HARD, 1);
    }
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndChangesNothing() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "anna@example.org");
      BounceMessage m = message();

      BounceOutcome dry =
          store.bounceLog().process(m, decision(BounceKind.COMPLAINT, s, 1), VERP, true);

      assertThat(dry.action()).isEqualTo(BounceAction.UNSUBSCRIBED);
      assertThat(state(store, s)).isEqualTo(SubscriberState.ACTIVE);
      assertThat(store.bounceLog().history(s.address())).isEmpty();
      assertThat(
              store
                  .bounceLog()
                  .process(m, decision(BounceKind.COMPLAINT, s, 1), VERP, false)
                  .action())
          .isEqualTo(BounceAction.UNSUBSCRIBED);
      assertThat(state(store, s)).isEqualTo(SubscriberState.UNSUBSCRIBED);
    }
  }

  @Test
  void aComplaintUnsubscribesAndOnlyANewDoubleOptInBringsTheReaderBack() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "max@example.org");
      store.bounceLog().process(message(), decision(BounceKind.COMPLAINT, s, 2), VERP, false);
      assertThat(state(store, s)).isEqualTo(SubscriberState.UNSUBSCRIBED);

      Subscriber again = store.subscribe(s.address(), "", Consent.of(T0, "form", "v2"));
      assertThat(again.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(store.bounceLog().history(s.address()).get(0).actionReason())
          .startsWith("complaint:");
    }
  }

  @Test
  void softBouncesRetireOnlyAtTheLimitOnDistinctIssuesAndADeliveredIssueResetsTheCount() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "jonas@example.net");
      BounceLog log = store.bounceLog();
      deliver(store, s, 1);
      deliver(store, s, 2);
      assertThat(log.process(message(), decision(BounceKind.SOFT, s, 1), VERP, false).detail())
          .startsWith("soft bounce 1 of 3");
      // A second message about the same issue is not a second issue.
      assertThat(log.process(message(), decision(BounceKind.SOFT, s, 1), VERP, false).detail())
          .startsWith("soft bounce 1 of 3");
      assertThat(log.process(message(), decision(BounceKind.SOFT, s, 2), VERP, false).detail())
          .startsWith("soft bounce 2 of 3");
      deliver(store, s, 3); // issue 3 reached the reader: no bounce came back for it
      deliver(store, s, 4);
      BounceOutcome afterReset =
          log.process(message(), decision(BounceKind.SOFT, s, 4), VERP, false);
      assertThat(afterReset.action()).isEqualTo(BounceAction.SOFT_COUNTED);
      assertThat(afterReset.detail()).startsWith("soft bounce 1 of 3 (issue 4)");
      deliver(store, s, 5);
      deliver(store, s, 6);
      log.process(message(), decision(BounceKind.SOFT, s, 5), VERP, false);
      assertThat(state(store, s)).isEqualTo(SubscriberState.ACTIVE);

      BounceOutcome third = log.process(message(), decision(BounceKind.SOFT, s, 6), VERP, false);

      assertThat(third.action()).isEqualTo(BounceAction.BOUNCED);
      assertThat(third.detail())
          .startsWith(
              "3 soft bounces on distinct issues within 30 days (issue 4, issue 5, issue 6)");
      assertThat(state(store, s)).isEqualTo(SubscriberState.BOUNCED);
    }
  }

  @Test
  void softBouncesOlderThanTheWindowDoNotCount() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "ute@example.org");
      store.bounceLog().process(message(), decision(BounceKind.SOFT, s, 1), VERP, false);
      store.bounceLog().process(message(), decision(BounceKind.SOFT, s, 2), VERP, false);
    }
    try (SubscriberStore later = open(T0.plus(Duration.ofDays(31)))) {
      Subscriber s = later.find(EmailAddress.parse("ute@example.org")).orElseThrow();
      BounceOutcome o =
          later.bounceLog().process(message(), decision(BounceKind.SOFT, s, 3), VERP, false);
      assertThat(o.detail()).startsWith("soft bounce 1 of 3 (issue 3)");
      assertThat(state(later, s)).isEqualTo(SubscriberState.ACTIVE);
    }
  }

  @Test
  void aForgedTokenChangesNothingAndIsRecordedAsForged() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "victim@example.net");
      BounceDecision forged =
          new BounceDecision(
              BounceKind.HARD,
              s.address().value(),
              "5.1.1",
              "550 user unknown",
              "dead",
              false,
              new VerpToken(VerpToken.State.FORGED, 0, 0));

      BounceOutcome o = store.bounceLog().process(message(), forged, VERP, false);

      assertThat(o.action()).isEqualTo(BounceAction.FORGED);
      assertThat(state(store, s)).isEqualTo(SubscriberState.ACTIVE);
      assertThat(store.bounceLog().history(s.address()))
          .singleElement()
          .satisfies(r -> assertThat(r.action()).isEqualTo("forged"));
    }
  }

  @Test
  void withVerpConfiguredABounceWithoutTokenIsOnlyReported() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "text@example.net");
      BounceDecision textOnly =
          new BounceDecision(
              BounceKind.HARD, s.address().value(), "5.1.1", "550", "dead", false, VerpToken.NONE);

      assertThat(store.bounceLog().process(message(), textOnly, VERP, false).action())
          .isEqualTo(BounceAction.NO_TOKEN);
      assertThat(state(store, s)).isEqualTo(SubscriberState.ACTIVE);

      assertThat(store.bounceLog().process(message(), textOnly, NO_VERP, false).action())
          .isEqualTo(BounceAction.BOUNCED);
      assertThat(state(store, s)).isEqualTo(SubscriberState.BOUNCED);
    }
  }

  @Test
  void autoRepliesAndUnknownMessagesAreRecordedAndChangeNothing() {
    try (SubscriberStore store = open(T0)) {
      Subscriber s = active(store, "eva@example.org");
      for (BounceKind k : List.of(BounceKind.AUTO_REPLY, BounceKind.UNKNOWN)) {
        assertThat(store.bounceLog().process(message(), decision(k, s, 1), VERP, false).action())
            .isEqualTo(BounceAction.NONE);
      }
      assertThat(state(store, s)).isEqualTo(SubscriberState.ACTIVE);
      assertThat(store.bounceLog().history(s.address())).hasSize(2);
      assertThat(store.bounceLog().counts(1))
          .containsEntry(BounceKind.HARD, 0)
          .containsEntry(BounceKind.SOFT, 0)
          .containsEntry(BounceKind.AUTO_REPLY, 1);
    }
  }
}
