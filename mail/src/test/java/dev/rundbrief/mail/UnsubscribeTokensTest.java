package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {
  private static final byte[] SECRET =
      "ein-geheimnis-das-nur-der-workspace-kennt-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Instant ISSUED = Instant.parse("2026-11-26T07:00:00Z");

  private static UnsubscribeTokens at(Instant now) {
    return UnsubscribeTokens.of(SECRET, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTokenVerifiesToTheSubscriberItWasIssuedFor() {
    String token = at(ISSUED).issue("subscriber-42");
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(at(ISSUED.plusSeconds(60)).verify(token)).contains("subscriber-42");
  }

  @Test
  void aTokenStaysValidFor60DaysAndExpiresAfterTheConfiguredValidity() {
    String token = at(ISSUED).issue("s-1");
    assertThat(at(ISSUED.plus(Duration.ofDays(60))).verify(token)).contains("s-1");
    assertThat(at(ISSUED.plus(Duration.ofDays(90))).verify(token)).contains("s-1");
    assertThat(at(ISSUED.plus(Duration.ofDays(91))).verify(token)).isEmpty();
  }

  @Test
  void anAlteredTokenIsRejected() {
    String token = at(ISSUED).issue("s-1");
    String payload = token.substring(0, token.indexOf('.'));
    byte[] body = Base64.getUrlDecoder().decode(payload);
    body[body.length - 1] = '2';
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString(body)
            + token.substring(token.indexOf('.'));
    assertThat(at(ISSUED).verify(forged)).isEmpty();
    assertThat(at(ISSUED).verify(token.substring(0, token.length() - 2) + "AA")).isEmpty();
    assertThat(at(ISSUED).verify("kein-token")).isEmpty();
    assertThat(at(ISSUED).verify("")).isEmpty();
  }

  @Test
  void aTokenFromAnotherSecretIsRejected() {
    byte[] other =
        "ein-anderes-geheimnis-eines-anderen-workspace-987654".getBytes(StandardCharsets.UTF_8);
    String token = UnsubscribeTokens.of(other, Clock.fixed(ISSUED, ZoneOffset.UTC)).issue("s-1");
    assertThat(at(ISSUED).verify(token)).isEmpty();
  }

  @Test
  void refusesShortSecretsAndValiditiesUnder60Days() {
    Clock clock = Clock.fixed(ISSUED, ZoneOffset.UTC);
    assertThatThrownBy(() -> UnsubscribeTokens.of(new byte[16], clock))
        .hasMessageContaining("at least 32");
    assertThatThrownBy(() -> UnsubscribeTokens.of(SECRET, clock, Duration.ofDays(30)))
        .hasMessageContaining("minimum");
  }
}
