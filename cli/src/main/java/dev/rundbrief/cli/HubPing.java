package dev.rundbrief.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells a WebSub hub that feeds changed: one {@code POST hub.mode=publish&hub.url=...} per feed
 * URL, as hubs expect. A failure is a warning, never an error: the feeds are written either way.
 */
final class HubPing {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private HubPing() {}

  /** The subscription feed URLs of a workspace: articles and digests in every format. */
  static List<URI> feedUrls(PublicLayout layout) {
    List<URI> urls = new ArrayList<>();
    for (String format : List.of("rss", "atom", "json")) {
      urls.add(layout.articlesFeedUrl(format));
      urls.add(layout.digestsFeedUrl(format));
    }
    return urls;
  }

  /**
   * Pings the hub for each URL.
   *
   * @return how many pings the hub accepted (2xx)
   */
  static int ping(URI hub, List<URI> feeds, Consumer<String> warnings) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    int accepted = 0;
    for (URI feed : feeds) {
      String form =
          "hub.mode=publish&hub.url=" + URLEncoder.encode(feed.toString(), StandardCharsets.UTF_8);
      HttpRequest request =
          HttpRequest.newBuilder(hub)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("User-Agent", "rundbrief/" + Version.version())
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build();
      try {
        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          accepted++;
        } else {
          warnings.accept("WebSub hub " + hub + " answered " + r.statusCode() + " for " + feed);
        }
      } catch (IOException e) {
        warnings.accept("WebSub hub " + hub + " not reachable: " + e.getMessage());
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return accepted;
  }

  /** Pings the configured hub when files were written; does nothing without a hub. */
  static void afterPublish(Workspace ws, Config config, Publishing.Result result, Context ctx) {
    if (config.serve().websubHub().isEmpty() || result.written().isEmpty()) {
      return;
    }
    URI hub = config.serve().websubHub().get();
    int n = ping(hub, feedUrls(PublicLayout.of(ws, config)), ctx::warn);
    ctx.info("WebSub: hub " + hub + " accepted " + Words.count(n, "ping") + ".");
  }
}
