package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Digest;
import java.nio.charset.StandardCharsets;
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
  /** Gmail clips HTML beyond about 102 KB, footer (and unsubscribe link) included. */
  static final int MAX_HTML_BYTES = 100_000;

  /** Excerpt lengths tried in turn until the HTML fits. */
  private static final int[] EXCERPT_LIMITS = {300, 200, 120, 60, 0};

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
   * <p>When the HTML would exceed 100,000 bytes, excerpts are shortened step by step (down to none)
   * and {@link RenderedDigest#warnings()} says so.
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
    List<String> warnings = new ArrayList<>();
    RenderedDigest result = null;
    for (int limit : EXCERPT_LIMITS) {
      Map<String, Object> scope = TemplateScope.of(digest, settings, limit);
      SplicedPart html = SplicedPart.html(templates.renderHtml(scope));
      SplicedPart text = SplicedPart.text(templates.renderText(scope));
      result = new RenderedDigest(digest, settings, html, text, warnings, 0);
      int size = result.forRecipient(SIZE_PROBE).html().getBytes(StandardCharsets.UTF_8).length;
      result = new RenderedDigest(digest, settings, html, text, warnings, size);
      if (size <= MAX_HTML_BYTES) {
        return checked(result);
      }
      warnings.add(
          "issue "
              + digest.number()
              + ": HTML is "
              + size
              + " bytes with excerpts of up to "
              + limit
              + " characters, over the limit of "
              + MAX_HTML_BYTES
              + "; "
              + (limit == 0 ? "it stays over the limit" : "shortening excerpts"));
    }
    return checked(
        new RenderedDigest(
            digest, settings, result.html(), result.text(), warnings, result.htmlBytes()));
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
