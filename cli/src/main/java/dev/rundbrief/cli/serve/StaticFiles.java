package dev.rundbrief.cli.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * Serves the files under {@code public/} with their media types, a strong {@code ETag} from a
 * content hash (a separate one for the gzip variant), {@code Last-Modified}, {@code 304} for
 * conditional requests, {@code HEAD}, and gzip.
 *
 * <p>Each file's hash and compressed bytes are kept in memory keyed by path, size and modification
 * time, so a conditional GET costs one {@code stat} and no hashing. Files are expected to be
 * replaced atomically (as {@code rundbrief feed} does), which changes the modification time.
 */
final class StaticFiles {
  /** IMF-fixdate (RFC 9110 section 5.6.7). */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final int MAX_CACHED_FILES = 4096;
  private static final long MAX_FILE = 32L * 1024 * 1024;
  private static final int MIN_GZIP = 256;
  private static final int MAX_DIRECT = 256 * 1024;

  private final Path root;
  private final URI publicUrl;
  private final Optional<URI> hub;
  private final Map<Path, Version> cache = new ConcurrentHashMap<>();

  StaticFiles(Path root, URI publicUrl, Optional<URI> hub) {
    this.root = root;
    this.publicUrl = publicUrl;
    this.hub = hub;
  }

  /**
   * One version of one file: its bytes, the gzip variant, and their validators. Small files are
   * kept in direct buffers, which the socket writes without another copy; every response writes a
   * {@link ByteBuffer#duplicate()}.
   */
  record Version(
      long size,
      long modified,
      ByteBuffer bytes,
      ByteBuffer gzip,
      String etag,
      String gzipEtag,
      String lastModified,
      String mediaType,
      Fields fields) {}

  /**
   * A version's response headers, encoded once when the version is read instead of on every request
   * (a conditional GET of a feed is mostly headers).
   */
  record Fields(
      HttpField contentType,
      HttpField etag,
      HttpField gzipEtag,
      HttpField lastModified,
      HttpField length,
      HttpField gzipLength,
      List<HttpField> links) {}

  private static final HttpField CACHE_PUBLIC =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=300");
  private static final HttpField VARY_ENCODING =
      new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  private static final HttpField GZIP_ENCODING =
      new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

  /**
   * What a request path as sent (still percent-encoded, like {@code /feeds/articles.rss.xml})
   * names: its path relative to {@code public/} ({@code index.html} added to a folder's path), null
   * when the request path is not a plain path ({@link #relativePath}), and the file, empty if there
   * is none. The answer is remembered for a second: checking the path and resolving symbolic links
   * costs a system call per path segment, and a folder that appears or is switched is served within
   * that second.
   */
  Resolved resolve(String rawPath) {
    long now = System.nanoTime();
    Resolved r = resolved.get(rawPath);
    if (r != null && now - r.atNanos() < RESOLVE_TTL_NANOS) {
      return r;
    }
    String relative =
        relativePath(rawPath).map(p -> p.endsWith("/") ? p + "index.html" : p).orElse(null);
    r = new Resolved(relative, relative == null ? Optional.empty() : resolveNow(relative), now);
    if (resolved.size() >= MAX_CACHED_FILES) {
      resolved.clear();
    }
    resolved.put(rawPath, r);
    return r;
  }

  /**
   * The request path relative to {@code public/}, empty when it is not a plain path: encoded
   * slashes, backslashes, NUL, dot segments, empty segments and hidden files are refused.
   */
  static Optional<String> relativePath(String rawPath) {
    if (!rawPath.startsWith("/") || rawPath.length() > 512) {
      return Optional.empty();
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), "UTF-8");
    } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
      return Optional.empty();
    }
    String rel = decoded.substring(1);
    if (rel.isEmpty()) {
      return Optional.empty();
    }
    String[] segments = rel.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if ((s.isEmpty() && !last) || s.startsWith(".") || s.contains("\\") || s.contains("\0")) {
        return Optional.empty();
      }
      for (int c = 0; c < s.length(); c++) {
        if (Character.isISOControl(s.charAt(c))) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(rel);
  }

  /** A request path resolved: see {@link #resolve}. */
  record Resolved(String relative, Optional<Path> file, long atNanos) {}

  private static final long RESOLVE_TTL_NANOS = 1_000_000_000L;
  private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

  private Optional<Path> resolveNow(String relative) {
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || mediaType(relative).isEmpty()) {
      return Optional.empty();
    }
    try {
      // Resolved on every request: public/ may appear, or be replaced by a symbolic link to a new
      // folder, while the server runs. Symbolic links out of public/ are not followed.
      Path realRoot = root.toRealPath();
      Path real = file.toRealPath();
      if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      return Optional.of(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Sends the file (or 304, or headers only for HEAD); {@code relative} has no leading slash.
   *
   * @return false, having sent nothing, when the file vanished
   */
  boolean serve(Exchange exchange, String relative, Path file) throws IOException {
    Version v;
    try {
      v = version(file, relative);
    } catch (NoSuchFileException e) {
      return false;
    }
    HttpFields.Mutable response = exchange.responseHeaders();
    Fields f = v.fields();
    boolean compressible = v.gzip() != null;
    boolean gzip = compressible && gzipAccepted(exchange.headers(HttpHeader.ACCEPT_ENCODING));
    String etag = gzip ? v.gzipEtag() : v.etag();
    response.add(gzip ? f.gzipEtag() : f.etag());
    response.add(CACHE_PUBLIC);
    if (compressible) {
      response.add(VARY_ENCODING);
    }
    if (notModified(
        exchange.header(HttpHeader.IF_NONE_MATCH),
        exchange.header(HttpHeader.IF_MODIFIED_SINCE),
        etag,
        v.modified())) {
      // RFC 9110 section 15.4.5: the validators and caching fields a 200 would carry, and no
      // other metadata of the representation. (Jetty adds "Content-Length: 0"; the 200's length,
      // which RFC 9110 section 8.6 would allow, made wrk's parser wait for a body.)
      exchange.sendNotModified();
      return true;
    }
    response.add(f.contentType());
    response.add(f.lastModified());
    for (HttpField link : f.links()) {
      response.add(link);
    }
    ByteBuffer body = gzip ? v.gzip() : v.bytes();
    if (gzip) {
      response.add(GZIP_ENCODING);
    }
    if (body == null) {
      exchange.sendFile(file, v.size());
    } else {
      exchange.send(200, body.duplicate(), gzip ? f.gzipLength() : f.length());
    }
    return true;
  }

  private Version version(Path file, String relative) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    Version cached = cache.get(file);
    if (cached != null && cached.size() == size && cached.modified() == modified) {
      return cached;
    }
    String type = mediaType(relative).orElseThrow();
    Version v;
    if (size > MAX_FILE) {
      String etag = etag(hashOf(file), "");
      String date = httpDate(modified);
      v =
          new Version(
              size,
              modified,
              null,
              null,
              etag,
              null,
              date,
              type,
              fields(relative, type, etag, null, date, null, null));
    } else {
      byte[] bytes = Files.readAllBytes(file);
      byte[] digest = sha256(bytes);
      boolean compress = bytes.length >= MIN_GZIP && compressible(type);
      ByteBuffer plain = buffer(bytes);
      ByteBuffer gzip = compress ? buffer(gzip(bytes)) : null;
      String etag = etag(digest, "");
      String gzipEtag = compress ? etag(digest, "-gz") : null;
      String date = httpDate(modified);
      v =
          new Version(
              size,
              modified,
              plain,
              gzip,
              etag,
              gzipEtag,
              date,
              type,
              fields(relative, type, etag, gzipEtag, date, plain, gzip));
    }
    if (cache.size() >= MAX_CACHED_FILES) {
      cache.clear();
    }
    cache.put(file, v);
    return v;
  }

  private Fields fields(
      String relative,
      String type,
      String etag,
      String gzipEtag,
      String date,
      ByteBuffer plain,
      ByteBuffer gzip) {
    List<HttpField> links = List.of();
    if (relative.startsWith("feeds/") && hub.isPresent() && isFeed(type)) {
      links =
          List.of(
              new PreEncodedHttpField(HttpHeader.LINK, "<" + hub.get() + ">; rel=\"hub\""),
              new PreEncodedHttpField(
                  HttpHeader.LINK, "<" + publicUrl.resolve(relative) + ">; rel=\"self\""));
    }
    return new Fields(
        new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, type),
        new PreEncodedHttpField(HttpHeader.ETAG, etag),
        gzipEtag == null ? null : new PreEncodedHttpField(HttpHeader.ETAG, gzipEtag),
        new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, date),
        plain == null
            ? null
            : new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, plain.remaining()),
        gzip == null ? null : new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, gzip.remaining()),
        links);
  }

  private static ByteBuffer buffer(byte[] bytes) {
    if (bytes.length > MAX_DIRECT) {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  static boolean notModified(String inm, String ims, String etag, long modifiedMillis) {
    if (inm != null) {
      if (inm.equals(etag)) {
        return true; // the common case: one tag, as sent before
      }
      // If-None-Match takes precedence over If-Modified-Since (RFC 9110 section 13.2.2).
      for (String tag : inm.split(",")) {
        String t = tag.strip();
        if (t.equals("*") || opaque(t).equals(opaque(etag))) {
          return true;
        }
      }
      return false;
    }
    if (ims != null) {
      try {
        Instant since = ZonedDateTime.parse(ims.strip(), HTTP_DATE).toInstant();
        return modifiedMillis / 1000 <= since.getEpochSecond();
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  /** Weak comparison, as If-None-Match uses. */
  private static String opaque(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }

  /**
   * Whether the Accept-Encoding values allow gzip. Browsers send the same few values over and over,
   * so answers for single values are remembered (at most {@value #MAX_ENCODINGS} of them).
   */
  boolean gzipAccepted(List<String> acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isEmpty()) {
      return false;
    }
    if (acceptEncoding.size() > 1) {
      return acceptsGzip(acceptEncoding);
    }
    String value = acceptEncoding.get(0);
    Boolean known = encodings.get(value);
    if (known == null) {
      known = acceptsGzip(acceptEncoding);
      if (encodings.size() < MAX_ENCODINGS && value.length() <= 200) {
        encodings.put(value, known);
      }
    }
    return known;
  }

  private static final int MAX_ENCODINGS = 64;
  private final Map<String, Boolean> encodings = new ConcurrentHashMap<>();

  static boolean acceptsGzip(List<String> acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    double gzip = -1;
    double any = -1;
    for (String header : acceptEncoding) {
      for (String item : header.split(",")) {
        String[] parts = item.strip().split(";");
        String coding = parts[0].strip().toLowerCase(Locale.ROOT);
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].strip().toLowerCase(Locale.ROOT);
          if (p.startsWith("q=")) {
            try {
              q = Double.parseDouble(p.substring(2));
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip = Math.max(gzip, q);
        } else if (coding.equals("*")) {
          any = q;
        }
      }
    }
    return gzip > 0 || (gzip < 0 && any > 0);
  }

  static Optional<String> mediaType(String relative) {
    String name = relative.toLowerCase(Locale.ROOT);
    String type;
    if (name.endsWith(".rss.xml")) {
      type = "application/rss+xml; charset=utf-8";
    } else if (name.endsWith(".atom.xml")) {
      type = "application/atom+xml; charset=utf-8";
    } else if (name.endsWith(".json")) {
      type =
          name.startsWith("feeds/")
              ? "application/feed+json; charset=utf-8"
              : "application/json; charset=utf-8";
    } else if (name.endsWith(".xml")) {
      type = "application/xml; charset=utf-8";
    } else if (name.endsWith(".html")) {
      type = "text/html; charset=utf-8";
    } else if (name.endsWith(".css")) {
      type = "text/css; charset=utf-8";
    } else if (name.endsWith(".txt")) {
      type = "text/plain; charset=utf-8";
    } else if (name.endsWith(".png")) {
      type = "image/png";
    } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      type = "image/jpeg";
    } else if (name.endsWith(".webp")) {
      type = "image/webp";
    } else if (name.endsWith(".ico")) {
      type = "image/x-icon";
    } else {
      return Optional.empty();
    }
    return Optional.of(type);
  }

  private static boolean compressible(String type) {
    return type.startsWith("text/") || type.contains("xml") || type.contains("json");
  }

  private static boolean isFeed(String type) {
    return type.startsWith("application/rss+xml")
        || type.startsWith("application/atom+xml")
        || type.startsWith("application/feed+json");
  }

  static String httpDate(long millis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(millis));
  }

  private static String etag(byte[] digest, String suffix) {
    return "\""
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(java.util.Arrays.copyOf(digest, 16))
        + suffix
        + "\"";
  }

  private static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static byte[] hashOf(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
