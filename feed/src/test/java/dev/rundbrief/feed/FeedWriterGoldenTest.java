package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compares each format's articles feed and digests feed byte for byte with a golden file. Run with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change, then review the diff;
 * {@link FeedParseBackTest} checks the same output against an independent parser.
 */
class FeedWriterGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static byte[] articlesFeed(FeedFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(format, "articles")
        .complete()
        .writeArticles(WriteFixtures.articles(), out);
    return out.toByteArray();
  }

  static byte[] digestsFeed(FeedFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteFixtures.writer(format, "digests")
        .writeDigests(WriteFixtures.digests(), WriteFixtures.ISSUE_URLS, out);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(FeedFormat.class)
  void articlesFeedMatchesItsGoldenFile(FeedFormat format) throws IOException {
    assertGolden("articles." + format.fileExtension(), articlesFeed(format));
  }

  @ParameterizedTest
  @EnumSource(FeedFormat.class)
  void digestsFeedMatchesItsGoldenFile(FeedFormat format) throws IOException {
    assertGolden("digests." + format.fileExtension(), digestsFeed(format));
  }

  private static void assertGolden(String name, byte[] actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.write(GOLDEN.resolve(name), actual);
    }
    String expected = Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    assertThat(new String(actual, StandardCharsets.UTF_8))
        .as("golden file %s", name)
        .isEqualTo(expected);
  }
}
