package dev.rundbrief.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.testing.ActiveContent.Urls;
import org.junit.jupiter.api.Test;

class ActiveContentTest {
  @Test
  void plainMarkupWithAbsoluteLinksIsNotActive() {
    String html =
        "<p>Die <b>KI</b>-Woche: <a href=\"https://ki.example.org/a?b=1#c\">mehr</a>,"
            + " <a href=\"mailto:redaktion@example.org\">Post</a>"
            + " <img src=\"http://ki.example.org/bild.png\" alt=\"Bild\"></p>";
    assertThat(ActiveContent.find(html, Urls.ABSOLUTE_ONLY)).isEmpty();
  }

  @Test
  void findsElementsHandlersAndStyles() {
    assertThat(ActiveContent.find("<p>a<script>alert(1)</script></p>", Urls.RELATIVE_ALLOWED))
        .contains("element <script>");
    assertThat(ActiveContent.find("<svg><circle/></svg>", Urls.RELATIVE_ALLOWED))
        .contains("element <svg>");
    assertThat(ActiveContent.find("<b OnClick=\"x()\">a</b>", Urls.RELATIVE_ALLOWED))
        .contains("attribute onclick on <b>");
    assertThat(ActiveContent.find("<p style=\"background:url(x)\">a</p>", Urls.RELATIVE_ALLOWED))
        .contains("attribute style on <p>");
    assertThat(ActiveContent.find("<img srcset=\"a.png 1x\">", Urls.RELATIVE_ALLOWED))
        .contains("attribute srcset on <img>");
  }

  @Test
  void readsTheSchemeAsABrowserDoes() {
    assertThat(ActiveContent.browserScheme(" \u0001java\tscr\nipt:alert(1)"))
        .isEqualTo("javascript");
    assertThat(ActiveContent.browserScheme("JavaScript:alert(1)")).isEqualTo("javascript");
    assertThat(ActiveContent.browserScheme("data:text/html,x")).isEqualTo("data");
    assertThat(ActiveContent.browserScheme("/seite?x=a:b")).isEqualTo("(relative)");
    assertThat(ActiveContent.browserScheme("java script:x")).isEqualTo("(relative)");
    assertThat(
            ActiveContent.find("<a href=\" java&#9;script:alert(1)\">x</a>", Urls.RELATIVE_ALLOWED))
        .hasValueSatisfying(s -> assertThat(s).startsWith("URL scheme javascript in href="));
  }

  @Test
  void relativeUrlsPassOnlyWhenAllowed() {
    String html = "<a href=\"/archiv/1.html\">Archiv</a>";
    assertThat(ActiveContent.find(html, Urls.RELATIVE_ALLOWED)).isEmpty();
    assertThat(ActiveContent.find(html, Urls.ABSOLUTE_ONLY))
        .contains("URL scheme (relative) in href=\"/archiv/1.html\"");
  }
}
