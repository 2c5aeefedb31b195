package dev.rundbrief.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rundbrief.core.testing.ExternalTools;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the default digest in headless Chromium at 375 and 600 px, light and dark, with and
 * without its {@code <style>} block (many mail apps drop it), and checks what a reader would see:
 * nothing wider than the screen, every text (image alt text included) at a contrast of at least
 * 4.5:1 against what is behind it, and the issue title's "Nr. 1" on one line. Screenshots of each
 * case are written to {@code target/mail-screenshots/} for a person to look at.
 */
class MailLayoutIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "mail-screenshots");

  /**
   * Put in the page around the mail: loads the mail into an iframe of the screen's width (headless
   * windows are at least 500 px wide) and measures it once loaded.
   */
  private static final String PROBE =
      """
      <!DOCTYPE html><html><head><meta charset="utf-8"><style>
      body { margin: 0; background: #888; } iframe { border: 0; display: block; }
      </style></head><body>
      <iframe id="mail" width="WIDTH" height="2400"></iframe>
      <pre id="rb-result"></pre>
      <script>
      const frame = document.getElementById('mail');
      frame.onload = () => {
        const doc = frame.contentDocument, win = frame.contentWindow;
        const dark = win.matchMedia('(prefers-color-scheme: dark)').matches;
        const parse = c => {
          const m = /rgba?\\(([^)]+)\\)/.exec(c);
          if (!m) return null;
          const p = m[1].split(',').map(parseFloat);
          return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
        };
        const lum = c => {
          const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
        };
        const behind = el => {
          for (let e = el; e; e = e.parentElement) {
            const c = parse(win.getComputedStyle(e).backgroundColor);
            if (c && c.a > 0) return c;
          }
          return dark ? {r: 18, g: 18, b: 18, a: 1} : {r: 255, g: 255, b: 255, a: 1};
        };
        const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
        const low = [];
        let min = 99;
        for (const el of doc.body.querySelectorAll('*')) {
          if (el.getClientRects().length === 0) continue;
          const s = win.getComputedStyle(el);
          if (s.display === 'none' || s.visibility === 'hidden') continue;
          const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
          const alt = el.tagName === 'IMG' && !el.complete || (el.tagName === 'IMG' && el.naturalWidth === 0);
          if (!own && !alt) continue;
          const r = ratio(parse(s.color), behind(el));
          min = Math.min(min, r);
          if (r < 4.5) low.push((alt ? 'alt of img: ' + el.alt : el.textContent.trim().slice(0, 40)) + ' = ' + r.toFixed(2) + ' (' + s.color + ')');
        }
        const width = doc.documentElement.clientWidth;
        const wide = [];
        for (const el of doc.body.querySelectorAll('*')) {
          const rect = el.getBoundingClientRect();
          if (rect.width > 0 && rect.right > width + 0.5) wide.push(el.tagName + '.' + el.className + ' right=' + Math.round(rect.right));
        }
        const h1 = doc.querySelector('h1');
        const lines = h1 ? Math.round(h1.getBoundingClientRect().height / parseFloat(win.getComputedStyle(h1).lineHeight)) : 0;
        // "Nr. 1" stays on one line at every width the title can have.
        const range = doc.createRange();
        let nrOnOneLine = true;
        if (h1) {
          const text = h1.firstChild, at = text.textContent.search(/Nr\\.[\\s\\u00a0]?\\d/);
          if (at < 0) nrOnOneLine = false;
          const saved = h1.style.width;
          for (let w = 120; at >= 0 && w <= 600; w += 4) {
            h1.style.width = w + 'px';
            range.setStart(text, at);
            range.setEnd(text, at + 5);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) nrOnOneLine = false;
          }
          h1.style.width = saved;
        }
        document.getElementById('rb-result').textContent = JSON.stringify({
          dark, width, scrollWidth: doc.documentElement.scrollWidth, wide: wide.slice(0, 10),
          minContrast: min, lowContrast: low, titleLines: lines, nrOnOneLine});
      };
      frame.srcdoc = MAIL;
      </script></body></html>
      """;

  private static Path chromium;

  @BeforeAll
  static void requireChromium() {
    chromium = ExternalTools.require("chromium", "chromium");
  }

  private static String mailHtml() {
    // A title like the issue's: "Nr. 1" must stay together at the end of a long title.
    RenderedDigest rendered =
        DigestRenderer.withDefaultTemplates()
            .render(
                new dev.rundbrief.core.Digest(
                    1,
                    "KI-Woche: Sprachmodelle prüfen sich selbst Nr. 1",
                    MailFixtures.german().period(),
                    MailFixtures.german().intro(),
                    MailFixtures.german().language(),
                    MailFixtures.german().sections(),
                    MailFixtures.german().created()),
                MailFixtures.settings());
    return rendered.forRecipient(MailFixtures.anna()).html();
  }

  private static String withoutStyle(String html) {
    String stripped = html.replaceAll("(?s)<style>.*?</style>", "");
    assertThat(stripped).isNotEqualTo(html).doesNotContain("<style");
    return stripped;
  }

  private static JsonNode measure(String html, int width, boolean dark, String name)
      throws Exception {
    Files.createDirectories(SHOTS);
    Path page = SHOTS.resolve(name + ".probe.html").toAbsolutePath();
    Files.writeString(
        page,
        PROBE
            .replace("WIDTH", String.valueOf(width))
            .replace("MAIL", JSON.writeValueAsString(html)),
        StandardCharsets.UTF_8);
    String dom = chromium(dark, "--dump-dom", page.toUri().toString());
    Matcher m = Pattern.compile("(?s)<pre id=\"rb-result\">(.*?)</pre>").matcher(dom);
    assertThat(m.find()).as("no measurement in:\n" + dom).isTrue();
    JsonNode result =
        JSON.readTree(
            m.group(1)
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"));
    Path shot = SHOTS.resolve(name + ".png").toAbsolutePath();
    chromium(
        dark,
        "--screenshot=" + shot,
        "--window-size=" + Math.max(width, 500) + ",2400",
        page.toUri().toString());
    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image).as(shot.toString()).isNotNull();
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(width);
    return result;
  }

  private static String chromium(boolean dark, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=5000"));
    if (dark) {
      command.add("--force-dark-mode");
    }
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium ends").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void assertReadable(JsonNode r, int width, boolean dark) {
    assertThat(r.path("dark").asBoolean()).isEqualTo(dark);
    assertThat(r.path("width").asInt()).isEqualTo(width);
    assertThat(r.path("scrollWidth").asInt()).as(r.toString()).isLessThanOrEqualTo(width);
    assertThat(r.path("wide")).as(r.toString()).isEmpty();
    assertThat(r.path("lowContrast")).as(r.toString()).isEmpty();
    assertThat(r.path("minContrast").asDouble()).as(r.toString()).isGreaterThanOrEqualTo(4.5);
    assertThat(r.path("nrOnOneLine").asBoolean()).as(r.toString()).isTrue();
  }

  @Test
  void fitsAndReadsWellAt375And600PixelsLightAndDark() throws Exception {
    String html = mailHtml();
    for (int width : new int[] {375, 600}) {
      for (boolean dark : new boolean[] {false, true}) {
        String name = "styled-" + width + (dark ? "-dark" : "-light");
        assertReadable(measure(html, width, dark, name), width, dark);
      }
    }
  }

  @Test
  void fitsAndReadsWellFromInlineAttributesAloneWhenTheMailAppDropsTheStyleBlock()
      throws Exception {
    String html = withoutStyle(mailHtml());
    for (int width : new int[] {375, 600}) {
      for (boolean dark : new boolean[] {false, true}) {
        String name = "no-style-" + width + (dark ? "-dark" : "-light");
        assertReadable(measure(html, width, dark, name), width, dark);
      }
    }
  }
}
