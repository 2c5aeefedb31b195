package dev.rundbrief.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A finished message that Jakarta Mail sends byte for byte: no re-encoding, no new Message-ID, no
 * header changes. Only the header block is parsed, so that the transport can find the From address
 * for MAIL FROM.
 */
final class RawMessage extends MimeMessage {
  private final byte[] raw;

  RawMessage(Session session, byte[] raw) throws MessagingException {
    super(session);
    this.raw = raw;
    this.headers = new InternetHeaders(new ByteArrayInputStream(raw));
  }

  @Override
  public void writeTo(OutputStream os) throws IOException {
    os.write(raw);
  }

  @Override
  public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
    os.write(raw);
  }

  @Override
  public int getSize() {
    return raw.length;
  }

  @Override
  public void saveChanges() {
    // The bytes are final; there is nothing to save.
  }

  @Override
  protected void updateMessageID() {
    // The composer wrote the Message-ID.
  }
}
