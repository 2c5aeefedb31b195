package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One finished e-mail for one recipient: the complete RFC 5322 message as bytes, with CRLF line
 * endings, ready to be handed to an SMTP server or written as an {@code .eml} file.
 *
 * @param recipient the single envelope and {@code To} recipient
 * @param messageId the {@code Message-ID} header value, with angle brackets
 * @param bytes the whole message, headers and body
 * @param envelopeFrom the SMTP envelope sender (MAIL FROM) of this message alone, such as its VERP
 *     bounce address; null for the transport's default ({@link #envelopeSender()} reads it)
 */
public record ComposedMessage(
    EmailAddress recipient, String messageId, byte[] bytes, EmailAddress envelopeFrom) {
  /** Validates the parts; the bytes are not copied, so callers must not change them. */
  public ComposedMessage {
    requireNonNull(recipient, "recipient");
    requireNonNull(messageId, "messageId");
    requireNonNull(bytes, "bytes");
  }

  /** A message sent with the transport's default envelope sender. */
  public ComposedMessage(EmailAddress recipient, String messageId, byte[] bytes) {
    this(recipient, messageId, bytes, null);
  }

  /** The envelope sender of this message, when it has its own. */
  public java.util.Optional<EmailAddress> envelopeSender() {
    return java.util.Optional.ofNullable(envelopeFrom);
  }

  /** Writes the message as it is. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  /** The message as text, for tests and previews (the bytes are 7-bit ASCII). */
  public String asText() {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** The size in bytes. */
  public int size() {
    return bytes.length;
  }
}
