package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Composes the double opt-in mail: one short plain-text message that asks the recipient to confirm
 * a sign-up with a link, and says what happens if they do nothing.
 *
 * <p>The message carries {@code Date} (from the injected clock), {@code From}, exactly one {@code
 * To}, a {@code Message-ID} in the sender's domain, an RFC 2047 encoded {@code Subject}, {@code
 * MIME-Version}, {@code Auto-Submitted: auto-generated}, and a {@code text/plain; charset=UTF-8}
 * quoted-printable body with no line over 76 octets. It has no {@code List-Unsubscribe}: the
 * recipient is not on the list until they confirm. Every header value is checked for line breaks
 * and control characters. The texts are German for a German publication and English otherwise.
 *
 * <p>The message never shows the recipient's name: it was typed into a public form by whoever
 * signed the address up, and is not confirmed, so showing it would let anyone mail text and links
 * of their choosing to any address through the publisher's server. {@code To} is the bare address
 * and the greeting is impersonal ("Guten Tag," / "Hello,").
 *
 * <p>A composer is immutable and thread-safe.
 */
public final class ConfirmationMail {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  private final EmailAddress from;
  private final String fromName;
  private final String listName;
  private final boolean german;
  private final String footer;
  private final Clock clock;
  private final ZoneId zone;
  private final DkimSigner dkim;
  private final String messageIdPrefix;
  private final AtomicLong counter;

  private ConfirmationMail(
      EmailAddress from,
      String fromName,
      String listName,
      Locale language,
      String footer,
      Clock clock,
      ZoneId zone,
      DkimSigner dkim) {
    this.from = requireNonNull(from, "from");
    this.fromName = HeaderValues.check("From display name", requireNonNull(fromName, "fromName"));
    this.listName = HeaderValues.check("list name", requireNonNull(listName, "listName").strip());
    if (this.listName.isEmpty()) {
      throw new IllegalArgumentException("listName is empty");
    }
    this.german = requireNonNull(language, "language").getLanguage().equals("de");
    this.footer = requireNonNull(footer, "footer").strip();
    this.clock = requireNonNull(clock, "clock");
    this.zone = requireNonNull(zone, "zone");
    this.dkim = dkim;
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.messageIdPrefix = "<rundbrief.confirm." + HexFormat.of().formatHex(random) + ".";
    this.counter = new AtomicLong();
  }

  /**
   * A composer for one publication.
   *
   * @param from the sender address; the {@code Message-ID} uses its domain
   * @param fromName the sender's display name, may be empty
   * @param listName the newsletter's name as the recipient knows it
   * @param language German ({@code de}) or anything else for English
   * @param footer text appended below a separator, such as the publisher's legal notice; may be
   *     empty
   * @param clock gives the {@code Date}; {@code zone} its offset
   * @throws HeaderValueException if a name contains a line break or control character
   */
  public static ConfirmationMail of(
      EmailAddress from,
      String fromName,
      String listName,
      Locale language,
      String footer,
      Clock clock,
      ZoneId zone) {
    return new ConfirmationMail(from, fromName, listName, language, footer, clock, zone, null);
  }

  /**
   * A copy that DKIM-signs every message like {@link MessageComposer#withDkim} does.
   *
   * @throws MailSettingsException if the key cannot be read or is too short
   */
  public ConfirmationMail withDkim(DkimSettings settings) {
    return new ConfirmationMail(
        from,
        fromName,
        listName,
        german ? Locale.GERMAN : Locale.ENGLISH,
        footer,
        clock,
        zone,
        DkimSigner.of(requireNonNull(settings, "settings"), clock));
  }

  /**
   * The confirmation message for one person; the recipient's name is not used (see the class
   * description).
   *
   * @param confirmUrl the absolute link that confirms the sign-up (it carries the token)
   * @throws IllegalArgumentException if the link is not an absolute http(s) URL without spaces
   */
  public ComposedMessage compose(Recipient recipient, String confirmUrl) {
    requireNonNull(recipient, "recipient");
    requireNonNull(confirmUrl, "confirmUrl");
    if (!confirmUrl.matches("https?://[\\x21-\\x7e]+") || confirmUrl.length() > Urls.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "confirmUrl must be an absolute http(s) URL of printable ASCII: '" + confirmUrl + "'");
    }
    String messageId =
        messageIdPrefix + Long.toString(counter.incrementAndGet(), 36) + "@" + from.domain() + ">";
    StringBuilder h = new StringBuilder(512);
    HeaderValues.append(h, "Date", DATE.format(ZonedDateTime.ofInstant(clock.instant(), zone)));
    HeaderValues.append(h, "From", HeaderValues.address(from, fromName, "From"));
    HeaderValues.append(h, "To", HeaderValues.address(recipient.address(), "", "To"));
    HeaderValues.append(h, "Message-ID", messageId);
    HeaderValues.append(h, "Subject", subject());
    HeaderValues.append(h, "Auto-Submitted", "auto-generated");
    HeaderValues.append(h, "MIME-Version", "1.0");
    HeaderValues.append(h, "Content-Type", "text/plain; charset=UTF-8");
    HeaderValues.append(h, "Content-Transfer-Encoding", "quoted-printable");
    h.append("\r\n");
    byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] body = SplicedPart.quotedPrintable(body(confirmUrl));
    byte[] bytes = new byte[head.length + body.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(body, 0, bytes, head.length, body.length);
    if (dkim != null) {
      bytes = dkim.sign(bytes);
    }
    return new ComposedMessage(recipient.address(), messageId, bytes);
  }

  private String subject() {
    String text =
        german
            ? "Bitte bestätigen Sie: " + listName
            : "Please confirm your subscription: " + listName;
    try {
      return MimeUtility.encodeText(text, "UTF-8", null);
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 unsupported", e);
    }
  }

  private String body(String url) {
    StringBuilder b = new StringBuilder(1024);
    if (german) {
      b.append("Guten Tag,")
          .append("\n\n")
          .append("jemand – hoffentlich Sie – hat diese Adresse für den Newsletter „")
          .append(listName)
          .append("“ angemeldet. Bitte bestätigen Sie die Anmeldung über diesen Link:\n\n")
          .append(url)
          .append("\n\n")
          .append("Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach.")
          .append(" Ohne Bestätigung erhalten Sie keine weitere Post von uns, und die Anmeldung")
          .append(" verfällt.\n");
    } else {
      b.append("Hello,")
          .append("\n\n")
          .append("someone – hopefully you – signed this address up for the newsletter \"")
          .append(listName)
          .append("\". Please confirm the subscription with this link:\n\n")
          .append(url)
          .append("\n\n")
          .append("If you did not sign up, simply ignore this e-mail. Without confirmation you")
          .append(" will receive nothing else from us, and the sign-up expires.\n");
    }
    if (!footer.isEmpty()) {
      b.append("\n-- \n").append(footer.replace("\r\n", "\n")).append('\n');
    }
    return b.toString();
  }
}
