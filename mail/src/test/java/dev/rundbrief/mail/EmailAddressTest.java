package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
  @Test
  void lowerCasesTheDomainAndKeepsTheLocalPart() {
    EmailAddress a = EmailAddress.parse("  Anna.Schmidt@Example.ORG ");
    assertThat(a.value()).isEqualTo("Anna.Schmidt@example.org");
    assertThat(a.localPart()).isEqualTo("Anna.Schmidt");
    assertThat(a.key()).isEqualTo("anna.schmidt@example.org");
  }

  @Test
  void convertsAnInternationalizedDomainToPunycode() {
    assertThat(EmailAddress.parse("leser@Bücher.Example").value())
        .isEqualTo("leser@xn--bcher-kva.example");
  }

  @Test
  void dropsTheTrailingDotOfAnAbsoluteDomain() {
    assertThat(EmailAddress.parse("a@example.org.").value()).isEqualTo("a@example.org");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Anna <anna@example.org>",
        "\"anna\"@example.org",
        "anna@example.org, bob@example.org",
        "anna@example.org\r\nBcc: x@example.org",
        "anna(comment)@example.org",
        "anna@[192.0.2.1]",
        "anna@192.0.2.1",
        "anna@localhost",
        "jürgen@example.org",
        "a..b@example.org",
        ".a@example.org",
        "a@b@example.org",
        "@example.org",
        "anna@",
        "anna@-bad-.example",
        ""
      })
  void refusesAnythingButABareDotAtomAddress(String input) {
    assertThatThrownBy(() -> EmailAddress.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e-mail address");
  }

  @Test
  void refusesALocalPartOverSixtyFourCharacters() {
    assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.org"))
        .hasMessageContaining("64");
  }
}
