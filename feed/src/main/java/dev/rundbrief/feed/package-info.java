/**
 * Feeds in and out. Writing: {@link dev.rundbrief.feed.FeedWriter} writes an articles feed or a
 * digests feed as RSS 2.0, Atom 1.0 or JSON Feed 1.1 ({@link dev.rundbrief.feed.FeedFormat}), and
 * {@link dev.rundbrief.feed.FeedArchive} publishes a whole history as an RFC 5005 archived feed.
 * Reading: {@link dev.rundbrief.feed.FeedReader} reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from
 * files, bytes or URLs (conditional GET) into core {@code Article}s, tolerant of common defects and
 * safe against XXE and entity expansion; {@link dev.rundbrief.feed.FeedMerger} merges several
 * feeds, {@link dev.rundbrief.feed.Opml} reads and writes source lists.
 *
 * <p>Rome parses XML inside this package; no Rome type appears in its public API.
 */
package dev.rundbrief.feed;
