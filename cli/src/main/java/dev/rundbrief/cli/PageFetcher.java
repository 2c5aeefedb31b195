package dev.rundbrief.cli;

import dev.rundbrief.core.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Downloads one page or feed for {@code import URL}: timeouts, redirects, a size limit that stops
 * reading early. Configured feed sources go through the feed reader's conditional GET instead.
 */
final class PageFetcher {
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final long maxBytes;

  PageFetcher(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  byte[] fetch(URI url) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("User-Agent", "Rundbrief/" + RundbriefCommand.Version.version())
            .header(
                "Accept",
                "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, */*;q=0.5")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new ImportException(
              url.toString(), "the server answered HTTP " + response.statusCode());
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          throw new ImportException(
              url.toString(), "larger than the limit of " + maxBytes + " bytes");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new ImportException(url.toString(), "cannot be fetched: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportException(url.toString(), "fetch interrupted", e);
    }
  }
}
