package dev.rundbrief.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpmlTest {
  private static final List<FeedSource> SOURCES =
      List.of(
          new FeedSource(
              "KI-Rundschau & Co.",
              URI.create("https://ki-rundschau.example/feed.xml"),
              URI.create("https://ki-rundschau.example/")),
          FeedSource.of("Bäckerei <Blog>", URI.create("https://baeckerei.example/rss?x=1&y=2")));

  private static byte[] write(List<FeedSource> sources) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opml.write(sources, "Rundbrief-Quellen", out);
    return out.toByteArray();
  }

  @Test
  void writesOpml20ThatMatchesTheGoldenFile() {
    assertThat(new String(write(SOURCES), UTF_8))
        .isEqualTo(new String(FeedReaderTest.fixture("sources.opml"), UTF_8));
  }

  @Test
  void readsBackWhatItWrote() {
    assertThat(Opml.read(write(SOURCES), "sources.opml")).isEqualTo(SOURCES);
  }

  @Test
  void readsOutlinesNestedInFoldersAndSkipsOutlinesWithoutFeed() {
    String opml =
        "<?xml version=\"1.0\"?>\n<opml version=\"1.0\"><head><title>x</title></head><body>\n"
            + "<outline text=\"Ordner\">\n"
            + "  <outline text=\"Wetter\" type=\"rss\" xmlUrl=\"https://wetter.example/rss\"/>\n"
            + "  <outline text=\"Nur ein Link\" type=\"link\" url=\"https://x.example/\"/>\n"
            + "</outline>\n"
            + "<outline title=\"Technik\" text=\"ignored\" xmlUrl=\"https://technik.example/atom.xml\""
            + " htmlUrl=\"https://technik.example/\"/>\n"
            + "</body></opml>";

    assertThat(Opml.read(opml.getBytes(UTF_8), "export.opml"))
        .containsExactly(
            FeedSource.of("Wetter", URI.create("https://wetter.example/rss")),
            new FeedSource(
                "Technik",
                URI.create("https://technik.example/atom.xml"),
                URI.create("https://technik.example/")));
  }

  @Test
  void refusesARelativeFeedUrlNamingTheLine() {
    String opml =
        "<opml version=\"2.0\"><head/><body>\n\n<outline text=\"x\" xmlUrl=\"feed.xml\"/></body></opml>";

    assertThatThrownBy(() -> Opml.read(opml.getBytes(UTF_8), "bad.opml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("feed 'bad.opml' line 3: <outline> xmlUrl 'feed.xml' is not an absolute URL");
  }

  @Test
  void refusesEntityDeclarations() {
    String opml =
        "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
            + "<opml version=\"2.0\"><head><title>&x;</title></head><body/></opml>";

    assertThatThrownBy(() -> Opml.read(opml.getBytes(UTF_8), "xxe.opml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("internal subset");
  }

  @Test
  void refusesADocumentThatIsNotOpml() {
    assertThatThrownBy(() -> Opml.read(FeedReaderTest.fixture("rss20.xml"), "rss20.xml"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("feed 'rss20.xml' line 4: the root element <rss> is not <opml>");
  }
}
