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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpFields;

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
      String mediaType) {}

  /**
   * A file for a request path like {@code /feeds/articles.rss.xml}, empty if there is none. The
   * answer is remembered for a second: resolving symbolic links costs a system call per path
   * segment, and a folder that appears or is switched is served within that second.
   */
  Optional<Path> resolve(String relative) {
    long now = System.nanoTime();
    Resolved r = resolved.get(relative);
    if (r != null && now - r.atNanos() < RESOLVE_TTL_NANOS) {
      return r.file();
    }
    Optional<Path> file = resolveNow(relative);
    if (resolved.size() >= MAX_CACHED_FILES) {
      resolved.clear();
    }
    resolved.put(relative, new Resolved(file, now));
    return file;
  }

  private record Resolved(Optional<Path> file, long atNanos) {}

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
    boolean compressible = v.gzip() != null;
    boolean gzip = compressible && acceptsGzip(exchange.headers("Accept-Encoding"));
    String etag = gzip ? v.gzipEtag() : v.etag();
    response.put("Content-Type", v.mediaType());
    response.put("ETag", etag);
    response.put("Last-Modified", v.lastModified());
    response.put("Cache-Control", "public, max-age=300");
    if (compressible) {
      response.put("Vary", "Accept-Encoding");
    }
    if (relative.startsWith("feeds/") && hub.isPresent() && isFeed(v.mediaType())) {
      response.add("Link", "<" + hub.get() + ">; rel=\"hub\"");
      response.add("Link", "<" + publicUrl.resolve(relative) + ">; rel=\"self\"");
    }
    if (notModified(
        exchange.header("If-None-Match"),
        exchange.header("If-Modified-Since"),
        etag,
        v.modified())) {
      exchange.sendEmpty(304);
      return true;
    }
    ByteBuffer body = gzip ? v.gzip() : v.bytes();
    if (gzip) {
      response.put("Content-Encoding", "gzip");
    }
    if (body == null) {
      exchange.sendFile(file, v.size());
    } else {
      exchange.send(200, body.duplicate());
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
      v =
          new Version(
              size, modified, null, null, etag(hashOf(file), ""), null, httpDate(modified), type);
    } else {
      byte[] bytes = Files.readAllBytes(file);
      byte[] digest = sha256(bytes);
      boolean compress = bytes.length >= MIN_GZIP && compressible(type);
      v =
          new Version(
              size,
              modified,
              buffer(bytes),
              compress ? buffer(gzip(bytes)) : null,
              etag(digest, ""),
              compress ? etag(digest, "-gz") : null,
              httpDate(modified),
              type);
    }
    if (cache.size() >= MAX_CACHED_FILES) {
      cache.clear();
    }
    cache.put(file, v);
    return v;
  }

  private static ByteBuffer buffer(byte[] bytes) {
    if (bytes.length > MAX_DIRECT) {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  static boolean notModified(String inm, String ims, String etag, long modifiedMillis) {
    if (inm != null) {
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

  static boolean acceptsGzip(java.util.List<String> acceptEncoding) {
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
