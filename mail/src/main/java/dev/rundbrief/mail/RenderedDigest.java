package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.TemplateScope.Slot;
import java.util.List;
import java.util.Map;

/**
 * A digest rendered once for all its recipients: the shared parts of both bodies are final, and
 * only the personal values (greeting, name, address, unsubscribe and preferences links) are filled
 * in per recipient.
 *
 * <p>Instances are immutable and safe to use from several threads.
 */
public final class RenderedDigest {
  private final Digest digest;
  private final MailSettings settings;
  private final SplicedPart html;
  private final SplicedPart text;
  private final List<String> warnings;
  private final int htmlBytes;
  private final int articlesShown;
  private final String greetingPrefix;
  private final String greetingSuffix;
  private final String anonymousGreeting;

  RenderedDigest(
      Digest digest,
      MailSettings settings,
      SplicedPart html,
      SplicedPart text,
      List<String> warnings,
      int htmlBytes,
      int articlesShown) {
    this.digest = digest;
    this.settings = settings;
    this.html = html;
    this.text = text;
    this.warnings = List.copyOf(warnings);
    this.htmlBytes = htmlBytes;
    this.articlesShown = articlesShown;
    Messages messages = Messages.forLocale(digest.language());
    String named = messages.format("greeting.named", Map.of());
    int at = named.indexOf("{name}");
    this.greetingPrefix = at < 0 ? named : named.substring(0, at);
    this.greetingSuffix = at < 0 ? "" : named.substring(at + "{name}".length());
    this.anonymousGreeting = messages.get("greeting.anonymous");
  }

  /** The digest this was rendered from. */
  public Digest digest() {
    return digest;
  }

  /** The settings this was rendered with. */
  public MailSettings settings() {
    return settings;
  }

  /**
   * What the renderer had to change to keep the mail usable, such as shortened excerpts; empty when
   * nothing was changed.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether the mail was shortened to stay under the size limit: excerpts cut below their normal
   * length, or articles left out (see {@link #articlesShown()}).
   */
  public boolean excerptsShortened() {
    return !warnings.isEmpty();
  }

  /** The size in bytes of the HTML part as sent (quoted-printable) for a typical recipient. */
  public int htmlBytes() {
    return htmlBytes;
  }

  /**
   * How many of the digest's articles the mail shows, the first ones in reading order; fewer than
   * all when the rest would pass the size limit, and then the mail links to the web archive.
   */
  public int articlesShown() {
    return articlesShown;
  }

  /** Both bodies for one recipient. */
  public RenderedMail forRecipient(Recipient recipient) {
    String[] values = slotValues(requireNonNull(recipient, "recipient"));
    return new RenderedMail(html.render(values), text.render(values));
  }

  SplicedPart html() {
    return html;
  }

  SplicedPart text() {
    return text;
  }

  /** The personal values in {@link Slot} order, unescaped. */
  String[] slotValues(Recipient recipient) {
    String[] values = new String[Slot.values().length];
    String name = TemplateScope.clean(recipient.name()).replace('\n', ' ').replace('\t', ' ');
    values[Slot.GREETING.ordinal()] =
        name.isEmpty() ? anonymousGreeting : greetingPrefix + name + greetingSuffix;
    values[Slot.NAME.ordinal()] = name;
    values[Slot.EMAIL.ordinal()] = recipient.address().value();
    values[Slot.UNSUBSCRIBE_URL.ordinal()] = unsubscribeUrl(recipient);
    values[Slot.PREFERENCES_URL.ordinal()] =
        settings
            .preferencesUrlPattern()
            .map(p -> Urls.fill(p, "{token}", recipient.token()))
            .orElse("");
    return values;
  }

  String unsubscribeUrl(Recipient recipient) {
    return Urls.fill(settings.unsubscribeUrlPattern().orElseThrow(), "{token}", recipient.token());
  }
}
