package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUrlsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://example.org/ki/artikel, https://example.org/ki/artikel",
    "HTTPS://WWW.Example.ORG/ki/artikel, https://example.org/ki/artikel",
    "https://example.org./ki/artikel, https://example.org/ki/artikel",
    "https://example.org/ki/artikel/, https://example.org/ki/artikel",
    "https://example.org/ki/artikel//, https://example.org/ki/artikel",
    "https://example.org/ki/artikel#kommentare, https://example.org/ki/artikel",
    "https://example.org:443/ki/artikel, https://example.org/ki/artikel",
    "http://example.org:80/ki/artikel, https://example.org/ki/artikel",
    "https://example.org, https://example.org/",
    "https://example.org/?, https://example.org/",
    "https://example.org:8443/ki/, https://example.org:8443/ki",
    "https://example.org/ki/./neu/../artikel, https://example.org/ki/artikel",
    "https://user@www.example.org/ki, https://example.org/ki",
  })
  void normalizesSchemeHostPortPathAndFragment(String given, String expected) {
    assertThat(CanonicalUrls.normalize(URI.create(given))).hasToString(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.org/a?utm_source=rss&utm_medium=feed|https://example.org/a",
        "https://example.org/a?UTM_Campaign=herbst&id=7|https://example.org/a?id=7",
        "https://example.org/a?fbclid=abc&gclid=def&msclkid=x|https://example.org/a",
        "https://example.org/a?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&igshid=5|https://example.org/a",
        "https://example.org/a?seite=2&utm_source=x&sort=neu|https://example.org/a?seite=2&sort=neu",
        "https://example.org/a?seite=2&&sort=neu|https://example.org/a?seite=2&sort=neu",
        "https://example.org/suche?q=k%C3%BCnstliche%20intelligenz&utm_term=ki|https://example.org/suche?q=k%C3%BCnstliche%20intelligenz",
      })
  void dropsTrackingParametersAndKeepsTheOthersInOrder(String given, String expected) {
    assertThat(CanonicalUrls.normalize(URI.create(given))).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.org/%C3%84rger-um-KI",
        "https://example.org/%c3%84rger-um-KI",
        "https://example.org/Ärger-um-KI",
        "http://www.example.org/Ärger-um-KI/#oben",
      })
  void writesOneFormForEscapedAndUnescapedPaths(String given) {
    assertThat(CanonicalUrls.normalize(URI.create(given)))
        .hasToString("https://example.org/%C3%84rger-um-KI");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tag:example.org,2026:artikel-1",
        "urn:uuid:3f1b6c1e-6f0a-4a8e-9a57-0c3b3f2d8a11",
        "mailto:redaktion@example.org",
        "/relativ/pfad",
        "ftp://example.org/datei",
      })
  void leavesOtherUrlsUnchanged(String given) {
    URI uri = URI.create(given);
    assertThat(CanonicalUrls.normalize(uri)).isEqualTo(uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.org/ki/artikel",
        "HTTP://WWW.EXAMPLE.ORG:80/ki/./artikel/?utm_source=x#f",
        "https://example.org/a?seite=2&sort=neu",
        "https://example.org/%C3%84rger",
      })
  void isIdempotent(String given) {
    URI once = CanonicalUrls.normalize(URI.create(given));
    assertThat(CanonicalUrls.normalize(once)).isEqualTo(once);
  }

  @ParameterizedTest
  @CsvSource({
    "utm_source, true",
    "UTM_CONTENT, true",
    "fbclid, true",
    "id, false",
    "utm, false",
    "seite, false",
  })
  void recognizesTrackingParameters(String name, boolean tracking) {
    assertThat(CanonicalUrls.isTrackingParameter(name)).isEqualTo(tracking);
  }
}
