package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedSecurityTest {
  private static final String SECRET = "geheimes-passwort-4711";

  private final FeedReader reader = FeedReader.create();

  @Test
  void refusesAnExternalFileEntityWithoutReadingTheFile(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, SECRET);
    FileTime before = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setAttribute(secret, "lastAccessTime", before);
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n  <!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">\n]>\n<rss version=\"2.0\"><channel><title>&xxe;</title>"
            + "<item><title>&xxe;</title></item></channel></rss>";

    assertThatThrownBy(() -> reader.read(xxe.getBytes(UTF_8), "xxe.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage(
            "feed 'xxe.xml' line 2: has a DOCTYPE with an internal subset; entity declarations"
                + " are refused and never expanded (they are how XXE and entity expansion attacks"
                + " work)")
        .hasMessageNotContaining(SECRET);
    assertThat(Files.getAttribute(secret, "lastAccessTime")).isEqualTo(before);
  }

  @Test
  void refusesABillionLaughsBombQuickly() {
    StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n");
    bomb.append("<!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("<!ENTITY lol").append(i).append(" \"");
      bomb.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    bomb.append("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
    byte[] bytes = bomb.toString().getBytes(UTF_8);

    // The real check is the exception; the timeout is only a safety net against a hang.
    FeedFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              try {
                reader.read(bytes, "lolz.xml");
                return null;
              } catch (FeedFormatException refused) {
                return refused;
              }
            });

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith("feed 'lolz.xml' line 2: has a DOCTYPE with an internal subset")
        .doesNotContain("lollol");
    assertThat(e.line()).isEqualTo(2);
  }

  @Test
  void refusesAParameterEntityDeclaration() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>"
            + "<rss version=\"2.0\"><channel><title>T</title></channel></rss>";

    assertThatThrownBy(() -> reader.read(xml.getBytes(UTF_8), "param.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("internal subset")
        .hasMessageNotContaining("root:");
  }

  @Test
  void neverExpandsAnEntityEvenWhenTheRepairSeesOne() {
    // No DOCTYPE: &xxe; is an undefined entity, escaped as text by the repair pass.
    String xml =
        "<rss version=\"2.0\"><channel><title>T</title><item><title>A &xxe; B</title></item>"
            + "</channel></rss>";

    FeedDocument feed = reader.read(xml.getBytes(UTF_8), "undefined.xml");

    assertThat(feed.articles().get(0).title()).isEqualTo("A &xxe; B");
  }
}
