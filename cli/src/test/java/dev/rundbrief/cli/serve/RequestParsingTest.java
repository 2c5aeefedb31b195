package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParsingTest {
  @Test
  void acceptsPlainPathsAndRefusesTraversalAndOddSegments() {
    assertThat(StaticFiles.relativePath("/feeds/articles.rss.xml"))
        .hasValue("feeds/articles.rss.xml");
    assertThat(StaticFiles.relativePath("/archive/")).hasValue("archive/");
    assertThat(StaticFiles.relativePath("/archive/%31.html")).hasValue("archive/1.html");
    for (String bad :
        List.of(
            "/",
            "feeds/x.xml",
            "/../x",
            "/feeds/%2e%2e/x",
            "/feeds/..%2Fx",
            "/feeds%5cx",
            "/x%00.xml",
            "//x",
            "/.git/config",
            "/feeds/%0d%0aSet-Cookie:x",
            "/feeds/%zz")) {
      assertThat(StaticFiles.relativePath(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void logsPathsWithoutAddressesOrOddCharacters() {
    assertThat(AccessLog.logPath("/feeds/articles.rss.xml")).isEqualTo("/feeds/articles.rss.xml");
    assertThat(AccessLog.logPath("/x/anna@example.org")).isEqualTo("/(masked)");
    assertThat(AccessLog.logPath("/x%40y")).isEqualTo("/(masked)");
    assertThat(AccessLog.logPath(null)).isEqualTo("-");
    assertThat(AccessLog.logPath("/" + "a".repeat(200))).isEqualTo("/(masked)");
  }

  @Test
  void logsTheClientsNetworkNeverItsAddress() throws Exception {
    assertThat(network("192.0.2.77")).isEqualTo("192.0.2.0/24");
    assertThat(network("2001:db8:abcd:12::7")).isEqualTo("2001:db8:abcd::/48");
    assertThat(network("::1")).isEqualTo("0:0:0::/48");
  }

  @Test
  void writesQueuedAccessLogLinesWhenClosedWithoutAddressesOrQueries() throws Exception {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try (AccessLog log = AccessLog.create()) {
      log.log(java.net.InetAddress.getByName("192.0.2.77"), "GET", "/feeds/a.xml", 304, 1_500_000);
      log.log(java.net.InetAddress.getByName("2001:db8:1:2::9"), "POST", "/x/a@b.org", 404, 0);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "INFO access - 192.0.2.0/24 GET /feeds/a.xml 304 1ms\n"
                + "INFO access - 2001:db8:1::/48 POST /(masked) 404 0ms\n");
  }

  private static String network(String literal) throws Exception {
    StringBuilder out = new StringBuilder();
    AccessLog.network(out, java.net.InetAddress.getByName(literal));
    return out.toString();
  }

  @Test
  void readsAcceptEncodingWithQualities() {
    assertThat(StaticFiles.acceptsGzip(List.of("gzip, deflate, br"))).isTrue();
    assertThat(StaticFiles.acceptsGzip(List.of("br;q=1.0, gzip;q=0.5"))).isTrue();
    assertThat(StaticFiles.acceptsGzip(List.of("gzip;q=0"))).isFalse();
    assertThat(StaticFiles.acceptsGzip(List.of("*"))).isTrue();
    assertThat(StaticFiles.acceptsGzip(List.of("*;q=0.1, gzip;q=0"))).isFalse();
    assertThat(StaticFiles.acceptsGzip(List.of("identity"))).isFalse();
    assertThat(StaticFiles.acceptsGzip(null)).isFalse();
  }

  @Test
  void preferIfNoneMatchOverIfModifiedSince() {
    long modified = Instant.parse("2026-11-20T10:00:00.700Z").toEpochMilli();
    String since = "Fri, 20 Nov 2026 10:00:00 GMT";
    assertThat(StaticFiles.notModified(null, since, "\"a\"", modified)).isTrue();
    assertThat(StaticFiles.notModified("\"b\"", since, "\"a\"", modified)).isFalse();
    assertThat(StaticFiles.notModified("*", null, "\"a\"", modified)).isTrue();
    assertThat(StaticFiles.notModified(null, "gestern", "\"a\"", modified)).isFalse();
    assertThat(StaticFiles.httpDate(modified)).isEqualTo("Fri, 20 Nov 2026 10:00:00 GMT");
  }

  @Test
  void choosesMediaTypesByName() {
    assertThat(StaticFiles.mediaType("feeds/digests.rss.xml"))
        .hasValue("application/rss+xml; charset=utf-8");
    assertThat(StaticFiles.mediaType("feeds/archive/digests-1.atom.xml"))
        .hasValue("application/atom+xml; charset=utf-8");
    assertThat(StaticFiles.mediaType("feeds/digests.json"))
        .hasValue("application/feed+json; charset=utf-8");
    assertThat(StaticFiles.mediaType("data.json")).hasValue("application/json; charset=utf-8");
    assertThat(StaticFiles.mediaType("archive/1.html")).hasValue("text/html; charset=utf-8");
    assertThat(StaticFiles.mediaType("run.lock")).isEmpty();
    assertThat(StaticFiles.mediaType("x.svg")).isEmpty();
  }

  @Test
  void parsesUrlEncodedFormsAndRefusesBrokenOnes() throws Exception {
    assertThat(Forms.urlEncoded("List-Unsubscribe=One-Click&name=J%C3%B6rg+M&empty"))
        .isEqualTo(Map.of("List-Unsubscribe", "One-Click", "name", "Jörg M", "empty", ""));
    assertThat(Forms.urlEncoded("a=1&a=2")).containsEntry("a", "1");
    assertThatThrownBy(() -> Forms.urlEncoded("a=%G1")).isInstanceOf(Forms.Rejected.class);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      many.append("f").append(i).append("=x&");
    }
    assertThatThrownBy(() -> Forms.urlEncoded(many.toString())).isInstanceOf(Forms.Rejected.class);
  }

  @Test
  void limitsEachKeyAndRefillsOverTime() {
    Instant[] now = {Instant.parse("2026-11-26T07:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(10), 3, clock);
    assertThat(limiter.tryAcquire("a")).isTrue();
    now[0] = now[0].plus(Duration.ofMinutes(4));
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.retryAfterSeconds("a")).isEqualTo(360);
    assertThat(limiter.tryAcquire("b")).isTrue();
    // A sliding window: exactly 2 in any 10 minutes, never more (a bucket allowed about twice).
    now[0] = now[0].plus(Duration.ofMinutes(6));
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    now[0] = now[0].plus(Duration.ofMinutes(4));
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    limiter.tryAcquire("c");
    limiter.tryAcquire("d");
    assertThat(limiter.trackedKeys()).isEqualTo(3);
  }

  @Test
  void countsIpv6ClientsPerPrefixAndIpv4PerAddress() throws Exception {
    java.net.InetAddress a = java.net.InetAddress.getByName("2001:db8:1:2:aaaa::1");
    java.net.InetAddress b = java.net.InetAddress.getByName("2001:db8:1:2:ffff:1:2:3");
    java.net.InetAddress c = java.net.InetAddress.getByName("2001:db8:1:3::1");
    assertThat(RateLimiter.clientKey(a, 64)).isEqualTo(RateLimiter.clientKey(b, 64));
    assertThat(RateLimiter.clientKey(a, 64)).isNotEqualTo(RateLimiter.clientKey(c, 64));
    assertThat(RateLimiter.clientKey(a, 48)).isEqualTo(RateLimiter.clientKey(c, 48));
    assertThat(RateLimiter.clientKey(a, 128)).isNotEqualTo(RateLimiter.clientKey(b, 128));
    java.net.InetAddress v4 = java.net.InetAddress.getByName("192.0.2.7");
    java.net.InetAddress v4b = java.net.InetAddress.getByName("192.0.2.8");
    assertThat(RateLimiter.clientKey(v4, 64)).isEqualTo("192.0.2.7");
    assertThat(RateLimiter.clientKey(v4b, 64)).isEqualTo("192.0.2.8");
    assertThat(RateLimiter.clientKey(java.net.InetAddress.getByName("::ffff:192.0.2.7"), 64))
        .isEqualTo("192.0.2.7");
  }
}
