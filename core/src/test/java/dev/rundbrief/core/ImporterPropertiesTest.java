package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Properties of the text and Markdown importers for arbitrary input. */
class ImporterPropertiesTest {
  private static final ImportOptions OPTIONS = ImportOptions.defaults(Locale.GERMAN);

  /** Text made of the characters the importers treat specially, plus markup and letters. */
  @Provide
  Arbitrary<String> articleLikeText() {
    return Arbitraries.strings()
        .withChars("aäZ ß.:!?\n\n\n\r\t„“\"»«-*1#<>/=&;'`[]()")
        .withChars("<script>javascript:onerror=\u00A0\u2028\u000B")
        .ofMinLength(1)
        .ofMaxLength(400);
  }

  @Property(tries = 200)
  void importsAnyTextSafelyOrRefusesItWithANamedImportException(
      @ForAll("articleLikeText") String text) {
    for (ArticleImporter importer :
        new ArticleImporter[] {new TextImporter(), new MarkdownImporter()}) {
      ImportSource source = ImportSource.of("any.txt", text.getBytes(StandardCharsets.UTF_8), null);
      ImportResult result;
      try {
        result = importer.importArticle(source, OPTIONS);
      } catch (ImportException e) {
        assertThat(e.getMessage()).startsWith("'any.txt': ");
        continue;
      }
      Article article = result.article();
      Document body = Jsoup.parseBodyFragment(article.contentHtml());
      assertThat(article.title()).isNotBlank();
      assertThat(body.select("script, iframe, [onerror], [onclick]")).isEmpty();
      assertThat(body.select("a[href^=javascript], img[src^=javascript]")).isEmpty();
      assertThat(importer.importArticle(source, OPTIONS).article().id()).isEqualTo(article.id());
    }
  }

  @Property(tries = 100)
  void neverPutsTheNavigationTitlesIntoTheBody(
      @ForAll("paragraph") String body,
      @ForAll("paragraph") String previous,
      @ForAll("paragraph") String next) {
    String text =
        "Titel\n\nAbsatz "
            + body
            + ".\n\nZurück\nZurück\n\n"
            + previous
            + "\n\nWeiter\nWeiter\n\n"
            + next;

    Article article =
        new TextImporter()
            .importArticle(
                ImportSource.of("nav.txt", text.getBytes(StandardCharsets.UTF_8), null), OPTIONS)
            .article();

    assertThat(article.related())
        .containsExactly(
            new RelatedLink(RelatedLink.Relation.PREVIOUS, previous, null),
            new RelatedLink(RelatedLink.Relation.NEXT, next, null));
    assertThat(Jsoup.parseBodyFragment(article.contentHtml()).text())
        .isEqualTo("Absatz " + body + ".");
  }

  @Provide
  Arbitrary<String> paragraph() {
    return Arbitraries.strings()
        .withChars("abcäöüß KI-")
        .ofMinLength(3)
        .ofMaxLength(80)
        .map(String::strip)
        .filter(s -> s.length() >= 3 && !s.contains("  "))
        // A neighbour titled like a navigation word is indistinguishable from one.
        .filter(s -> !s.equalsIgnoreCase("back"));
  }
}
