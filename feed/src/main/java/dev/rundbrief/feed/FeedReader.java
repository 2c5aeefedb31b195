package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import dev.rundbrief.core.FileAccessException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.JDOMParseException;
import org.jdom2.located.Located;

/**
 * Reads RSS 0.9x, RSS 1.0, RSS 2.0, Atom 0.3, Atom 1.0 and JSON Feed 1.0/1.1 feeds from files,
 * bytes or http(s) URLs into {@link FeedDocument}s of {@link dev.rundbrief.core.Article}s.
 *
 * <p>What callers may rely on:
 *
 * <ul>
 *   <li>No DTD, external entity or URL named inside a document is ever loaded; a DOCTYPE with
 *       entity declarations is refused with a {@link FeedFormatException}.
 *   <li>A well-formed feed is read as it is. A feed that is not well-formed is repaired once, for
 *       the defects listed in {@link #read(byte[], String, URI)}, and each repair is listed in
 *       {@link FeedDocument#warnings()}; otherwise a {@link FeedFormatException} names the source,
 *       line and column.
 *   <li>A date that cannot be parsed never fails the feed: the item keeps no date and a warning
 *       names the line and the value.
 *   <li>One item that cannot be read (a broken id, an author without a name, content Rome cannot
 *       decode) is skipped with a warning; the other items are kept.
 *   <li>A date that is a placeholder ({@code 0001-01-01}) or lies implausibly far in the future is
 *       treated as missing, with a warning; see {@link dev.rundbrief.core.PublicationDates}.
 *   <li>Elements nested deeper than a few hundred levels, and feeds that take longer than the time
 *       budget to read, are refused with a {@link FeedFormatException}.
 *   <li>Fetches never reach loopback, private, link-local, multicast or unspecified addresses,
 *       checked on every hop, unless a network is allowed through {@link Builder#allowNetworks}.
 *   <li>Item HTML is sanitized by the core model, links are absolute (resolved against {@code
 *       xml:base}, the feed's site link, then the feed's URL), and items without a guid get a
 *       stable id derived from their link, else their title and date.
 * </ul>
 *
 * <p>A reader is immutable and safe to share between threads; share one per application so that
 * HTTP connections are reused.
 */
public final class FeedReader {
  /** The default limit on a feed's size: 20 MB. */
  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

  /**
   * The default time budget for reading one feed once its bytes are in: 60 s. A feed of the default
   * maximum size reads in a few seconds on an idle core; the budget leaves room for a busy machine
   * and stops documents that defeat the parser's linear behaviour.
   */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(60);

  private final long maxBytes;
  private final Duration timeBudget;
  private final Clock clock;
  private final HttpFeedFetcher fetcher;

  private FeedReader(Builder b) {
    this.maxBytes = b.maxBytes;
    this.timeBudget = b.timeBudget;
    this.clock = b.clock;
    this.fetcher =
        new HttpFeedFetcher(
            b.connectTimeout,
            b.requestTimeout,
            b.maxRedirects,
            b.maxBytes,
            userAgent(b.projectUrl),
            Networks.of(b.allowedNetworks));
  }

  /** A reader with the default limits (see {@link Builder}). */
  public static FeedReader create() {
    return builder().build();
  }

  /** A builder for a reader with other limits or a project URL in its User-Agent. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a feed file; relative links are resolved against the feed's own site link.
   *
   * @throws FeedFormatException if the file is not a readable feed
   * @throws FileAccessException if the file is missing or cannot be read; the message names it
   */
  public FeedDocument read(Path file) {
    requireNonNull(file, "file");
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new FeedFormatException(name, 0, 0, tooLarge(size));
      }
      return read(Files.readAllBytes(file), name, null);
    } catch (IOException e) {
      throw FileAccessException.reading(file, e);
    }
  }

  /**
   * Reads a feed from bytes, with no document URL.
   *
   * @see #read(byte[], String, URI)
   */
  public FeedDocument read(byte[] bytes, String name) {
    return read(bytes, name, null);
  }

  /**
   * Reads a feed from bytes.
   *
   * <p>The bytes are decoded first: a byte order mark decides; otherwise UTF-16 and UTF-32 (big or
   * little endian) are recognised by the zero bytes around the first character; otherwise bytes
   * that are valid UTF-8 are read as UTF-8 whatever the XML declaration says (with a warning when
   * it says otherwise); otherwise the declared charset is used, or windows-1252 when the
   * declaration says UTF-8 or nothing. When the text is not well-formed, these defects are repaired
   * and the parse is tried once more: text or whitespace before the XML declaration, a DOCTYPE
   * without an internal subset (removed, never loaded), HTML named entities such as {@code &nbsp;}
   * or {@code &auml;}, a {@code &} that does not start an entity, and control characters that XML
   * forbids.
   *
   * @param name the name for messages, such as a file name
   * @param documentUrl where the bytes came from, for resolving relative links; {@code null} when
   *     unknown. Only http(s) URLs are used as a base.
   *     <p>Text that starts with <code>{</code> is read as a JSON Feed 1.0 or 1.1.
   * @throws FeedFormatException if the bytes are empty, not well-formed even after repair, contain
   *     a DOCTYPE with an internal subset, nest too deep, take longer than the time budget, or are
   *     not RSS, Atom or JSON Feed
   */
  public FeedDocument read(byte[] bytes, String name, URI documentUrl) {
    requireNonNull(bytes, "bytes");
    requireNonNull(name, "name");
    if (bytes.length > maxBytes) {
      throw new FeedFormatException(name, 0, 0, tooLarge(bytes.length));
    }
    Budget budget = Budget.start(name, timeBudget);
    List<String> warnings = new ArrayList<>();
    FeedTexts.Decoded decoded = FeedTexts.decode(bytes, name);
    warnings.addAll(decoded.warnings());
    if (decoded.text().isBlank()) {
      throw new FeedFormatException(name, 0, 0, "is empty");
    }
    Instant now = clock.instant();
    if (JsonFeeds.looksLikeJson(decoded.text())) {
      return new JsonFeeds(name, warnings, now, budget).read(decoded.text(), documentUrl);
    }
    Document document = parse(decoded.text(), name, warnings, budget);
    WireFeeds.prepare(document, name, warnings);
    WireFeed wire;
    try {
      wire = new WireFeedInput(false, Locale.US).build(document);
    } catch (IllegalArgumentException e) {
      throw new FeedFormatException(
          name,
          line(document.getRootElement()),
          0,
          "the root element <"
              + document.getRootElement().getQualifiedName()
              + "> is not RSS or Atom"
              + (document.getRootElement().getName().equalsIgnoreCase("html")
                  ? " (this is a web page; use the feed address it links to)"
                  : ""),
          e);
    } catch (FeedException | RuntimeException e) {
      // Rome's parsers fail with whatever exception a malformed document provokes in them.
      throw new FeedFormatException(name, 0, 0, "is not a valid feed: " + WireFeeds.describe(e), e);
    }
    budget.check();
    return new FeedMapping(name, warnings, now, budget)
        .map(wire, new SyndFeedImpl(wire), document, documentUrl);
  }

  /**
   * Fetches and reads a feed, unconditionally.
   *
   * @throws FeedFetchException if the feed cannot be fetched
   * @throws FeedFormatException if what was fetched is not a readable feed
   */
  public FeedDocument fetch(URI url) {
    FetchResult result = fetch(url, FetchState.none());
    if (result instanceof FetchResult.Modified modified) {
      return modified.document();
    }
    throw new FeedFetchException(
        url, 304, "answered 304 Not Modified to an unconditional GET", null);
  }

  /**
   * An http(s) resource fetched with a reader's limits.
   *
   * @param url the final URL after redirects, the base for relative links in the body
   * @param bytes the body, gzip already decoded; not copied, so callers must not change it
   * @param state the validators to send with the next conditional GET of the same URL
   * @param contentType the {@code Content-Type} the server sent (its {@code charset} parameter
   *     outranks a page's own declaration), empty when it sent none
   */
  public record Download(URI url, byte[] bytes, FetchState state, String contentType) {
    /** Validates the parts; a {@code null} content type is empty. */
    public Download {
      requireNonNull(url, "url");
      requireNonNull(bytes, "bytes");
      requireNonNull(state, "state");
      contentType = contentType == null ? "" : contentType;
    }
  }

  /**
   * Fetches any http(s) resource, such as an article page that a feed links to, with the same
   * timeouts, redirect rules, address checks, gzip handling, size limit and User-Agent as feeds,
   * and returns its bytes without parsing them; {@link #looksLikeFeed} tells a feed from a page.
   *
   * @throws IllegalArgumentException if the URL is not http or https
   * @throws FeedFetchException if the resource cannot be fetched, as for {@link #fetch(URI,
   *     FetchState)}
   */
  public Download download(URI url) {
    return download(url, FetchState.none())
        .orElseThrow(
            () ->
                new FeedFetchException(
                    url, 304, "answered 304 Not Modified to an unconditional GET", null));
  }

  /**
   * Fetches any http(s) resource with a conditional GET, like {@link #download(URI)}.
   *
   * @return the resource, or empty when the server answered 304 Not Modified
   * @throws IllegalArgumentException if the URL is not http or https
   * @throws FeedFetchException if the resource cannot be fetched
   */
  public Optional<Download> download(URI url, FetchState previous) {
    requireNonNull(url, "url");
    requireNonNull(previous, "previous");
    HttpFeedFetcher.Response response = fetcher.fetch(url, previous);
    if (response.body() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Download(response.url(), response.body(), response.state(), response.contentType()));
  }

  /**
   * Whether the bytes start like an RSS, RDF or Atom document (a {@code <rss}, {@code <rdf:RDF} or
   * {@code <feed} element within the first kilobyte, in whatever encoding {@link #read(byte[],
   * String, URI)} would decode) or a JSON Feed (a JSON object naming a jsonfeed.org version). A
   * cheap sniff to choose between this reader and an article importer, not a validation.
   */
  public static boolean looksLikeFeed(byte[] bytes) {
    byte[] head = bytes.length <= 4096 ? bytes : java.util.Arrays.copyOf(bytes, 4096);
    String start = FeedTexts.decode(head, "").text().toLowerCase(Locale.ROOT);
    if (JsonFeeds.looksLikeJson(start)) {
      return start.contains("jsonfeed.org/version/");
    }
    int end = Math.min(start.length(), 1024);
    String prefix = start.substring(0, end);
    return prefix.contains("<rss") || prefix.contains("<rdf:rdf") || prefix.contains("<feed");
  }

  /**
   * Fetches a feed with a conditional GET and reads it when it has changed.
   *
   * <p>The request sends {@code If-None-Match} and {@code If-Modified-Since} from {@code previous},
   * accepts gzip, follows at most the configured number of redirects (never from https to http),
   * and stops reading once the body exceeds the size limit. Relative links resolve against the
   * final URL after redirects.
   *
   * @throws IllegalArgumentException if the URL is not http or https
   * @throws FeedFetchException if the server cannot be reached, does not answer in time, answers
   *     with a status other than 2xx or 304, redirects too often, or sends too many bytes
   * @throws FeedFormatException if what was fetched is not a readable feed
   */
  public FetchResult fetch(URI url, FetchState previous) {
    requireNonNull(url, "url");
    requireNonNull(previous, "previous");
    HttpFeedFetcher.Response response = fetcher.fetch(url, previous);
    if (response.body() == null) {
      return new FetchResult.NotModified(response.state());
    }
    FeedDocument document = read(response.body(), response.url().toString(), response.url());
    return new FetchResult.Modified(document, response.state());
  }

  /** Parses XML text, repairing it once when it is not well-formed; repairs go to warnings. */
  static Document parse(String text, String name, List<String> warnings, Budget budget) {
    try {
      return SafeXml.parse(text, budget);
    } catch (JDOMException strict) {
      FeedTexts.Repaired repaired = FeedTexts.repair(text, name);
      try {
        Document document = SafeXml.parse(repaired.text(), budget);
        warnings.addAll(repaired.repairs());
        return document;
      } catch (JDOMException e) {
        int line = 0;
        int column = 0;
        if (e instanceof JDOMParseException pe) {
          line = pe.getLineNumber() > 0 ? pe.getLineNumber() + repaired.removedLines() : 0;
          column = pe.getColumnNumber();
        }
        throw new FeedFormatException(name, line, column, saxMessage(e), e);
      }
    }
  }

  private static String saxMessage(JDOMException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    return "is not well-formed XML: " + message;
  }

  private static int line(org.jdom2.Element element) {
    return element instanceof Located located ? located.getLine() : 0;
  }

  private String tooLarge(long size) {
    return "is " + size + " bytes, larger than the limit of " + maxBytes + " bytes";
  }

  private static String userAgent(URI projectUrl) {
    String version = FeedReader.class.getPackage().getImplementationVersion();
    String agent = "Rundbrief/" + (version == null ? "dev" : version);
    return projectUrl == null ? agent : agent + " (+" + projectUrl + ")";
  }

  /** The User-Agent this reader sends, for logging and tests. */
  public String userAgent() {
    return fetcher.userAgent();
  }

  /**
   * Collects a reader's limits.
   *
   * <p>Defaults: 10 s to connect, 30 s for the whole request, 5 redirects, {@link
   * #DEFAULT_MAX_BYTES}, {@link #DEFAULT_TIME_BUDGET}, the system clock, no allowed internal
   * networks, no project URL.
   */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRedirects = 5;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private URI projectUrl;
    private Duration timeBudget = DEFAULT_TIME_BUDGET;
    private Clock clock = Clock.systemUTC();
    private List<String> allowedNetworks = List.of();

    private Builder() {}

    /**
     * How long reading one feed may take once its bytes are in (decoding, parsing, mapping); a feed
     * that takes longer is refused with a {@link FeedFormatException}.
     */
    public Builder timeBudget(Duration budget) {
      this.timeBudget = positive(budget, "timeBudget");
      return this;
    }

    /**
     * The clock that decides which dates lie implausibly far in the future (see {@link
     * dev.rundbrief.core.PublicationDates}).
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Networks that fetches may reach although they are loopback, private, link-local or otherwise
     * internal, in CIDR form ({@code 127.0.0.0/8}, {@code 10.1.0.0/16}, {@code ::1/128}). By
     * default none: every hop of every fetch, redirects included, must resolve to public addresses
     * only.
     *
     * @throws IllegalArgumentException if an entry is not an IP network in CIDR form
     */
    public Builder allowNetworks(List<String> networks) {
      List<String> copy = List.copyOf(networks);
      Networks.of(copy);
      this.allowedNetworks = copy;
      return this;
    }

    /** How long to wait for a connection. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long a whole request may take, from sending it to the last byte of the body. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** How many redirects to follow; 0 makes every redirect an error. */
    public Builder maxRedirects(int maxRedirects) {
      if (maxRedirects < 0) {
        throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
      }
      this.maxRedirects = maxRedirects;
      return this;
    }

    /** The largest feed accepted, in bytes, after gzip decoding. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** A page about the installation, added to the User-Agent so that feed owners can reach you. */
    public Builder projectUrl(URI projectUrl) {
      this.projectUrl = projectUrl;
      return this;
    }

    /** Builds the reader. */
    public FeedReader build() {
      return new FeedReader(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }

  static byte[] readLimited(InputStream in, long limit) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw new IOException("more than " + limit + " bytes");
    }
    return bytes;
  }
}
