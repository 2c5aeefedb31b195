package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a digest as the HTML and plain-text bodies of a newsletter mail, from Mustache templates.
 *
 * <p>The templates are compiled and checked once, when the renderer is created: a template that
 * uses an unknown variable or partial fails then, with a {@link TemplateException} that names the
 * file and the line. In the HTML template {@code {{name}}} escapes HTML; the text template never
 * escapes. Fixed strings and date formats follow the digest's language (German and English ship;
 * other languages fall back to English).
 *
 * <p>A renderer is immutable and thread-safe; keep one per workspace.
 */
public final class DigestRenderer {
  /**
   * The most bytes of the HTML part as sent (quoted-printable): Gmail clips a message whose HTML
   * passes about 102 KB, and the clipped end holds the unsubscribe link and the legal notice.
   */
  static final int MAX_HTML_BYTES = 100_000;

  /** Excerpt lengths tried in turn until the HTML fits; then articles are left out. */
  private static final int[] EXCERPT_LIMITS = {300, 200, 120};

  private static final Recipient SIZE_PROBE =
      new Recipient(
          EmailAddress.parse("size-probe-recipient@subscribers.example.org"),
          "Maximiliane Mustermann-Schönberger",
          "x".repeat(80));

  private final Templates templates;

  private DigestRenderer(Templates templates) {
    this.templates = templates;
  }

  /** A renderer with the built-in templates. */
  public static DigestRenderer withDefaultTemplates() {
    return Defaults.INSTANCE;
  }

  /**
   * A renderer whose templates in {@code directory} replace the built-in ones of the same name:
   * {@code html.mustache}, {@code text.mustache} and any partial. Files not present fall back to
   * the built-in ones.
   *
   * @throws TemplateException if the directory is missing, or a template does not parse or uses an
   *     unknown variable or partial
   */
  public static DigestRenderer fromDirectory(Path directory) {
    requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new TemplateException("template directory '" + directory + "' does not exist");
    }
    return new DigestRenderer(Templates.load(directory.toAbsolutePath()));
  }

  /**
   * Renders the parts that all recipients share; call {@link RenderedDigest#forRecipient} or a
   * {@link MessageComposer} for each recipient.
   *
   * <p>The HTML part must stay under 100,000 bytes as sent (quoted-printable, as Gmail counts when
   * it clips). When it would not, excerpts are shortened (300, 200, then 120 characters), then the
   * mail shows only the first articles that fit and links to the issue in the web archive for the
   * rest ({@code more} in the templates); {@link RenderedDigest#warnings()} says what was done.
   *
   * @throws MailSettingsException if the unsubscribe link pattern or the legal notice (publisher
   *     name, postal address, contact e-mail) is not configured
   * @throws TemplateException if the rendered HTML or text part does not show the recipient's
   *     unsubscribe link, the publisher's name, every line of the postal address and the contact
   *     address; the message names the template files and what is missing
   */
  public RenderedDigest render(Digest digest, MailSettings settings) {
    requireNonNull(digest, "digest");
    requireNonNull(settings, "settings");
    settings.requireRenderable();
    int total = digest.articles().size();
    RenderedDigest result = null;
    int limit = EXCERPT_LIMITS[0];
    for (int l : EXCERPT_LIMITS) {
      limit = l;
      result = render(digest, settings, limit, total, List.of());
      if (result.htmlBytes() <= MAX_HTML_BYTES) {
        break;
      }
    }
    List<String> warnings = new ArrayList<>();
    if (limit != EXCERPT_LIMITS[0]) {
      warnings.add(
          "issue "
              + digest.number()
              + ": excerpts shortened to "
              + limit
              + " characters to keep the HTML part under "
              + MAX_HTML_BYTES
              + " bytes as sent (Gmail clips longer mails, footer included)");
    }
    if (result.htmlBytes() > MAX_HTML_BYTES) {
      int full = result.htmlBytes();
      // The most articles that fit: binary search over the count, the first ones in reading order.
      int low = 1;
      int high = total - 1;
      RenderedDigest best = null;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        RenderedDigest candidate = render(digest, settings, limit, mid, List.of());
        if (candidate.htmlBytes() <= MAX_HTML_BYTES) {
          best = candidate;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      int shown = best == null ? 1 : best.articlesShown();
      warnings.add(
          "issue "
              + digest.number()
              + ": the HTML part would be "
              + full
              + " bytes as sent, over the "
              + MAX_HTML_BYTES
              + " at which Gmail clips it; the mail shows the first "
              + shown
              + " of "
              + total
              + " articles and "
              + (settings.archiveUrlPattern().isPresent()
                  ? "links to the web archive for the other " + (total - shown)
                  : "names the other " + (total - shown) + " (no archive URL to link to)")
              + (best == null ? "; it stays over the limit" : ""));
      result = best == null ? render(digest, settings, limit, 1, List.of()) : best;
    }
    return checked(
        new RenderedDigest(
            digest,
            settings,
            result.html(),
            result.text(),
            warnings,
            result.htmlBytes(),
            result.articlesShown()));
  }

  private RenderedDigest render(
      Digest digest, MailSettings settings, int excerptLimit, int shown, List<String> warnings) {
    Map<String, Object> scope = TemplateScope.of(digest, settings, excerptLimit, shown);
    SplicedPart html = SplicedPart.html(templates.renderHtml(scope));
    SplicedPart text = SplicedPart.text(templates.renderText(scope));
    RenderedDigest probe =
        new RenderedDigest(
            digest, settings, html, text, warnings, 0, Math.min(shown, digest.articles().size()));
    int size = 0;
    for (byte[] piece : html.encodedPieces(probe.slotValues(SIZE_PROBE))) {
      size += piece.length;
    }
    return new RenderedDigest(digest, settings, html, text, warnings, size, probe.articlesShown());
  }

  /**
   * The rendered digest when a probe recipient's mail shows the unsubscribe link and the legal
   * notice in both parts. Only the personal values differ between recipients, and they are filled
   * into the same places, so what holds for the probe holds for every recipient.
   */
  private RenderedDigest checked(RenderedDigest rendered) {
    RenderedMail mail = rendered.forRecipient(SIZE_PROBE);
    RequiredContent.Missing missing =
        RequiredContent.check(mail, rendered.unsubscribeUrl(SIZE_PROBE), rendered.settings());
    if (missing.none()) {
      return rendered;
    }
    StringBuilder m =
        new StringBuilder("mail for issue " + rendered.digest().number() + " refused:");
    if (!missing.html().isEmpty()) {
      m.append(" the HTML part from ")
          .append(templates.files(true))
          .append(" lacks ")
          .append(String.join(", ", missing.html()))
          .append(';');
    }
    if (!missing.text().isEmpty()) {
      m.append(" the text part from ")
          .append(templates.files(false))
          .append(" lacks ")
          .append(String.join(", ", missing.text()))
          .append(';');
    }
    m.append(" every mail must show them (see docs/mail.md, 'What every message shows')");
    throw new TemplateException(m.toString());
  }

  private static final class Defaults {
    static final DigestRenderer INSTANCE = new DigestRenderer(Templates.load(null));
  }
}
