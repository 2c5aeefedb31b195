package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the templates say, a mail that does not show the unsubscribe link and the legal notice
 * in both parts is refused, naming the template and what is missing.
 */
class RequiredContentTest {
  @TempDir Path dir;

  /** The default footer, each item of the law in its own line so one can be dropped. */
  private static final String UNSUBSCRIBE_HTML =
      "<p><a href=\"{{unsubscribeUrl}}\">{{t.unsubscribe}}</a></p>\n";

  private static final String NAME_HTML = "<p>{{publisher.name}}</p>\n";
  private static final String ADDRESS_HTML =
      "<p>{{#publisher.postalAddressLines}}{{line}}<br>{{/publisher.postalAddressLines}}</p>\n";
  private static final String CONTACT_HTML = "<p>{{publisher.contactEmail}}</p>\n";

  private static final String UNSUBSCRIBE_TEXT = "{{t.unsubscribe}}: {{unsubscribeUrl}}\n";
  private static final String NAME_TEXT = "{{publisher.name}}\n";
  private static final String ADDRESS_TEXT =
      "{{#publisher.postalAddressLines}}\n{{line}}\n{{/publisher.postalAddressLines}}\n";
  private static final String CONTACT_TEXT = "{{t.contact}}: {{publisher.contactEmail}}\n";

  private static String footer(String... items) {
    return "<tr><td>\n" + String.join("", items) + "</td></tr>\n";
  }

  private static String text(String... items) {
    return "{{issue.title}}\n\n{{greeting}}\n\n" + String.join("", items);
  }

  private RenderedDigest render() {
    return DigestRenderer.fromDirectory(dir).render(MailFixtures.german(), MailFixtures.settings());
  }

  static Stream<Arguments> htmlFootersMissingOneItem() {
    return Stream.of(
        Arguments.of(
            footer(NAME_HTML, ADDRESS_HTML, CONTACT_HTML),
            "a visible unsubscribe link (<a href=\"https://ki-post.example.org/abmelden?t="),
        Arguments.of(
            footer(UNSUBSCRIBE_HTML, ADDRESS_HTML, CONTACT_HTML),
            "the publisher's name ('KI-Post Redaktion GmbH')"),
        Arguments.of(
            footer(UNSUBSCRIBE_HTML, NAME_HTML, CONTACT_HTML),
            "the postal address line 'Lindenstraße 12'"),
        Arguments.of(
            footer(UNSUBSCRIBE_HTML, NAME_HTML, ADDRESS_HTML),
            "the contact address (redaktion@ki-post.example.org)"),
        // Present in the source, but not where a reader sees it.
        Arguments.of(
            footer(
                "<!-- <a href=\"{{unsubscribeUrl}}\">x</a> -->\n",
                NAME_HTML,
                ADDRESS_HTML,
                CONTACT_HTML),
            "a visible unsubscribe link"),
        Arguments.of(
            footer(
                "<div style=\"display: none\">" + UNSUBSCRIBE_HTML + "</div>\n",
                NAME_HTML,
                ADDRESS_HTML,
                CONTACT_HTML),
            "a visible unsubscribe link"),
        Arguments.of(
            footer(
                UNSUBSCRIBE_HTML,
                "<p style=\"font-size:0\">{{publisher.name}}</p>\n",
                ADDRESS_HTML,
                CONTACT_HTML),
            "the publisher's name"),
        Arguments.of(
            footer(
                UNSUBSCRIBE_HTML, "<p hidden>{{publisher.name}}</p>\n", ADDRESS_HTML, CONTACT_HTML),
            "the publisher's name"));
  }

  @ParameterizedTest
  @MethodSource("htmlFootersMissingOneItem")
  void aFooterOverrideThatDropsOneItemIsRefusedNamingTheTemplateAndTheItem(
      String footer, String missing) throws IOException {
    Files.writeString(dir.resolve("footer.mustache"), footer);
    assertThatThrownBy(this::render)
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("the HTML part from template '" + dir.resolve("footer.mustache"))
        .hasMessageContaining("lacks " + missing)
        .hasMessageNotContaining("the text part");
  }

  static Stream<Arguments> textTemplatesMissingOneItem() {
    return Stream.of(
        Arguments.of(
            text(NAME_TEXT, ADDRESS_TEXT, CONTACT_TEXT),
            "the unsubscribe link (https://ki-post.example.org/abmelden?t="),
        Arguments.of(
            text(UNSUBSCRIBE_TEXT, ADDRESS_TEXT, CONTACT_TEXT),
            "the publisher's name ('KI-Post Redaktion GmbH')"),
        Arguments.of(
            text(UNSUBSCRIBE_TEXT, NAME_TEXT, CONTACT_TEXT),
            "the postal address line 'Lindenstraße 12', the postal address line '10969 Berlin'"),
        Arguments.of(
            text(UNSUBSCRIBE_TEXT, NAME_TEXT, ADDRESS_TEXT),
            "the contact address (redaktion@ki-post.example.org)"));
  }

  @ParameterizedTest
  @MethodSource("textTemplatesMissingOneItem")
  void aTextOverrideThatDropsOneItemIsRefusedNamingTheTemplateAndTheItem(
      String template, String missing) throws IOException {
    Files.writeString(dir.resolve("text.mustache"), template);
    assertThatThrownBy(this::render)
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("the text part from template '" + dir.resolve("text.mustache"))
        .hasMessageContaining("lacks " + missing)
        .hasMessageNotContaining("the HTML part");
  }

  @Test
  void theIssuesOneLineThankYouFooterIsRefusedWithEverythingItLacks() throws IOException {
    Files.writeString(dir.resolve("footer.mustache"), "<tr><td>Danke fürs Lesen!</td></tr>\n");
    assertThatThrownBy(this::render)
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("mail for issue 48 refused: the HTML part from template '")
        .hasMessageContaining(
            "lacks a visible unsubscribe link (<a href=\"https://ki-post.example.org/abmelden?t=")
        .hasMessageContaining("the publisher's name")
        .hasMessageContaining("'Lindenstraße 12'", "'10969 Berlin'", "'Deutschland'")
        .hasMessageContaining("the contact address");
  }

  @Test
  void anHtmlTemplateWithoutTheFooterPartialIsNamedWhenNoPartialWasOverridden() throws IOException {
    Files.writeString(
        dir.resolve("html.mustache"), "<html><body><h1>{{issue.title}}</h1></body></html>\n");
    assertThatThrownBy(this::render)
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("the HTML part from template '" + dir.resolve("html.mustache") + "'");
  }

  @Test
  void overridesThatKeepEveryItemInTheirOwnWordsAreAccepted() throws IOException {
    // The contact as a mailto link only, the address on one line, other wording throughout.
    Files.writeString(
        dir.resolve("footer.mustache"),
        footer(
            "<p>Nicht mehr lesen? <a href=\"{{unsubscribeUrl}}\">Hier abbestellen</a>.</p>\n",
            "<p>Herausgeber: {{publisher.name}}, {{publisher.postalAddress}},"
                + " <a href=\"mailto:{{publisher.contactEmail}}\">schreiben Sie uns</a></p>\n"));
    Files.writeString(
        dir.resolve("text.mustache"),
        text(
            "Abbestellen:\n{{unsubscribeUrl}}\n",
            "{{publisher.name}} · {{publisher.postalAddress}} · {{publisher.contactEmail}}\n"));
    RenderedMail mail = render().forRecipient(MailFixtures.anna());
    assertThat(mail.html()).contains("Hier abbestellen");
    assertThat(mail.text()).contains("https://ki-post.example.org/abmelden?t=tok-anna-123");
  }

  @Test
  void theDefaultTemplatesPassAndTheCheckUsesEachRecipientsOwnLink() {
    RenderedDigest rendered =
        DigestRenderer.withDefaultTemplates()
            .render(MailFixtures.german(), MailFixtures.settings());
    Recipient[] readers = {MailFixtures.anna(), MailFixtures.anonymous()};
    for (int i = 0; i < readers.length; i++) {
      Recipient r = readers[i];
      RenderedMail mail = rendered.forRecipient(r);
      assertThat(
              RequiredContent.check(mail, rendered.unsubscribeUrl(r), rendered.settings()).none())
          .isTrue();
      // Anna's mail does not carry the anonymous reader's link, and the check sees that.
      Recipient other = readers[1 - i];
      assertThat(RequiredContent.check(mail, rendered.unsubscribeUrl(other), rendered.settings()))
          .satisfies(m -> assertThat(m.html()).hasSize(1))
          .satisfies(m -> assertThat(m.text()).hasSize(1));
    }
  }
}
