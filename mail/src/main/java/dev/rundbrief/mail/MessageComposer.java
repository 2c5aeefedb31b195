package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns a {@link RenderedDigest} into one finished MIME message per recipient.
 *
 * <p>Every message has exactly one recipient in {@code To}, a {@code multipart/alternative} body
 * (text first, HTML last, both UTF-8 quoted-printable, no line over 76 octets), RFC 2047 encoded
 * subject and display names, {@code Date} (from the injected clock), {@code From}, {@code Reply-To}
 * when configured, a {@code Message-ID} in the sender's domain (the same for the same recipient and
 * issue, so that a resent message is recognized as a duplicate), {@code List-Id}, {@code
 * List-Unsubscribe} (https, then mailto when configured), {@code List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click} and {@code MIME-Version}. The headers and bodies that all recipients
 * share are encoded once, when the composer is created; per recipient only the personal lines are
 * filled in. With {@link #withDkim} every message is signed last.
 *
 * <p>A composer is thread-safe.
 */
public final class MessageComposer {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
  private static final byte[] CRLF = {'\r', '\n'};

  /** One digest per sender thread: looking one up per message showed in the send's profile. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform has SHA-256", e);
            }
          });

  private final RenderedDigest rendered;
  private final Clock clock;
  private final DkimSigner dkim;
  private final Function<Recipient, EmailAddress> envelopeSenders;
  private final ZoneId zone;
  private final String messageIdPrefix;
  private final String messageIdSuffix;
  private final String fixedHeaders;
  private final byte[] bodyStart;
  private final byte[] htmlStart;
  private final byte[] bodyEnd;
  private final String unsubscribeMailto;
  private final List<String> warnings;

  private MessageComposer(
      RenderedDigest rendered,
      Clock clock,
      DkimSigner dkim,
      Function<Recipient, EmailAddress> envelopeSenders) {
    this.rendered = rendered;
    this.clock = clock;
    this.dkim = dkim;
    this.envelopeSenders = envelopeSenders;
    MailSettings settings = rendered.settings();
    settings.requireComposable();
    this.zone = rendered.digest().period().zone();
    EmailAddress from = settings.fromAddress().orElseThrow();
    List<String> w = new ArrayList<>(rendered.warnings());
    if (dkim != null) {
      dkim.alignmentWarning(from).ifPresent(w::add);
    }
    this.warnings = List.copyOf(w);

    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.messageIdPrefix = "<rundbrief." + rendered.digest().number() + ".";
    this.messageIdSuffix = "@" + from.domain() + ">";

    StringBuilder h = new StringBuilder(512);
    HeaderValues.append(h, "From", HeaderValues.address(from, settings.fromName(), "From"));
    if (settings.replyTo().isPresent()) {
      HeaderValues.append(
          h, "Reply-To", HeaderValues.address(settings.replyTo().get(), "", "Reply-To"));
    }
    this.fixedHeaders = h.toString();

    String boundary =
        "=_rundbrief_" + rendered.digest().number() + "_" + HexFormat.of().formatHex(random);
    StringBuilder b = new StringBuilder(512);
    HeaderValues.append(b, "Subject", encodeText("Subject", rendered.digest().title()));
    HeaderValues.append(
        b,
        "List-Id",
        phrase(settings.listName().orElseThrow()) + " <" + settings.listId().orElseThrow() + ">");
    if (settings.listArchiveUrl().isPresent()) {
      HeaderValues.append(b, "List-Archive", "<" + settings.listArchiveUrl().get() + ">");
    }
    if (settings.feedbackId().isPresent()) {
      HeaderValues.append(
          b,
          "Feedback-ID",
          settings
              .feedbackId()
              .get()
              .replace("{issue}", String.valueOf(rendered.digest().number())));
    }
    this.bodyStart =
        ascii(
            b
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative;\r\n boundary=\""
                + boundary
                + "\"\r\n\r\n--"
                + boundary
                + "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    this.htmlStart =
        ascii(
            "--"
                + boundary
                + "\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    this.bodyEnd = ascii("--" + boundary + "--\r\n");
    this.unsubscribeMailto = settings.unsubscribeMailto().map(EmailAddress::value).orElse(null);
  }

  /**
   * A composer for one rendered digest.
   *
   * @param clock gives the {@code Date} of each message
   * @throws MailSettingsException if the From address, the list name or the list id is missing
   * @throws HeaderValueException if the digest title contains a line break or control character
   */
  public static MessageComposer of(RenderedDigest rendered, Clock clock) {
    return new MessageComposer(
        requireNonNull(rendered, "rendered"), requireNonNull(clock, "clock"), null, null);
  }

  /**
   * A composer that also DKIM-signs every message (rsa-sha256, relaxed/relaxed, {@code From}
   * over-signed, both {@code List-Unsubscribe} headers and {@code List-Id} signed, {@code t=} from
   * the clock, no {@code l=} tag, no DNS lookup).
   *
   * @throws MailSettingsException if the key file cannot be read, is not a PKCS#8 RSA key, or has
   *     fewer than 1024 bits
   */
  public MessageComposer withDkim(DkimSettings settings) {
    return new MessageComposer(
        rendered,
        clock,
        DkimSigner.of(requireNonNull(settings, "settings"), clock),
        envelopeSenders);
  }

  /**
   * A composer that gives every message its own envelope sender (SMTP {@code MAIL FROM}, the {@code
   * Return-Path} the receiver records), such as a signed VERP bounce address; the message bytes do
   * not change.
   *
   * @param senders the envelope sender for one recipient; called on the sender threads
   */
  public MessageComposer withEnvelopeSenders(Function<Recipient, EmailAddress> senders) {
    return new MessageComposer(rendered, clock, dkim, requireNonNull(senders, "senders"));
  }

  /**
   * The recipient's part of the {@code Message-ID}: the same for the same list, issue, address and
   * subscription token, so that a message sent again after a crash carries the same id and a
   * receiving system can drop the duplicate; a hash, so that the id shows neither the address nor
   * the token.
   */
  private String messageIdPart(Recipient recipient) {
    MessageDigest sha = SHA_256.get();
    String key =
        rendered.settings().listId().orElseThrow()
            + '\0'
            + rendered.digest().number()
            + '\0'
            + recipient.address().key()
            + '\0'
            + recipient.token();
    byte[] hash = sha.digest(key.getBytes(StandardCharsets.UTF_8));
    // 96 bits, URL-safe Base64 (letters, digits, '-' and '_' are atext): short enough that the
    // header line stays under 78 characters.
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
  }

  /**
   * The finished message for one recipient.
   *
   * @throws HeaderValueException if the recipient's name contains a line break or control character
   */
  public ComposedMessage compose(Recipient recipient) {
    requireNonNull(recipient, "recipient");
    String[] slots = rendered.slotValues(recipient);
    String messageId = messageIdPrefix + messageIdPart(recipient) + messageIdSuffix;

    StringBuilder h = new StringBuilder(768);
    HeaderValues.append(h, "Date", DATE.format(ZonedDateTime.ofInstant(clock.instant(), zone)));
    h.append(fixedHeaders);
    HeaderValues.append(h, "To", HeaderValues.address(recipient.address(), recipient.name(), "To"));
    HeaderValues.append(h, "Message-ID", messageId);
    String https = slots[TemplateScope.Slot.UNSUBSCRIBE_URL.ordinal()];
    if (https.length() > Urls.MAX_LENGTH) {
      throw new HeaderValueException(
          "unsubscribe URL for " + recipient.address() + " is longer than " + Urls.MAX_LENGTH);
    }
    StringBuilder unsubscribe = new StringBuilder(256).append('<').append(https).append('>');
    if (unsubscribeMailto != null) {
      String subject =
          URLEncoder.encode("unsubscribe " + recipient.token(), StandardCharsets.UTF_8);
      unsubscribe
          .append(", <mailto:")
          .append(unsubscribeMailto)
          .append("?subject=")
          .append(subject.replace("+", "%20"))
          .append('>');
    }
    HeaderValues.append(h, "List-Unsubscribe", unsubscribe.toString());
    h.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");

    byte[] head = ascii(h.toString());
    byte[][] text = rendered.text().encodedPieces(slots);
    byte[][] html = rendered.html().encodedPieces(slots);
    int size = head.length + bodyStart.length + htmlStart.length + bodyEnd.length;
    for (byte[] piece : text) {
      size += piece.length;
    }
    for (byte[] piece : html) {
      size += piece.length;
    }
    // One exact-size array: the shared bodies are copied once, not grown and copied again.
    byte[] bytes = new byte[size];
    int at = copy(head, bytes, 0);
    at = copy(bodyStart, bytes, at);
    for (byte[] piece : text) {
      at = copy(piece, bytes, at);
    }
    at = copy(htmlStart, bytes, at);
    for (byte[] piece : html) {
      at = copy(piece, bytes, at);
    }
    copy(bodyEnd, bytes, at);
    if (dkim != null) {
      bytes = dkim.sign(bytes);
    }
    EmailAddress envelope = envelopeSenders == null ? null : envelopeSenders.apply(recipient);
    return new ComposedMessage(recipient.address(), messageId, bytes, envelope);
  }

  RenderedDigest rendered() {
    return rendered;
  }

  /**
   * What the sender should know before sending: the renderer's warnings (such as a shortened
   * issue), and with DKIM a signing domain that does not align with the From domain, so that the
   * signature does not count for DMARC. Empty when there is nothing to say.
   */
  public List<String> warnings() {
    return warnings;
  }

  private static int copy(byte[] from, byte[] to, int at) {
    System.arraycopy(from, 0, to, at, from.length);
    return at + from.length;
  }

  private static String encodeText(String what, String text) {
    HeaderValues.check(what, text);
    try {
      return MimeUtility.encodeText(text, "UTF-8", null);
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 unsupported", e);
    }
  }

  /** A display phrase: as it is when plain ASCII atoms, quoted or RFC 2047 encoded otherwise. */
  private static String phrase(String text) {
    HeaderValues.check("list name", text);
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
      try {
        return MimeUtility.encodeWord(text, "UTF-8", "Q");
      } catch (UnsupportedEncodingException e) {
        throw new IllegalStateException("UTF-8 unsupported", e);
      }
    }
    if (text.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+")) {
      return text;
    }
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static byte[] ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        throw new IllegalStateException("non-ASCII header text: " + s);
      }
    }
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
