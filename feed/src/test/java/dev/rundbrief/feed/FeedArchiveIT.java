package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import dev.rundbrief.core.Article;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Publishes archived feeds into real directories and walks them the way RFC 5005 readers do. */
class FeedArchiveIT {
  @TempDir Path dir;

  private static FeedArchive archive(FeedFormat format, int pageSize) {
    return FeedArchive.of(WriteFixtures.writer(format, "articles"), pageSize);
  }

  @Test
  void aFeedThatFitsOnOnePageIsOneCompleteDocument() throws Exception {
    FeedArchive.Published published =
        archive(FeedFormat.ATOM, 10).publishArticles(WriteFixtures.manyArticles(10), dir);
    assertThat(published.archives()).isEmpty();
    assertThat(published.subscription()).isEqualTo(dir.resolve("articles.atom"));
    assertThat(Files.readString(published.subscription())).contains("<fh:complete/>");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("articles.atom");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = FeedFormat.class,
      names = {"RSS", "ATOM"})
  void readersReconstructTheWholeHistoryByFollowingPrevArchive(FeedFormat format) throws Exception {
    List<Article> all = WriteFixtures.manyArticles(23);
    FeedArchive.Published published = archive(format, 5).publishArticles(all, dir);
    assertThat(published.archives())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "articles-archive-1." + format.fileExtension(),
            "articles-archive-2." + format.fileExtension(),
            "articles-archive-3." + format.fileExtension(),
            "articles-archive-4." + format.fileExtension());

    List<String> seen = new ArrayList<>();
    Path current = published.subscription();
    SyndFeed doc = parse(current);
    assertThat(doc.getEntries()).hasSize(3);
    assertThat(rawXml(published.subscription())).doesNotContain("fh:complete", "fh:archive");
    int documents = 1;
    while (true) {
      doc.getEntries().stream().map(SyndEntry::getLink).forEach(seen::add);
      String prev = link(doc, "prev-archive", current);
      if (prev == null) {
        break;
      }
      Path file = dir.resolve(prev.substring(prev.lastIndexOf('/') + 1));
      assertThat(documents).as("no loop in the archive chain").isLessThan(10);
      current = file;
      assertThat(rawXml(file)).contains("<fh:archive/>");
      doc = parse(file);
      assertThat(doc.getEntries()).hasSize(5);
      assertThat(link(doc, "current", file))
          .isEqualTo("https://ki-woche.example/feeds/articles." + format.fileExtension());
      documents++;
    }
    assertThat(documents).isEqualTo(5);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            all.stream().map(a -> a.link().orElseThrow().toString()).toList());
    String archive2 = rawXml(published.archives().get(1));
    assertThat(archive2)
        .contains("rel=\"prev-archive\"", "articles-archive-1.", "rel=\"next-archive\"")
        .contains("articles-archive-3.");
    assertThat(rawXml(published.archives().get(0))).doesNotContain("prev-archive");
    assertThat(rawXml(published.archives().get(3)))
        .as("the newest archive links to no page that does not exist yet")
        .doesNotContain("next-archive");
    // Page 1 holds the five oldest items, in any order inside the document.
    assertThat(parse(published.archives().get(0)).getEntries())
        .extracting(SyndEntry::getLink)
        .containsExactlyInAnyOrder(
            "https://ki-woche.example/meldungen/1",
            "https://ki-woche.example/meldungen/2",
            "https://ki-woche.example/meldungen/3",
            "https://ki-woche.example/meldungen/4",
            "https://ki-woche.example/meldungen/5");
  }

  @Test
  void fullArchivePagesKeepTheirBytesAndModificationTimeWhenItemsAreAdded() throws Exception {
    // Page 1 never changes again; page 2, the newest archive, changes once: it gains the
    // next-archive link when page 3 is archived.
    FeedArchive archive = archive(FeedFormat.RSS, 5);
    FeedArchive.Published first = archive.publishArticles(WriteFixtures.manyArticles(12), dir);
    assertThat(first.archives()).hasSize(2);
    Map<Path, byte[]> bytes = new HashMap<>();
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    for (Path page : first.archives()) {
      bytes.put(page, Files.readAllBytes(page));
      Files.setLastModifiedTime(page, old);
    }
    byte[] subscriptionBefore = Files.readAllBytes(first.subscription());

    FeedArchive.Published same = archive.publishArticles(WriteFixtures.manyArticles(12), dir);
    assertThat(same.written()).as("nothing changed, nothing written").isEmpty();

    FeedArchive.Published grown = archive.publishArticles(WriteFixtures.manyArticles(21), dir);
    assertThat(grown.archives()).hasSize(4);
    Path page1 = first.archives().get(0);
    assertThat(Files.readAllBytes(page1)).as("%s bytes", page1).isEqualTo(bytes.get(page1));
    assertThat(Files.getLastModifiedTime(page1)).as("%s mtime", page1).isEqualTo(old);
    assertThat(rawXml(first.archives().get(1))).contains("articles-archive-3.rss");
    assertThat(grown.written())
        .containsExactlyInAnyOrder(
            grown.archives().get(1),
            grown.archives().get(2),
            grown.archives().get(3),
            grown.subscription());
    assertThat(Files.readAllBytes(grown.subscription())).isNotEqualTo(subscriptionBefore);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files left behind")
          .allMatch(name -> !name.endsWith(".tmp"));
    }
  }

  @Test
  void jsonFeedArchivesLinkOlderPagesThroughNextUrl() throws Exception {
    FeedArchive.Published published =
        archive(FeedFormat.JSON_FEED, 4).publishArticles(WriteFixtures.manyArticles(9), dir);
    String subscription = Files.readString(published.subscription());
    assertThat(subscription)
        .contains("\"next_url\" : \"https://ki-woche.example/feeds/articles-archive-2.json\"")
        .doesNotContain("\"complete\"");
    String oldest = Files.readString(published.archives().get(0));
    assertThat(oldest)
        .contains("\"archive\" : true")
        .contains("\"feed_url\" : \"https://ki-woche.example/feeds/articles.json\"")
        .contains("\"next_archive\" : \"https://ki-woche.example/feeds/articles-archive-2.json\"")
        .doesNotContain("next_url");
  }

  @Test
  void writingAFileReplacesItAtomicallyAndKeepsItReadable() throws Exception {
    Path file = dir.resolve("feed.rss");
    FeedWriter writer = WriteFixtures.writer(FeedFormat.RSS, "feed");
    writer.writeArticles(WriteFixtures.articles(), file);
    java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
    writer.writeArticles(WriteFixtures.articles(), streamed);
    assertThat(Files.readAllBytes(file)).isEqualTo(streamed.toByteArray());
    assertThat(parse(file).getEntries()).hasSize(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    writer.writeDigests(WriteFixtures.digests(), WriteFixtures.ISSUE_URLS, file);
    assertThat(parse(file).getEntries()).hasSize(2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-rw-r--");
    // A file an older version wrote private becomes readable again.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    writer.writeArticles(WriteFixtures.articles(), file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("feed.rss");
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileInPlaceAndNamesTheFile() throws Exception {
    Path file = dir.resolve("feed.rss");
    FeedWriter writer = WriteFixtures.writer(FeedFormat.RSS, "feed");
    writer.writeArticles(WriteFixtures.articles(), file);
    byte[] before = Files.readAllBytes(file);
    java.util.function.Function<dev.rundbrief.core.Digest, java.net.URI> failing =
        d -> {
          throw new FeedWriteException("issue " + d.number() + " has no page", null);
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> writer.writeDigests(WriteFixtures.digests(), failing, file))
        .isInstanceOf(FeedWriteException.class);
    // A regular file where a directory should be: fails for every user, root included.
    Path impossible = file.resolve("x.rss");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> writer.writeArticles(WriteFixtures.articles(), impossible))
        .isInstanceOf(FeedWriteException.class)
        .hasMessageContaining("x.rss");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  private static String link(SyndFeed feed, String rel, Path file) throws Exception {
    for (SyndLink link : feed.getLinks()) {
      if (rel.equals(link.getRel())) {
        return link.getHref();
      }
    }
    // RSS: Rome keeps atom:link elements in the Atom link module, not in getLinks().
    String xml = rawXml(file);
    var matcher =
        java.util.regex.Pattern.compile("<atom:link rel=\"" + rel + "\"[^>]*href=\"([^\"]+)\"")
            .matcher(xml);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String rawXml(Path file) throws Exception {
    return Files.readString(file);
  }

  private static SyndFeed parse(Path file) throws Exception {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new SyndFeedInput().build(reader);
    }
  }
}
