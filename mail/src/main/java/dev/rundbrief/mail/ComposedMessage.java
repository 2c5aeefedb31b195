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
 */
public record ComposedMessage(EmailAddress recipient, String messageId, byte[] bytes) {
  /** Validates the parts; the bytes are not copied, so callers must not change them. */
  public ComposedMessage {
    requireNonNull(recipient, "recipient");
    requireNonNull(messageId, "messageId");
    requireNonNull(bytes, "bytes");
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
