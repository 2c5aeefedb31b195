package dev.rundbrief.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/** Fetches feed bytes with the JDK HTTP client: conditional GET, redirects, gzip, size limit. */
final class HttpFeedFetcher {
  private static final String ACCEPT =
      "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9,"
          + " application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5";

  private final Duration requestTimeout;
  private final int maxRedirects;
  private final long maxBytes;
  private final String userAgent;
  private final Networks networks;
  private final HttpClient client;

  /** What the server sent: the body is {@code null} for 304 Not Modified. */
  record Response(URI url, byte[] body, FetchState state) {}

  HttpFeedFetcher(
      Duration connectTimeout,
      Duration requestTimeout,
      int maxRedirects,
      long maxBytes,
      String userAgent,
      Networks networks) {
    this.networks = networks;
    this.requestTimeout = requestTimeout;
    this.maxRedirects = maxRedirects;
    this.maxBytes = maxBytes;
    this.userAgent = userAgent;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  String userAgent() {
    return userAgent;
  }

  Response fetch(URI url, FetchState previous) {
    requireHttp(url);
    URI current = url;
    int redirects = 0;
    while (true) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .GET()
              .timeout(requestTimeout)
              .header("User-Agent", userAgent)
              .header("Accept", ACCEPT)
              .header("Accept-Encoding", "gzip");
      previous.ifNoneMatch().ifPresent(v -> request.header("If-None-Match", v));
      previous.ifModifiedSince().ifPresent(v -> request.header("If-Modified-Since", v));
      networks.check(current);
      HttpResponse<byte[]> response = send(current, request.build());
      int status = response.statusCode();
      if (isRedirect(status)) {
        URI from = current;
        String location =
            response
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        new FeedFetchException(
                            from, status, "HTTP status " + status + " without a Location", null));
        if (++redirects > maxRedirects) {
          throw new FeedFetchException(
              current, status, "redirected more than " + maxRedirects + " times", null);
        }
        URI next;
        try {
          next = current.resolve(location.strip());
        } catch (IllegalArgumentException e) {
          throw new FeedFetchException(
              current, status, "redirects to a Location that is not a URL; refused", null);
        }
        if (current.getScheme().equalsIgnoreCase("https")
            && "http".equalsIgnoreCase(next.getScheme())) {
          throw new FeedFetchException(
              current, status, "redirects from https to http (" + next + "); refused", null);
        }
        if (!isHttp(next)) {
          throw new FeedFetchException(
              current, status, "redirects to a URL that is not http(s); refused", null);
        }
        current = next;
        continue;
      }
      String etag = response.headers().firstValue("ETag").orElse("");
      String lastModified = response.headers().firstValue("Last-Modified").orElse("");
      if (status == 304) {
        return new Response(
            current,
            null,
            FetchState.of(
                etag.isEmpty() ? previous.etag() : etag,
                lastModified.isEmpty() ? previous.lastModified() : lastModified));
      }
      if (status < 200 || status > 299) {
        throw new FeedFetchException(current, status, "HTTP status " + status + hint(status), null);
      }
      byte[] body = decode(current, status, response);
      return new Response(current, body, FetchState.of(etag, lastModified));
    }
  }

  private HttpResponse<byte[]> send(URI url, HttpRequest request) {
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(
            request,
            info ->
                new LimitedSubscriber(
                    maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1)));
    try {
      return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new FeedFetchException(
          url, 0, "no complete answer within " + seconds(requestTimeout), e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new FeedFetchException(url, 0, "interrupted while fetching", e);
    } catch (ExecutionException e) {
      throw failure(url, e.getCause() == null ? e : e.getCause());
    }
  }

  private FeedFetchException failure(URI url, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TooLargeException) {
        return new FeedFetchException(url, 200, t.getMessage(), cause);
      }
      if (t instanceof HttpConnectTimeoutException) {
        return new FeedFetchException(url, 0, "could not connect in time", cause);
      }
      if (t instanceof HttpTimeoutException) {
        return new FeedFetchException(url, 0, "no answer within " + seconds(requestTimeout), cause);
      }
      if (t instanceof ConnectException) {
        return new FeedFetchException(
            url, 0, "cannot connect (connection refused or host unreachable)", cause);
      }
      if (t instanceof java.net.ProtocolException) {
        // The JDK's message quotes what the other side sent: never echo a stranger's banner.
        return new FeedFetchException(url, 0, "did not answer with valid HTTP", cause);
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return new FeedFetchException(
            url, 0, "TLS failed (" + t.getClass().getSimpleName() + ")", cause);
      }
    }
    return new FeedFetchException(
        url, 0, "cannot fetch (" + cause.getClass().getSimpleName() + ")", cause);
  }

  private byte[] decode(URI url, int status, HttpResponse<byte[]> response) {
    String encoding =
        response
            .headers()
            .firstValue("Content-Encoding")
            .orElse("")
            .strip()
            .toLowerCase(Locale.ROOT);
    byte[] body = response.body();
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return body;
    }
    if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
      throw new FeedFetchException(
          url, status, "sent Content-Encoding '" + encoding + "', which was not asked for", null);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return FeedReader.readLimited(in, maxBytes);
    } catch (IOException e) {
      String problem =
          e.getMessage() != null && e.getMessage().startsWith("more than")
              ? "sent " + e.getMessage() + " after gzip decoding; the limit is " + maxBytes
              : "sent a broken gzip body: " + e.getMessage();
      throw new FeedFetchException(url, status, problem, e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String hint(int status) {
    if (status == 404 || status == 410) {
      return " (the feed is gone; check the address or the site's current feed link)";
    }
    if (status == 401 || status == 403) {
      return " (the server refuses access)";
    }
    if (status == 429 || status >= 500) {
      return " (the server is busy or failing; try again later)";
    }
    return "";
  }

  private static void requireHttp(URI url) {
    if (!isHttp(url)) {
      throw new IllegalArgumentException("feed URL must be an absolute http(s) URL: " + url);
    }
  }

  private static boolean isHttp(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The body was larger than allowed. */
  private static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit, long seen) {
      super("sent more than " + limit + " bytes (at least " + seen + "); the limit is " + limit);
    }
  }

  /** Collects a body, cancelling the exchange as soon as it exceeds the limit. */
  private static final class LimitedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long count;

    LimitedSubscriber(long limit, long declaredLength) {
      this.limit = limit;
      this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      if (declaredLength > limit) {
        s.cancel();
        result.completeExceptionally(new TooLargeException(limit, declaredLength));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        count += item.remaining();
        if (count > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLargeException(limit, count));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}
