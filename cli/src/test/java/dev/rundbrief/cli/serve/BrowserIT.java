package dev.rundbrief.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rundbrief.core.testing.ExternalTools;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.SmtpSettings;
import dev.rundbrief.store.SubscriberStore;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Signs up, confirms and unsubscribes in a real headless Chromium, as a reader would. */
class BrowserIT {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;

  @Test
  void aReaderSignsUpConfirmsFromTheMailAndUnsubscribesWithTheButton() throws Exception {
    Path chromedriver = ExternalTools.require("chromedriver", "chromium-driver");
    Path chromium = ExternalTools.require("chromium", "chromium");
    Path pub = ServeFixtures.publicDir(dir);
    ServeFixtures.MovableClock clock =
        new ServeFixtures.MovableClock(Instant.parse("2026-11-26T07:00:00Z"));
    SubscriberStore store = SubscriberStore.open(dir.resolve("rundbrief.db"), clock);
    SmtpSettings smtp =
        SmtpSettings.builder("127.0.0.1", GREEN_MAIL.getSmtp().getPort())
            .security(SmtpSettings.Security.NONE)
            .build();
    try (WebServer server =
            WebServer.start(
                ServeFixtures.settings(
                    pub,
                    () -> store,
                    () -> DeliveryEngine.smtp(smtp).build(),
                    clock,
                    Optional.empty(),
                    ServeSettings.RateLimits.DEFAULT));
        WebDriverSession browser =
            WebDriverSession.start(
                chromedriver, chromium, Files.createDirectories(dir.resolve("profile")))) {
      URI base = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");

      browser.open(base.resolve("subscribe"));
      assertThat(browser.text("h1")).isEqualTo("Newsletter abonnieren");
      browser.screenshot(SCREENSHOTS.resolve("signup.png"));
      browser.type("#email", "greta.hoffmann@example.org");
      browser.type("#name", "Greta Hoffmann");
      browser.click("#consent");
      browser.click("button[type=submit]");
      assertThat(browser.awaitText("h1", "Fast geschafft")).isEqualTo("Fast geschafft");

      assertThat(GREEN_MAIL.waitForIncomingEmail(15_000, 1)).isTrue();
      MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(mail.getAllRecipients()[0].toString()).contains("greta.hoffmann@example.org");
      String link = WebServerIT.confirmLink(new String(mail.getInputStream().readAllBytes()));
      Subscriber pending =
          store.find(EmailAddress.parse("greta.hoffmann@example.org")).orElseThrow();
      assertThat(pending.state()).isEqualTo(SubscriberState.PENDING);
      assertThat(link)
          .startsWith("https://news.example.org/confirm?t=")
          .doesNotContain(pending.token());

      // The mail links to the public URL; the test server stands in for it.
      browser.open(base.resolve(link.substring(ServeFixtures.PUBLIC_URL.toString().length())));
      assertThat(browser.text("h1")).isEqualTo("Anmeldung bestätigen");
      assertThat(store.findByToken(pending.token()).orElseThrow().state())
          .isEqualTo(SubscriberState.PENDING);
      browser.click("button[type=submit]");
      assertThat(browser.awaitText("h1", "Anmeldung bestätigt")).isEqualTo("Anmeldung bestätigt");
      assertThat(store.findByToken(pending.token()).orElseThrow().state())
          .isEqualTo(SubscriberState.ACTIVE);

      browser.open(base.resolve("unsubscribe?t=" + pending.token()));
      assertThat(browser.text("h1")).isEqualTo("Newsletter abbestellen");
      assertThat(store.findByToken(pending.token()).orElseThrow().state())
          .isEqualTo(SubscriberState.ACTIVE);
      browser.click("button[type=submit]");
      assertThat(browser.awaitText("h1", "Abgemeldet")).isEqualTo("Abgemeldet");
      assertThat(browser.url()).startsWith(base + "unsubscribe?t=");
      assertThat(store.findByToken(pending.token()).orElseThrow().state())
          .isEqualTo(SubscriberState.UNSUBSCRIBED);

      browser.open(base);
      assertThat(browser.url()).isEqualTo(base + "archive/");
      browser.open(base.resolve("archive/1.html"));
      assertThat(browser.text("h1")).startsWith("Ausgabe 1");
      browser.screenshot(SCREENSHOTS.resolve("archive.png"));
    }
    assertThat(Files.size(SCREENSHOTS.resolve("signup.png"))).isGreaterThan(1000);
    assertThat(Files.size(SCREENSHOTS.resolve("archive.png"))).isGreaterThan(1000);
  }
}
