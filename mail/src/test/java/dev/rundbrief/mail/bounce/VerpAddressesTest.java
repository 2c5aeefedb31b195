package dev.rundbrief.mail.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.mail.EmailAddress;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VerpAddressesTest {
  private final VerpAddresses verp = BounceFixtures.VERP;

  @Test
  void anAddressNamesItsSubscriberAndIssueAndFitsALocalPart() {
    EmailAddress a = verp.address(123_456, 78);

    assertThat(a.value()).matches("bounces\\+78-123456-[a-z2-7]{13}@ki\\.example\\.org");
    assertThat(a.localPart().length()).isLessThanOrEqualTo(64);
    assertThat(verp.find("To: <" + a.value() + ">"))
        .isEqualTo(new VerpToken(VerpToken.State.VALID, 123_456, 78));
  }

  @Test
  void survivesMailSystemsThatChangeTheCaseOfTheAddress() {
    String upper = verp.address(42, 3).value().toUpperCase(Locale.ROOT);

    assertThat(verp.find(upper).state()).isEqualTo(VerpToken.State.VALID);
  }

  @Test
  void anotherSubscriberOrIssueUnderTheSameSignatureIsForged() {
    String genuine = verp.address(42, 3).value();
    String otherSubscriber = genuine.replace("+3-42-", "+3-43-");
    String otherIssue = genuine.replace("+3-42-", "+4-42-");

    assertThat(verp.find(otherSubscriber).state()).isEqualTo(VerpToken.State.FORGED);
    assertThat(verp.find(otherIssue).state()).isEqualTo(VerpToken.State.FORGED);
    assertThat(verp.find("bounces+whatever@ki.example.org").state())
        .isEqualTo(VerpToken.State.FORGED);
  }

  @Test
  void addressesOfOtherDomainsOrMailboxesAreNoToken() {
    assertThat(verp.find("bounces+3-42-aaaaaaaaaaaaa@other.example.org")).isEqualTo(VerpToken.NONE);
    assertThat(verp.find("news+3-42-aaaaaaaaaaaaa@ki.example.org")).isEqualTo(VerpToken.NONE);
    assertThat(verp.find("xbounces+3-42-aaaaaaaaaaaaa@ki.example.org")).isEqualTo(VerpToken.NONE);
  }

  @Test
  void refusesABaseWithAPlusAndAShortSecret() {
    assertThatThrownBy(
            () -> VerpAddresses.of(EmailAddress.parse("b+x@ki.example.org"), BounceFixtures.SECRET))
        .hasMessageContaining("'+'");
    assertThatThrownBy(() -> VerpAddresses.of(EmailAddress.parse("b@ki.example.org"), new byte[8]))
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> verp.address(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
