package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SingleLineTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Anna\r\nBcc: x@example.net",
        "Anna\nMüller",
        "Anna\rMüller",
        "Anna\tMüller",
        "Anna\u0000",
        "Anna\u007f",
        "Anna\u0085Müller",
        "Anna\u2028Müller",
        "Anna\u2029Müller",
        "Anna \u202eredlüM",
        "Anna \u2066Müller\u2069"
      })
  void refusesLineBreaksControlAndDirectionOverrideCharactersNamingTheOrigin(String value) {
    assertThat(SingleLine.firstRefused(value)).isGreaterThanOrEqualTo(4);
    assertThatThrownBy(() -> SingleLine.check(value, "subscriber name (--name)"))
        .isInstanceOf(InvalidTextException.class)
        .isInstanceOf(RundbriefException.class)
        .hasMessageStartingWith("subscriber name (--name) contains a")
        .hasMessageContaining("U+")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\r")
        .hasMessageNotContaining("\u2028");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Anna Müller",
        "Žofie Dvořáková",
        "محمد\u200f",
        "KI-Woche Nr. 1",
        "O'Brien & Söhne <GmbH>",
        "🦆 Ente"
      })
  void acceptsOrdinaryNamesInAnyScript(String value) {
    assertThat(SingleLine.check(value, "name")).isSameAs(value);
    assertThat(SingleLine.problem(value)).isEmpty();
  }

  @Test
  void namesTheCodePointAndPosition() {
    assertThat(SingleLine.problem("KI\u2028Woche"))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("contains a line break (U+2028 at position 2 of 'KI?Woche')"));
    assertThat(SingleLine.problem("KI\nWoche"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("contains a line break (U+000A"));
  }

  @Test
  void refusesValuesOverTheLimit() {
    assertThatThrownBy(() -> SingleLine.check("x".repeat(201), "CSV column 'name'", 200))
        .isInstanceOf(InvalidTextException.class)
        .hasMessage("CSV column 'name' is longer than 200 characters (201)");
  }

  @Test
  void refusesAMegabyteTitleWithItsLengthNotItsText() {
    String huge = "Titel ".repeat(700_000);
    assertThatThrownBy(() -> SingleLine.check(huge, "publication.title in rundbrief.yaml"))
        .isInstanceOf(InvalidTextException.class)
        .hasMessage(
            "publication.title in rundbrief.yaml is 4200000 characters long; names, addresses and"
                + " titles may have at most 1000");
    assertThat(SingleLine.check("x".repeat(1000), "t")).hasSize(1000);
    assertThat(SingleLine.problem("x".repeat(1001))).isPresent();
  }

  @Test
  void showsAtMostAShortPrefixOfAnyInput() {
    assertThat(SingleLine.shown("a\nb")).isEqualTo("a?b");
    assertThat(SingleLine.shown("x".repeat(10_000_000)))
        .isEqualTo("x".repeat(80) + "... (10000000 characters)");
  }
}
