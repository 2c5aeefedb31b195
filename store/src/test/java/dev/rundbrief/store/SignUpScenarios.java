package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Purpose-bound tokens and the mail count of {@link SubscriberStore#signUp}, run against SQLite and
 * PostgreSQL alike. {@code open} opens the same database with a clock fixed at the instant.
 */
final class SignUpScenarios {
  private static final Duration LINK = Duration.ofHours(72);
  private static final Duration DAY = Duration.ofHours(24);

  private SignUpScenarios() {}

  static void tokensHaveOnePurposeAndConfirmationLinksWorkOnce(
      Function<Instant, SubscriberStore> open, Instant t0) {
    EmailAddress anna = EmailAddress.parse("anna@example.org");
    String unsubscribeToken;
    String firstLink;
    try (SubscriberStore store = open.apply(t0)) {
      SignUp first = store.signUp(anna, "Anna", web(t0, "192.0.2.1"), LINK, 3, DAY);
      assertThat(first.outcome()).isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
      firstLink = first.confirmationToken();
      unsubscribeToken = first.subscriber().orElseThrow().token();
      assertThat(firstLink).hasSize(43).isNotEqualTo(unsubscribeToken);
      assertThat(store.checkConfirmation(firstLink).outcome())
          .isEqualTo(Confirmation.Outcome.VALID);
      // The unsubscribe token confirms nothing.
      assertThat(store.confirm(unsubscribeToken, "192.0.2.9").outcome())
          .isEqualTo(Confirmation.Outcome.INVALID);
      assertThat(store.find(anna).orElseThrow().state()).isEqualTo(SubscriberState.PENDING);
    }
    Instant t1 = t0.plus(Duration.ofMinutes(10));
    String secondLink;
    try (SubscriberStore store = open.apply(t1)) {
      secondLink =
          store.signUp(anna, "Anna", web(t1, "192.0.2.2"), LINK, 3, DAY).confirmationToken();
      // A newer sign-up makes the earlier link dead.
      assertThat(store.confirm(firstLink, "192.0.2.1").outcome())
          .isEqualTo(Confirmation.Outcome.INVALID);
      Confirmation ok = store.confirm(secondLink, "198.51.100.7");
      assertThat(ok.outcome()).isEqualTo(Confirmation.Outcome.CONFIRMED);
      Subscriber active = store.find(anna).orElseThrow();
      assertThat(active.state()).isEqualTo(SubscriberState.ACTIVE);
      assertThat(active.token()).isEqualTo(unsubscribeToken);
      assertThat(active.consent().ip()).isEqualTo("192.0.2.2");
      assertThat(active.consent().confirmedAt()).isEqualTo(t1);
      assertThat(active.consent().confirmedIp()).isEqualTo("198.51.100.7");
      // Used twice: nothing changes.
      assertThat(store.confirm(secondLink, "203.0.113.1").outcome())
          .isEqualTo(Confirmation.Outcome.ALREADY_CONFIRMED);
      assertThat(store.find(anna).orElseThrow().consent()).isEqualTo(active.consent());
      // An active subscriber signing up again: no change, no link.
      SignUp again = store.signUp(anna, "Mallory", web(t1, "203.0.113.1"), LINK, 3, DAY);
      assertThat(again.outcome()).isEqualTo(SignUp.Outcome.ALREADY_ACTIVE);
      assertThat(store.find(anna).orElseThrow()).isEqualTo(active);

      // Unsubscribed, then signed up by someone else: the old links stay dead.
      store.unsubscribe(unsubscribeToken);
      assertThat(store.confirm(secondLink, "203.0.113.1").outcome())
          .isEqualTo(Confirmation.Outcome.INVALID);
      store.signUp(anna, "Mallory", web(t1, "203.0.113.1"), LINK, 3, DAY);
      assertThat(store.confirm(unsubscribeToken, "203.0.113.1").outcome())
          .isEqualTo(Confirmation.Outcome.INVALID);
      assertThat(store.find(anna).orElseThrow().state()).isEqualTo(SubscriberState.PENDING);
    }
    EmailAddress late = EmailAddress.parse("late@example.org");
    String lateLink;
    try (SubscriberStore store = open.apply(t1)) {
      lateLink = store.signUp(late, "", web(t1, ""), LINK, 3, DAY).confirmationToken();
    }
    try (SubscriberStore store = open.apply(t1.plus(LINK))) {
      assertThat(store.confirm(lateLink, "").outcome()).isEqualTo(Confirmation.Outcome.EXPIRED);
      assertThat(store.find(late).orElseThrow().state()).isEqualTo(SubscriberState.PENDING);
    }
  }

  static void countsMailsPerAddressAndWindowAcrossReopening(
      Function<Instant, SubscriberStore> open, Instant t0) {
    EmailAddress dora = EmailAddress.parse("dora@example.org");
    String lastLink = "";
    for (int i = 0; i < 3; i++) {
      try (SubscriberStore store = open.apply(t0.plusSeconds(i))) {
        SignUp s = store.signUp(dora, "", web(t0, ""), LINK, 3, DAY);
        assertThat(s.outcome()).isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
        lastLink = s.confirmationToken();
      }
    }
    try (SubscriberStore store = open.apply(t0.plusSeconds(10))) {
      SignUp fourth = store.signUp(dora, "Other", web(t0, "203.0.113.5"), LINK, 3, DAY);
      assertThat(fourth.outcome()).isEqualTo(SignUp.Outcome.MAIL_LIMIT_REACHED);
      assertThat(fourth.confirmationToken()).isEmpty();
      // Nothing changed: the last link still works, the consent is the earlier one.
      assertThat(store.find(dora).orElseThrow().consent().ip()).isEmpty();
      assertThat(store.checkConfirmation(lastLink).outcome()).isEqualTo(Confirmation.Outcome.VALID);
    }
    try (SubscriberStore store = open.apply(t0.plus(DAY))) {
      assertThat(store.signUp(dora, "", web(t0.plus(DAY), ""), LINK, 3, DAY).outcome())
          .isEqualTo(SignUp.Outcome.CONFIRMATION_ISSUED);
    }
  }

  private static Consent web(Instant at, String ip) {
    return Consent.of(at, "web-form", "web-form-de-1").withIp(ip);
  }
}
