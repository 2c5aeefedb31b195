package dev.rundbrief.feed;

import dev.rundbrief.core.testing.GoldenFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compares each format's articles feed and digests feed byte for byte with a golden file. Run with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change, then review the diff;
 * {@link FeedParseBackTest} checks the same output against an independent parser.
 */
class FeedWriterGoldenTest {
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
    GoldenFiles.assertMatches("articles." + format.fileExtension(), articlesFeed(format));
  }

  @ParameterizedTest
  @EnumSource(FeedFormat.class)
  void digestsFeedMatchesItsGoldenFile(FeedFormat format) throws IOException {
    GoldenFiles.assertMatches("digests." + format.fileExtension(), digestsFeed(format));
  }
}
