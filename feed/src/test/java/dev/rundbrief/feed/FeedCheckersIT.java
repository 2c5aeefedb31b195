package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rundbrief.core.testing.ExternalTools;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hands the written feeds to independent checkers: Python's feedparser, xmllint, jing with the
 * RELAX NG schema of RFC 4287, and the newsboat feed reader.
 */
class FeedCheckersIT {
  @TempDir Path dir;

  private record Result(int exit, String output) {}

  private Result run(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private Result run(String... command) throws IOException, InterruptedException {
    return run(Map.of(), command);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private List<Path> xmlFeeds() throws IOException {
    List<Path> files = new ArrayList<>();
    for (FeedFormat format : List.of(FeedFormat.RSS, FeedFormat.ATOM)) {
      files.add(
          write("articles." + format.fileExtension(), FeedWriterGoldenTest.articlesFeed(format)));
      files.add(
          write("digests." + format.fileExtension(), FeedWriterGoldenTest.digestsFeed(format)));
    }
    return files;
  }

  @Test
  void feedparserReadsEveryFeedWithoutComplaint() throws Exception {
    ExternalTools.requirePythonModule("feedparser", "python3-feedparser");
    // Debian's feedparser 6.0 reads RSS and Atom only; JSON Feed is checked by the schema test.
    for (Path file : xmlFeeds()) {
      Result result =
          run(
              "/usr/bin/python3",
              "-c",
              // What a reader shows: an HTML title unescaped, a plain one as it is.
              "import feedparser,sys,html; d=feedparser.parse(sys.argv[1]); t=d.entries[0];"
                  + " v=t.title if t.title_detail.type=='text/plain' else html.unescape(t.title);"
                  + " print(int(d.bozo), d.version, len(d.entries), v)",
              file.toString());
      assertThat(result.exit()).as(result.output()).isZero();
      String name = file.getFileName().toString();
      String version = name.endsWith(".rss") ? "rss20" : "atom10";
      int entries = name.startsWith("articles") ? 3 : 2;
      String firstTitle =
          name.startsWith("articles")
              ? WriteFixtures.sprachmodelle().title()
              : WriteFixtures.issue48().title();
      assertThat(result.output().strip())
          .as(name)
          .isEqualTo("0 " + version + " " + entries + " " + firstTitle);
    }
  }

  @Test
  void xmllintFindsEveryXmlFeedWellFormed() throws Exception {
    ExternalTools.require("xmllint", "libxml2-utils");
    for (Path file : xmlFeeds()) {
      Result result = run("xmllint", "--noout", file.toString());
      assertThat(result.exit()).as(file + ": " + result.output()).isZero();
      assertThat(result.output()).isEmpty();
    }
  }

  @Test
  void jingValidatesAtomFeedsAndArchivesAgainstRfc4287() throws Exception {
    ExternalTools.require("jing", "jing");
    Path schema = schema();
    List<String> command = new ArrayList<>(List.of("jing", "-c", schema.toString()));
    command.add(
        write("articles.atom", FeedWriterGoldenTest.articlesFeed(FeedFormat.ATOM)).toString());
    command.add(
        write("digests.atom", FeedWriterGoldenTest.digestsFeed(FeedFormat.ATOM)).toString());
    FeedArchive.Published published =
        FeedArchive.of(WriteFixtures.writer(FeedFormat.ATOM, "paged"), 4)
            .publishArticles(WriteFixtures.manyArticles(10), dir.resolve("paged"));
    assertThat(published.archives()).hasSize(2);
    command.add(published.subscription().toString());
    published.archives().forEach(p -> command.add(p.toString()));
    Result result = run(command.toArray(String[]::new));
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("error");

    Path broken =
        write(
            "broken.atom",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>"
                .getBytes(StandardCharsets.UTF_8));
    Result rejected = run("jing", "-c", schema.toString(), broken.toString());
    assertThat(rejected.exit()).as("the schema catches a feed without id").isNotZero();
  }

  @Test
  void newsboatLoadsEveryItemOfBothXmlFormats() throws Exception {
    ExternalTools.require("newsboat", "newsboat");
    ExternalTools.require("sqlite3", "sqlite3");
    // One cache per feed: newsboat keys items by guid across all feeds, and the RSS and Atom
    // versions of a feed share their ids on purpose.
    for (Path feed : xmlFeeds()) {
      String name = feed.getFileName().toString();
      Path urls = dir.resolve(name + ".urls");
      Files.writeString(urls, "file://" + feed.toAbsolutePath() + "\n");
      Path cache = dir.resolve(name + ".db");
      Result reload =
          run(
              Map.of("HOME", dir.toString()),
              "newsboat",
              "-u",
              urls.toString(),
              "-c",
              cache.toString(),
              "-C",
              "/dev/null",
              "-x",
              "reload");
      assertThat(reload.exit()).as(name + ": " + reload.output()).isZero();
      Result titles =
          run("sqlite3", cache.toString(), "SELECT title FROM rss_item ORDER BY pubDate DESC;");
      assertThat(titles.exit()).as(titles.output()).isZero();
      List<String> lines = titles.output().lines().toList();
      assertThat(lines).as(name).hasSize(name.startsWith("articles") ? 3 : 2);
      assertThat(lines.get(0))
          .as(name)
          .contains(name.startsWith("articles") ? "Große Sprachmodelle" : "KI-Woche 48/2026");
    }
  }

  private Path schema() throws URISyntaxException {
    return Path.of(getClass().getResource("/schema/atom.rnc").toURI());
  }
}
