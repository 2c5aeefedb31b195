package dev.rundbrief.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ArticleTest {
  private static final URI LINK = URI.create("https://example.org/ki/paris-buero");
  private static final Instant PUBLISHED = Instant.parse("2026-11-24T09:30:00Z");

  @Test
  void articlesWithTheSameIdAreEqualWhateverElseDiffers() {
    Article first = Article.builder().title("OpenAI eröffnet Büro in Paris").link(LINK).build();
    Article corrected =
        Article.builder()
            .title("OpenAI eröffnet ein Büro in Paris")
            .link(URI.create("http://www.example.org/ki/paris-buero/?utm_source=rss"))
            .summary("Korrigierte Fassung")
            .build();
    assertThat(corrected).isEqualTo(first).hasSameHashCodeAs(first);
  }

  @Test
  void articlesWithDifferentIdsDiffer() {
    Article a = Article.builder().title("Gleicher Titel").link(LINK).build();
    Article b =
        Article.builder().title("Gleicher Titel").link(URI.create("https://example.org/b")).build();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void derivesTheIdFromTheNormalizedLink() {
    Article article =
        Article.builder()
            .title("Titel")
            .link(URI.create("http://www.example.org/ki/paris-buero/#oben"))
            .build();
    assertThat(article.id()).isEqualTo(ArticleId.of("https://example.org/ki/paris-buero"));
  }

  @Test
  void derivesTheIdFromTitleAndUtcDayWithoutALink() {
    Article article = Article.builder().title("Notizen zur KI-Woche").published(PUBLISHED).build();
    assertThat(article.id())
        .isEqualTo(ArticleId.fromContent("Notizen zur KI-Woche", LocalDate.of(2026, 11, 24)));
    Article again = Article.builder().title("notizen zur ki woche").published(PUBLISHED).build();
    assertThat(again.id()).isEqualTo(article.id());
  }

  @Test
  void aRelativeLinkDoesNotMakeAnId() {
    Article article =
        Article.builder().title("Lokaler Text").link(URI.create("texte/lokal.txt")).build();
    assertThat(article.id()).isEqualTo(ArticleId.fromContent("Lokaler Text", null));
  }

  @Test
  void anExplicitIdWins() {
    Article article =
        Article.builder().id(ArticleId.of("tag:example.org,2026:7")).title("T").link(LINK).build();
    assertThat(article.id().value()).isEqualTo("tag:example.org,2026:7");
  }

  @Test
  void dropsCaseInsensitiveDuplicateTagsKeepingTheFirstSpelling() {
    Article article =
        Article.builder()
            .title("T")
            .tag("KI")
            .tag("ki")
            .tag(" Politik ")
            .tag("  ")
            .tag(null)
            .tags(List.of("POLITIK", "Forschung"))
            .build();
    assertThat(article.tags()).containsExactly("KI", "Politik", "Forschung");
  }

  @Test
  void copiesListsSoLaterChangesDoNotLeakIn() {
    List<Author> authors = new ArrayList<>(List.of(Author.of("Erika Mustermann")));
    List<String> tags = new ArrayList<>(List.of("KI"));
    Article.Builder builder = Article.builder().title("T").authors(authors).tags(tags);
    Article article = builder.build();
    authors.add(Author.of("Max Mustermann"));
    tags.add("Politik");
    builder.author(Author.of("Noch jemand")).tag("Wirtschaft");

    assertThat(article.authors()).extracting(Author::name).containsExactly("Erika Mustermann");
    assertThat(article.tags()).containsExactly("KI");
    assertThatThrownBy(() -> article.tags().add("X"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> article.authors().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void collapsesWhitespaceInTheTitleAndRejectsABlankOne() {
    assertThat(Article.builder().title("  OpenAI \n eröffnet\tBüro ").build().title())
        .isEqualTo("OpenAI eröffnet Büro");
    assertThatThrownBy(() -> Article.builder().title(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title");
    assertThatThrownBy(() -> Article.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void datesByPublicationElseUpdate() {
    Instant updated = PUBLISHED.plusSeconds(3600);
    assertThat(Article.builder().title("T").published(PUBLISHED).updated(updated).build().date())
        .contains(PUBLISHED);
    assertThat(Article.builder().title("T").updated(updated).build().date()).contains(updated);
    assertThat(Article.builder().title("T").build().date()).isEmpty();
  }

  @Test
  void sanitizesTheContent() {
    Article article =
        Article.builder()
            .title("T")
            .content(
                "<p onclick=\"x()\">Text <a href=\"/mehr\">mehr</a></p><script>alert(1)</script>",
                URI.create("https://example.org/ki/"))
            .build();
    assertThat(article.contentHtml())
        .contains("https://example.org/mehr")
        .doesNotContain("script", "onclick");
  }

  @Test
  void aCopyKeepsEveryPartAndTheId() {
    Article article =
        Article.builder()
            .title("OpenAI eröffnet Büro in Paris")
            .published(PUBLISHED)
            .author(Author.of("Erika Mustermann"))
            .summary("Kurz")
            .tag("KI")
            .language(Locale.GERMANY)
            .source("Beispiel-News")
            .leadImage(Image.of(URI.create("https://example.org/bild.jpg"), "Eiffelturm"))
            .related(
                new RelatedLink(
                    RelatedLink.Relation.PREVIOUS,
                    "Vorher",
                    URI.create("https://example.org/vorher")))
            .build();
    Article copy = article.toBuilder().build();
    assertThat(copy).usingRecursiveComparison().isEqualTo(article);

    Article retitled = article.toBuilder().title("Anderer Titel").build();
    assertThat(retitled.id()).isEqualTo(article.id());
    assertThat(article.withTags(List.of("Politik")).tags()).containsExactly("Politik");
    assertThat(article.tags()).containsExactly("KI");
  }
}
