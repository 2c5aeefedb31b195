package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateOverrideTest {
  /** The legal notice in a text template; every complete override has it in some form. */
  static final String LEGAL_TEXT =
      "{{publisher.name}}\n{{publisher.postalAddress}}\n{{publisher.contactEmail}}\n";

  @TempDir Path dir;

  @Test
  void aWorkspaceTemplateReplacesTheDefaultAndKeepsTheOtherDefaults() throws IOException {
    Files.writeString(
        dir.resolve("text.mustache"),
        "Eigene Vorlage: {{issue.title}}\n{{#sections}}{{#articles}}* {{title}}\n{{/articles}}{{/sections}}"
            + "{{t.unsubscribe}}: {{unsubscribeUrl}}\n"
            + LEGAL_TEXT);
    RenderedMail mail =
        DigestRenderer.fromDirectory(dir)
            .render(MailFixtures.german(), MailFixtures.settings())
            .forRecipient(MailFixtures.anna());
    assertThat(mail.text())
        .startsWith("Eigene Vorlage: KI-Woche 48/2026")
        .contains("* Rechenzentren: Wohin mit der Abwärme?")
        .contains("Abmelden: https://ki-post.example.org/abmelden?t=tok-anna-123");
    assertThat(mail.html()).contains("<h1", "Impressum");
  }

  @Test
  void aWorkspacePartialReplacesTheDefaultPartial() throws IOException {
    Files.writeString(
        dir.resolve("footer.mustache"),
        "<tr><td><p>Eigener Fuß {{publisher.name}}</p><a href=\"{{unsubscribeUrl}}\">weg</a>"
            + "<p>{{#publisher.postalAddressLines}}{{line}}<br>{{/publisher.postalAddressLines}}"
            + "{{publisher.contactEmail}}</p></td></tr>\n");
    String html =
        DigestRenderer.fromDirectory(dir)
            .render(MailFixtures.german(), MailFixtures.settings())
            .forRecipient(MailFixtures.anna())
            .html();
    assertThat(html).contains("Eigener Fuß KI-Post Redaktion GmbH").doesNotContain("Impressum");
  }

  @Test
  void anUnknownVariableFailsWhenTheTemplateIsLoadedNamingFileLineAndVariable() throws IOException {
    Files.writeString(
        dir.resolve("html.mustache"), "<html>\n<body>\n<h1>{{issue.titel}}</h1>\n</body></html>\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining(dir.resolve("html.mustache").toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("unknown variable 'issue.titel'");
  }

  @Test
  void anUnknownVariableInsideASectionIsFoundToo() throws IOException {
    Files.writeString(
        dir.resolve("text.mustache"),
        "{{#sections}}\n{{#articles}}\n{{title}} {{autor}}\n{{/articles}}\n{{/sections}}\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("text.mustache")
        .hasMessageContaining("line 3")
        .hasMessageContaining("'autor'");
  }

  @Test
  void anUnknownPartialFailsWhenTheTemplateIsLoaded() throws IOException {
    Files.writeString(dir.resolve("html.mustache"), "<html>{{> kopfzeile}}</html>\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("kopfzeile");
  }

  @Test
  void partialsThatIncludeEachOtherFailOnOneLineNamingTheTemplates() throws IOException {
    Files.writeString(dir.resolve("text.mustache"), "Kopf\n{{> a}}\n");
    Files.writeString(dir.resolve("a.mustache"), "A {{issue.title}}\n{{> b}}\n");
    Files.writeString(dir.resolve("b.mustache"), "B\n{{#sections}}{{> a}}{{/sections}}\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining(dir.resolve("b.mustache").toString())
        .hasMessageContaining("partials include each other ('text' -> 'a' -> 'b' -> 'a')")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aPartialThatIncludesItselfFails() throws IOException {
    Files.writeString(dir.resolve("html.mustache"), "<html>{{> html}}</html>\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("('html' -> 'html')");
  }

  @Test
  void aPersonalValueCannotOpenASection() throws IOException {
    Files.writeString(
        dir.resolve("text.mustache"),
        "{{#recipientName}}Hallo {{recipientName}}{{/recipientName}}\n");
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("personal value 'recipientName'");
  }

  @Test
  void aMissingDirectoryIsReported() {
    assertThatThrownBy(() -> DigestRenderer.fromDirectory(dir.resolve("fehlt")))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("fehlt");
  }
}
