package dev.rundbrief.core;

import static dev.rundbrief.core.ImportFixtures.FRENCH_DEFAULT;
import static dev.rundbrief.core.ImportFixtures.GERMAN_DEFAULT;
import static dev.rundbrief.core.ImportFixtures.source;
import static dev.rundbrief.core.ImportFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.testing.GoldenFiles;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownImporterTest {
  private final MarkdownImporter importer = new MarkdownImporter();

  private ImportResult importMarkdown(String text) {
    return importer.importArticle(utf8("post.md", text), FRENCH_DEFAULT);
  }

  private Article article(String text) {
    return importMarkdown(text).article();
  }

  private static Document body(Article article) {
    return Jsoup.parseBodyFragment(article.contentHtml());
  }

  @Test
  void readsEveryFrontMatterKey() {
    ImportResult result =
        importer.importArticle(source("import/release-notes-en.md"), GERMAN_DEFAULT);
    Article article = result.article();

    assertThat(result.warnings()).isEmpty();
    assertThat(article.title()).isEqualTo("Open model release: what changed in version 2");
    assertThat(article.published()).contains(Instant.parse("2025-03-14T08:30:00Z"));
    assertThat(article.updated()).contains(Instant.parse("2025-03-15T00:00:00Z"));
    assertThat(article.tags()).containsExactly("Models", "open source");
    assertThat(article.link()).contains(URI.create("https://news.example.org/2025/open-model-v2"));
    assertThat(article.id())
        .isEqualTo(ArticleId.fromUrl(URI.create("https://news.example.org/2025/open-model-v2")));
    assertThat(article.authors())
        .containsExactly(
            new Author("Jane Doe", "jane@example.org", null), Author.of("Erik Å. Berg"));
    assertThat(article.summary())
        .isEqualTo("The second version is smaller, faster and ships with a new licence.");
    assertThat(article.leadImage())
        .contains(
            Image.of(
                URI.create("https://news.example.org/images/v2-chart.png"), "Benchmark chart"));
    assertThat(article.language()).contains(Locale.forLanguageTag("en-GB"));
    assertThat(article.source()).isEqualTo("Example News");
  }

  @Test
  void rendersTheBodyToSanitizedHtml() {
    Article article =
        importer.importArticle(source("import/release-notes-en.md"), GERMAN_DEFAULT).article();
    Document body = body(article);

    GoldenFiles.assertMatches("release-notes-en.html", article.contentHtml() + "\n");
    // The first heading repeats the title, so it is not part of the body.
    assertThat(body.select("h1")).isEmpty();
    assertThat(body.select("h2").eachText()).containsExactly("Numbers");
    assertThat(body.select("table tbody tr")).hasSize(2);
    assertThat(body.select("th").eachText()).containsExactly("Model", "Parameters", "Score");
    assertThat(body.select("blockquote").text())
        .isEqualTo("Smaller models that do more are the point of this release.");
    assertThat(body.select("a").eachAttr("href"))
        .containsExactly(
            "https://news.example.org/2025/announcement", "https://papers.example.org/v2");
    assertThat(body.select("script, [onclick]")).isEmpty();
    assertThat(article.contentHtml()).doesNotContain("alert", "steal");
    assertThat(body.select("ul > li").eachText())
        .containsExactly("Faster inference", "New licence");
  }

  @Test
  void takesTheTitleFromTheFirstHeadingAndRemovesItFromTheBody() {
    ImportResult result = importer.importArticle(source("import/foerderung-de.md"), FRENCH_DEFAULT);
    Article article = result.article();

    assertThat(article.title()).isEqualTo("Land fördert KI-Labore an Hochschulen");
    assertThat(body(article).select("h1")).isEmpty();
    assertThat(body(article).select("h2").eachText()).containsExactly("Wer Anträge stellen kann");
    assertThat(article.summary())
        .isEqualTo(
            "Das Land stellt für die nächsten drei Jahre zusätzliche Mittel für Rechenzentren an"
                + " Hochschulen bereit. Die Förderung ist für die Ausbildung von Studierenden"
                + " gedacht.");
    assertThat(article.tags()).containsExactly("Förderung", "Hochschulen");
    assertThat(article.authors()).containsExactly(Author.of("Dr. Jörg Weiß"));
    assertThat(article.published()).contains(Instant.parse("2025-02-03T00:00:00Z"));
    assertThat(article.language()).contains(Locale.GERMAN);
    assertThat(article.id())
        .isEqualTo(
            ArticleId.fromContent(
                "Land fördert KI-Labore an Hochschulen", LocalDate.of(2025, 2, 3)));
    assertThat(result.warnings())
        .containsExactly(
            "'foerderung-de.md': front matter key 'layout' is not known and was ignored");
  }

  @Test
  void givesTheSameIdWhenTheSameFileIsImportedTwice() {
    Article first =
        importer.importArticle(source("import/foerderung-de.md"), GERMAN_DEFAULT).article();
    Article second =
        importer.importArticle(source("import/foerderung-de.md"), FRENCH_DEFAULT).article();
    Article otherDay =
        article("---\ndate: 2025-02-04\n---\n# Land fördert KI-Labore an Hochschulen\n\nText.");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(otherDay.id()).isNotEqualTo(first.id());
  }

  @Test
  void keepsAFirstHeadingThatDiffersFromTheDeclaredTitle() {
    Article article = article("---\ntitle: Der Titel\n---\n# Eine andere Überschrift\n\nText.");

    assertThat(article.title()).isEqualTo("Der Titel");
    assertThat(body(article).select("h1").eachText()).containsExactly("Eine andere Überschrift");
  }

  @Test
  void readsATextWithoutFrontMatter() {
    Article article = article("# Nur Markdown\n\nEin *kurzer* Absatz.");

    assertThat(article.title()).isEqualTo("Nur Markdown");
    assertThat(article.contentHtml()).isEqualTo("<p>Ein <em>kurzer</em> Absatz.</p>");
    assertThat(article.summary()).isEqualTo("Ein kurzer Absatz.");
    assertThat(article.language()).contains(Locale.FRENCH);
  }

  @ParameterizedTest
  @CsvSource({
    "2025-03-14, 2025-03-14T00:00:00Z",
    "2025-03-14T09:30:00Z, 2025-03-14T09:30:00Z",
    "2025-03-14T09:30:00+01:00, 2025-03-14T08:30:00Z",
    "2025-03-14T09:30:00-0500, 2025-03-14T14:30:00Z",
    "2025-03-14T09:30:00, 2025-03-14T09:30:00Z",
    "2025-03-14 09:30, 2025-03-14T09:30:00Z",
    "2025-03-14 09:30:00 +02:00, 2025-03-14T07:30:00Z",
    "2025-03-14T09:30:00.250Z, 2025-03-14T09:30:00.250Z",
    "2025-07-01T23:30:00+02, 2025-07-01T21:30:00Z"
  })
  void readsDatesWithOrWithoutTimeAndOffsetAndTakesUtcWhenNoneIsGiven(String value, String utc) {
    Article article = article("---\ntitle: T\ndate: " + value + "\n---\nText.");

    assertThat(article.published()).contains(Instant.parse(utc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"14.03.2025", "2025-02-30", "2025-03-14T25:00", "gestern", "2025"})
  void refusesADateItCannotReadNamingTheKeyAndTheValue(String value) {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\ndate: " + value + "\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'post.md': front matter 'date': '" + value + "' is not a date");
  }

  @Test
  void namesTheUpdatedKeyWhenItsDateIsBad() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\nupdated: Montag\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'post.md': front matter 'updated': 'Montag' is not a date");
  }

  @Test
  void readsTagsAsACommaSeparatedString() {
    Article article = article("---\ntitle: T\ntags: KI,  Europa , ,ki\n---\nText.");

    assertThat(article.tags()).containsExactly("KI", "Europa");
  }

  @Test
  void readsAuthorsAsAListOfNames() {
    Article article =
        article("---\ntitle: T\nauthors: [Anna Schmidt, \"Müller, Ben\"]\n---\nText.");

    assertThat(article.authors())
        .containsExactly(Author.of("Anna Schmidt"), Author.of("Müller, Ben"));
  }

  @Test
  void readsAnAuthorEntryWithAHomePage() {
    Article article =
        article("---\ntitle: T\nauthor:\n  name: Ada\n  url: https://ada.example.org/\n---\nText.");

    assertThat(article.authors())
        .containsExactly(new Author("Ada", null, URI.create("https://ada.example.org/")));
  }

  @Test
  void keepsScalarsAsWrittenInsteadOfGuessingTypes() {
    Article article = article("---\ntitle: 2025\nsummary: yes\nsource: ~\n---\nText.");

    assertThat(article.title()).isEqualTo("2025");
    assertThat(article.summary()).isEqualTo("yes");
    assertThat(article.source()).isEmpty();
  }

  @Test
  void takesTheDeclaredLanguageOverTheDetectedOne() {
    String englishBody =
        "The board said that the new model is not ready and that it will be tested for another"
            + " month by the team in the lab.";

    assertThat(article("---\ntitle: T\nlang: de\n---\n" + englishBody).language())
        .contains(Locale.GERMAN);
    assertThat(article("---\ntitle: T\n---\n" + englishBody).language()).contains(Locale.ENGLISH);
  }

  @Test
  void detectsTheLanguageAndWarnsWhenTheDeclaredTagIsNotALanguage() {
    ImportResult result =
        importMarkdown(
            "---\ntitle: T\nlanguage: Klingonisch!\n---\nDer Rat sagte, dass das neue Modell noch"
                + " nicht bereit ist und für einen weiteren Monat von dem Team im Labor getestet"
                + " wird.");

    assertThat(result.article().language()).contains(Locale.GERMAN);
    assertThat(result.warnings())
        .containsExactly(
            "'post.md': front matter 'language': 'Klingonisch!' is not a language tag such as 'de'"
                + " or 'en-GB'; the language was detected instead");
  }

  @Test
  void resolvesARelativeImageAgainstTheSourceUrlWhenThereIsNoLink() {
    ImportResult result =
        importer.importArticle(
            ImportSource.of(
                "remote.md",
                "---\ntitle: T\nimage: img/a.png\n---\n[mehr](mehr.html)"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                URI.create("https://blog.example.de/posts/eins.md")),
            GERMAN_DEFAULT);

    assertThat(result.article().leadImage())
        .contains(Image.of(URI.create("https://blog.example.de/posts/img/a.png"), ""));
    assertThat(Jsoup.parseBodyFragment(result.article().contentHtml()).select("a").attr("href"))
        .isEqualTo("https://blog.example.de/posts/mehr.html");
  }

  @Test
  void ignoresARelativeImageWithoutABaseWithAWarning() {
    ImportResult result = importMarkdown("---\ntitle: T\nimage: img/a.png\n---\nText.");

    assertThat(result.article().leadImage()).isEmpty();
    assertThat(result.warnings())
        .containsExactly(
            "'post.md': front matter 'image': 'img/a.png' is relative and there is no 'link' to"
                + " resolve it against; it was ignored");
  }

  @Test
  void refusesALinkThatIsNotAnAbsoluteWebUrl() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\nlink: /relative/path\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'post.md': front matter 'link': '/relative/path' is not an absolute http or https URL");
  }

  @Test
  void refusesATextWithoutTitle() {
    assertThatThrownBy(
            () -> importMarkdown("---\ndate: 2025-01-01\n---\n## Nur Zwischentitel\n\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'post.md': has no title: add 'title:' to the front matter or start the text with '#"
                + " Title'");
  }

  @Test
  void refusesFrontMatterWithoutClosingLine() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\n\n# Text"))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "'post.md': the front matter that starts with '---' on line 1 has no closing '---'"
                + " line");
  }

  @Test
  void refusesInvalidYamlNamingTheLine() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\ntags: [a, b\nlink: x\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'post.md': the front matter is not valid YAML: ")
        .hasMessageContaining("(line ");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: A\ntitle: B\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'post.md': the front matter is not valid YAML: ")
        .hasMessageContaining("title");
  }

  @Test
  void refusesFrontMatterThatIsNotAMapping() {
    assertThatThrownBy(() -> importMarkdown("---\n- a\n- b\n---\n# T"))
        .isInstanceOf(ImportException.class)
        .hasMessage("'post.md': the front matter is not a list of 'key: value' lines");
  }

  @Test
  void refusesATitleThatIsAList() {
    assertThatThrownBy(() -> importMarkdown("---\ntitle: [a, b]\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessage("'post.md': front matter 'title' must be text, not a list");
  }

  @Test
  void refusesAliasBombs() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    String previous = "a";
    for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
      yaml.append(name)
          .append(": &")
          .append(name)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous)))
          .append("]\n");
      previous = name;
    }

    assertThatThrownBy(() -> importMarkdown("---\ntitle: T\n" + yaml + "---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("'post.md': the front matter is not valid YAML: ");
  }

  @Test
  void readsTheLeadImagesSizeFromTheFrontMatter() {
    Article a =
        article(
            "---\ntitle: T\nimage:\n  url: https://news.example.org/a.png\n  alt: A\n"
                + "  width: 1200\n  height: 675px\n---\nText.");
    assertThat(a.leadImage())
        .hasValueSatisfying(
            i -> {
              assertThat(i.width()).isEqualTo(1200);
              assertThat(i.height()).isEqualTo(675);
              assertThat(i.alt()).isEqualTo("A");
            });
    assertThatThrownBy(
            () ->
                article(
                    "---\ntitle: T\nimage:\n  url: https://news.example.org/a.png\n"
                        + "  width: breit\n---\nText."))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("front matter 'image': width 'breit' is not a size in pixels");
  }
}
