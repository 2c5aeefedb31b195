package dev.rundbrief.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP API with the JDK's HTTP
 * client: just the commands the browser test needs.
 */
final class WebDriverSession implements AutoCloseable {
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String session;

  private WebDriverSession(Process driver, URI base, String session) {
    this.driver = driver;
    this.base = base;
    this.session = session;
  }

  static WebDriverSession start(Path chromedriver, Path chromium, Path profile) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process driver =
        new ProcessBuilder(chromedriver.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(
                Files.createTempFile(profile.getParent(), "chromedriver", ".log").toFile())
            .start();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("status")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (JSON.readTree(r.body()).path("value").path("ready").asBoolean()) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        driver.destroyForcibly();
        throw new IllegalStateException("chromedriver did not start");
      }
      Thread.sleep(100);
    }
    ObjectNode caps = JSON.createObjectNode();
    ObjectNode options =
        caps.putObject("capabilities")
            .putObject("alwaysMatch")
            .put("browserName", "chrome")
            .putObject("goog:chromeOptions");
    options.put("binary", chromium.toString());
    List<String> args =
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1000,900",
            "--user-data-dir=" + profile);
    args.forEach(options.putArray("args")::add);
    try {
      JsonNode created = call(http, "POST", base.resolve("session"), caps);
      return new WebDriverSession(driver, base, created.path("sessionId").asText());
    } catch (RuntimeException e) {
      driver.destroyForcibly();
      throw e;
    }
  }

  void open(URI url) {
    command("POST", "url", JSON.createObjectNode().put("url", url.toString()));
  }

  String find(String css) {
    JsonNode v =
        command(
            "POST",
            "element",
            JSON.createObjectNode().put("using", "css selector").put("value", css));
    return v.path(ELEMENT).asText();
  }

  void type(String css, String text) {
    command("POST", "element/" + find(css) + "/value", JSON.createObjectNode().put("text", text));
  }

  void click(String css) {
    command("POST", "element/" + find(css) + "/click", JSON.createObjectNode());
  }

  String text(String css) {
    return command("GET", "element/" + find(css) + "/text", null).asText();
  }

  /**
   * The text of the element once it equals {@code expected}, or its last text after 15 seconds: a
   * click that submits a form returns before the next page has loaded.
   */
  String awaitText(String css, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = text(css);
        if (last.equals(expected)) {
          return last;
        }
      } catch (IllegalStateException e) {
        // the element belonged to the page that was just left
      }
      Thread.sleep(50);
    }
    return last;
  }

  String url() {
    return command("GET", "url", null).asText();
  }

  void screenshot(Path png) throws IOException {
    Files.createDirectories(png.getParent());
    Files.write(png, Base64.getDecoder().decode(command("GET", "screenshot", null).asText()));
  }

  private JsonNode command(String method, String path, JsonNode body) {
    return call(http, method, base.resolve("session/" + session + "/" + path), body);
  }

  private static JsonNode call(HttpClient http, String method, URI uri, JsonNode body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode value = JSON.readTree(r.body()).path("value");
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "WebDriver " + method + " " + uri.getPath() + ": " + r.statusCode() + " " + value);
      }
      return value;
    } catch (IOException e) {
      throw new IllegalStateException("WebDriver " + method + " " + uri.getPath() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      call(http, "DELETE", base.resolve("session/" + session), null);
    } catch (RuntimeException e) {
      // the browser is gone already
    } finally {
      driver.destroy();
      try {
        if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          driver.destroyForcibly();
        }
      } catch (InterruptedException e) {
        driver.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
