package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.Article;
import dev.rundbrief.core.Digest;
import dev.rundbrief.core.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class DigestRendererTest {
  private final DigestRenderer renderer = DigestRenderer.withDefaultTemplates();

  private RenderedMail germanFor(Recipient recipient) {
    return renderer.render(MailFixtures.german(), MailFixtures.settings()).forRecipient(recipient);
  }

  @Test
  void rendersTheGermanDigestAsTheGoldenFilesShow() throws IOException {
    RenderedMail mail = germanFor(MailFixtures.anna());
    GoldenFiles.assertMatches("digest-de.html", mail.html());
    GoldenFiles.assertMatches("digest-de.txt", mail.text());
  }

  @Test
  void escapesArticleDataInHtmlAndLeavesTextUnescaped() {
    RenderedMail mail = germanFor(MailFixtures.anna());
    assertThat(mail.html()).contains("Rechenaufgaben &amp; Code");
    assertThat(mail.html()).contains("alt=\"Diagramm mit Fehlerquoten &lt;vorher/nachher&gt;\"");
    assertThat(mail.html()).contains("abwaerme?quelle=rss&amp;x=1");
    assertThat(mail.text()).contains("Rechenaufgaben & Code");
    assertThat(mail.text()).contains("https://ki-post.example.org/artikel/abwaerme?quelle=rss&x=1");
    assertThat(mail.text()).doesNotContain("&amp;", "&lt;", "&#");
  }

  @Test
  void bothPartsCarryEveryArticleLinkTheUnsubscribeLinkAndTheLegalNotice() {
    RenderedMail mail = germanFor(MailFixtures.anna());
    Digest digest = MailFixtures.german();
    for (Article article : digest.articles()) {
      assertThat(mail.text()).contains(article.title());
      assertThat(mail.text()).contains(article.link().orElseThrow().toString());
    }
    assertThat(Messages822.htmlArticleTitles(mail.html()))
        .containsExactlyElementsOf(digest.articles().stream().map(Article::title).toList());
    assertThat(Messages822.textLinks(mail.text()))
        .containsExactlyInAnyOrderElementsOf(Messages822.htmlLinks(mail.html()));
    String unsubscribe = "https://ki-post.example.org/abmelden?t=tok-anna-123";
    assertThat(mail.text()).contains(unsubscribe);
    assertThat(Messages822.htmlLinks(mail.html())).contains(unsubscribe);
    for (String legal :
        new String[] {
          "KI-Post Redaktion GmbH",
          "Lindenstraße 12",
          "10969 Berlin",
          "redaktion@ki-post.example.org"
        }) {
      assertThat(mail.text()).contains(legal);
      assertThat(Jsoup.parse(mail.html()).text()).contains(legal);
    }
  }

  @Test
  void wrapsTheTextPartAt72ColumnsAndLeavesLongUrlsWhole() {
    Recipient longToken =
        new Recipient(EmailAddress.parse("x@leser.example.net"), "X", "t".repeat(90));
    RenderedMail mail =
        renderer.render(MailFixtures.german(), MailFixtures.settings()).forRecipient(longToken);
    for (String line : mail.text().split("\n")) {
      if (!line.startsWith("https://")) {
        assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(72);
      }
    }
    assertThat(mail.text()).contains("\nhttps://ki-post.example.org/abmelden?t=" + "t".repeat(90));
  }

  @Test
  void putsAHiddenPreheaderFirstInTheBody() {
    Document doc = Jsoup.parse(germanFor(MailFixtures.anna()).html());
    Element first = doc.body().child(0);
    assertThat(first.attr("style"))
        .contains("display:none", "max-height:0", "overflow:hidden", "mso-hide:all");
    assertThat(first.text()).startsWith("Diese Woche: Selbstkontrolle");
    assertThat(doc.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
    assertThat(doc.select("meta[name=supported-color-schemes]")).hasSize(1);
    assertThat(doc.select("style").html()).contains("@media (prefers-color-scheme: dark)");
    // Fluid from inline attributes alone: full width up to 600 px, no fixed 600 px table.
    assertThat(doc.select("table[width=600]")).isEmpty();
    assertThat(doc.select("table.rb-container"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.attr("width")).isEqualTo("100%"))
        .allSatisfy(t -> assertThat(t.attr("style")).contains("width:100%;max-width:600px"));
  }

  @Test
  void givesEveryImageAltTextSizeAndAnHttpsUrl() {
    Document doc = Jsoup.parse(germanFor(MailFixtures.anna()).html());
    assertThat(doc.select("img")).hasSize(1);
    for (Element img : doc.select("img")) {
      assertThat(img.hasAttr("alt")).isTrue();
      assertThat(img.attr("src")).startsWith("https://");
      assertThat(img.attr("width")).isEqualTo("552");
      assertThat(img.attr("height")).isEqualTo("290");
    }
  }

  @Test
  void usesGermanDatesAndReadingTimesForAGermanDigest() {
    RenderedMail mail = germanFor(MailFixtures.anna());
    assertThat(mail.text()).contains("Ausgabe 48 · 26. November 2026");
    assertThat(mail.text()).contains("von Jana Vogt und Timo Brandt · 24. November 2026");
    assertThat(mail.text()).contains("4 Min. Lesezeit");
    assertThat(mail.html()).contains("Abmelden", "Impressum", "Im Browser ansehen");
  }

  @Test
  void usesEnglishDatesAndReadingTimesForAnEnglishDigest() {
    RenderedMail mail =
        renderer
            .render(MailFixtures.english(), MailFixtures.settings())
            .forRecipient(MailFixtures.anna());
    assertThat(mail.text()).contains("Issue 7 · November 26, 2026");
    assertThat(mail.text()).contains("by Ruth Baker · November 24, 2026 · 4 min read");
    assertThat(mail.text()).contains("Hello Anna Müller,");
    assertThat(mail.html()).contains("Unsubscribe", "Legal notice", "lang=\"en\"");
    assertThat(mail.html()).doesNotContain("Abmelden", "Lesezeit");
  }

  @Test
  void fallsBackToEnglishForALanguageWithoutAStringsFile() {
    Digest french =
        new Digest(
            3,
            "Semaine IA",
            MailFixtures.english().period(),
            "",
            Locale.FRENCH,
            MailFixtures.english().sections(),
            MailFixtures.CREATED);
    RenderedMail mail =
        renderer.render(french, MailFixtures.settings()).forRecipient(MailFixtures.anonymous());
    assertThat(mail.text()).contains("Hello,", "Unsubscribe", "min read");
    assertThat(mail.html()).contains("lang=\"fr\"");
  }

  @Test
  void greetsByNameAndFallsBackToANeutralGreeting() {
    RenderedDigest rendered = renderer.render(MailFixtures.german(), MailFixtures.settings());
    Recipient anna = new Recipient(EmailAddress.parse("anna@leser.example.net"), "Anna", "t1");
    assertThat(rendered.forRecipient(anna).text()).contains("\nHallo Anna,\n");
    assertThat(rendered.forRecipient(anna).html()).contains(">Hallo Anna,<");
    assertThat(rendered.forRecipient(MailFixtures.anonymous()).text()).contains("\nHallo,\n");
    Recipient tricky =
        new Recipient(EmailAddress.parse("b@leser.example.net"), "<b>Bob</b> & Co", "t2");
    assertThat(rendered.forRecipient(tricky).html())
        .contains("Hallo &lt;b&gt;Bob&lt;/b&gt; &amp; Co,");
    assertThat(rendered.forRecipient(tricky).text()).contains("Hallo <b>Bob</b> & Co,");
  }

  @Test
  void buildsPersonalLinksFromTheRecipientsToken() {
    RenderedDigest rendered = renderer.render(MailFixtures.german(), MailFixtures.settings());
    Recipient odd = new Recipient(EmailAddress.parse("c@leser.example.net"), "", "a b/c?d=e");
    String text = rendered.forRecipient(odd).text();
    assertThat(text).contains("https://ki-post.example.org/abmelden?t=a+b%2Fc%3Fd%3De");
    assertThat(text).contains("https://ki-post.example.org/einstellungen?t=a+b%2Fc%3Fd%3De");
  }

  @Test
  void refusesToRenderWithoutAnUnsubscribeLink() {
    MailSettings settings = withoutUnsubscribe();
    assertThatThrownBy(() -> renderer.render(MailFixtures.german(), settings))
        .isInstanceOf(MailSettingsException.class)
        .hasMessageContaining("unsubscribeUrlPattern");
  }

  @Test
  void refusesToRenderWithoutTheLegalNotice() {
    MailSettings noAddress =
        MailSettings.builder()
            .publisherName("KI-Post")
            .contactEmail(EmailAddress.parse("r@ki-post.example.org"))
            .unsubscribeUrlPattern("https://ki-post.example.org/u/{token}")
            .build();
    assertThatThrownBy(() -> renderer.render(MailFixtures.german(), noAddress))
        .isInstanceOf(MailSettingsException.class)
        .hasMessageContaining("postalAddress");
    MailSettings noContact =
        MailSettings.builder()
            .publisherName("KI-Post")
            .postalAddress("Weg 1, 12345 Ort")
            .unsubscribeUrlPattern("https://ki-post.example.org/u/{token}")
            .build();
    assertThatThrownBy(() -> renderer.render(MailFixtures.german(), noContact))
        .hasMessageContaining("contactEmail");
  }

  @Test
  void keepsA25ArticleDigestUnder100KbWithoutShortening() {
    RenderedDigest rendered = renderer.render(MailFixtures.large(25, 40), MailFixtures.settings());
    assertThat(rendered.warnings()).isEmpty();
    assertThat(rendered.htmlBytes()).isLessThan(100_000);
    assertThat(
            rendered
                .forRecipient(MailFixtures.anna())
                .html()
                .getBytes(StandardCharsets.UTF_8)
                .length)
        .isLessThan(100_000);
  }

  @Test
  void shortensExcerptsAndReportsItWhenTheHtmlWouldBeTooLarge() {
    Digest big = MailFixtures.large(60, 60);
    RenderedDigest rendered = renderer.render(big, MailFixtures.settings());
    assertThat(rendered.excerptsShortened()).isTrue();
    assertThat(rendered.warnings().get(0))
        .contains("issue 49", "excerpts shortened", "under 100000 bytes as sent");
    assertThat(rendered.htmlBytes()).isLessThanOrEqualTo(100_000);
    // The size is measured for a probe reader with a longer name and token than Anna's.
    assertThat(encodedHtmlPart(rendered)).isLessThanOrEqualTo(rendered.htmlBytes());
    String html = rendered.forRecipient(MailFixtures.anna()).html();
    assertThat(html)
        .contains("Meldung " + rendered.articlesShown() + ":", "Impressum", "abmelden?t=");
  }

  @Test
  void countsTheEncodedBytesAndShowsFewerArticlesWithALinkToTheArchiveWhenTheyWouldBeClipped() {
    // The issue's case: 93 articles, about 94 KB decoded, about 105 KB as sent before.
    Digest big = MailFixtures.large(93, 40);
    RenderedDigest rendered = renderer.render(big, MailFixtures.settings());
    int sent = encodedHtmlPart(rendered);
    assertThat(sent).isBetween(rendered.htmlBytes() - 400, rendered.htmlBytes());
    int shown = rendered.articlesShown();
    assertThat(shown).isBetween(10, 92);
    assertThat(rendered.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains(
                        "issue 49",
                        "as sent, over the 100000 at which Gmail clips it",
                        "shows the first " + shown + " of 93 articles",
                        "links to the web archive for the other " + (93 - shown)));
    RenderedMail mail = rendered.forRecipient(MailFixtures.anna());
    assertThat(mail.html())
        .contains("Meldung " + shown + ":")
        .doesNotContain("Meldung " + (shown + 1) + ":")
        .contains(
            (93 - shown) + " weitere Artikel dieser Ausgabe im Web-Archiv",
            "href=\"https://ki-post.example.org/archiv/49\"",
            "Impressum",
            "abmelden?t=tok-anna-123");
    assertThat(mail.text())
        .contains(
            (93 - shown)
                + " weitere Artikel dieser Ausgabe im Web-Archiv:\n"
                + "https://ki-post.example.org/archiv/49");
    // One more article would not have fitted: the budget is used, not wasted.
    assertThat(shown).isEqualTo(mostArticlesThatFit(big));
  }

  /** The HTML part's bytes between its headers and the closing boundary, as composed. */
  private static int encodedHtmlPart(RenderedDigest rendered) {
    String message =
        new String(
            MessageComposer.of(rendered, MailFixtures.CLOCK).compose(MailFixtures.anna()).bytes(),
            StandardCharsets.US_ASCII);
    int html = message.indexOf("Content-Type: text/html");
    int start = message.indexOf("\r\n\r\n", html) + 4;
    int end = message.lastIndexOf("--=_rundbrief_");
    return end - start;
  }

  private int mostArticlesThatFit(Digest digest) {
    int n = 0;
    for (int shown = 1; shown < digest.articles().size(); shown++) {
      java.util.Map<String, Object> scope =
          TemplateScope.of(digest, MailFixtures.settings(), 120, shown);
      SplicedPart html = SplicedPart.html(Templates.load(null).renderHtml(scope));
      int size = 0;
      for (byte[] piece :
          html.encodedPieces(
              new RenderedDigest(
                      digest, MailFixtures.settings(), html, html, java.util.List.of(), 0, shown)
                  .slotValues(
                      new Recipient(
                          EmailAddress.parse("size-probe-recipient@subscribers.example.org"),
                          "Maximiliane Mustermann-Schönberger",
                          "x".repeat(80))))) {
        size += piece.length;
      }
      if (size > 100_000) {
        break;
      }
      n = shown;
    }
    return n;
  }

  @Test
  void showsALeadImageOfUnknownSizeAtTheFullContentWidth() {
    Article markdownLike =
        Article.builder()
            .title("Mit Bild")
            .link(java.net.URI.create("https://ki-post.example.org/a"))
            .summary("Text.")
            .leadImage(
                dev.rundbrief.core.Image.of(
                    java.net.URI.create("https://ki-post.example.org/a.png"), "Ein Bild"))
            .build();
    Digest digest =
        new Digest(
            1,
            "Bilder",
            MailFixtures.german().period(),
            "",
            Locale.GERMAN,
            java.util.List.of(new dev.rundbrief.core.Section("", java.util.List.of(markdownLike))),
            MailFixtures.CREATED);
    Document doc =
        Jsoup.parse(
            renderer
                .render(digest, MailFixtures.settings())
                .forRecipient(MailFixtures.anna())
                .html());
    Element img = doc.selectFirst("img");
    assertThat(img).isNotNull();
    assertThat(img.attr("src")).isEqualTo("https://ki-post.example.org/a.png");
    assertThat(img.attr("alt")).isEqualTo("Ein Bild");
    assertThat(img.attr("width")).isEqualTo("552");
    assertThat(img.hasAttr("height")).isFalse();
    assertThat(img.attr("style")).contains("height:auto");
  }

  @Test
  void keepsANumberWithItsShortLabelInTheTitle() {
    assertThat(TemplateScope.numbersKeptWithTheirLabel("KI-Woche Nr. 1"))
        .isEqualTo("KI-Woche Nr.\u00a01");
    assertThat(TemplateScope.numbersKeptWithTheirLabel("Rundbrief KW 48/2026"))
        .isEqualTo("Rundbrief KW\u00a048/2026");
    assertThat(TemplateScope.numbersKeptWithTheirLabel("Digest no. 12 of 2026"))
        .isEqualTo("Digest no.\u00a012 of\u00a02026");
    // A long word before a number is a word of the title, not a label.
    assertThat(TemplateScope.numbersKeptWithTheirLabel("KI-Woche 48/2026"))
        .isEqualTo("KI-Woche 48/2026");
  }

  @Test
  void showsAtLeastOneMinuteOfReadingTime() {
    Article tiny = Article.builder().title("Kurz").summary("Nur ein Satz.").build();
    Article long650 =
        Article.builder().title("Lang").content("<p>" + "Wort ".repeat(650) + "</p>", null).build();

    assertThat(TemplateScope.readingMinutes(tiny)).isEqualTo(1);
    assertThat(TemplateScope.readingMinutes(long650)).isEqualTo(4);
  }

  private static MailSettings withoutUnsubscribe() {
    return MailSettings.builder()
        .publisherName("KI-Post")
        .postalAddress("Weg 1, 12345 Ort")
        .contactEmail(EmailAddress.parse("r@ki-post.example.org"))
        .build();
  }
}
