package dev.rundbrief.mail.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished message that Jakarta Mail sends byte for byte: no re-encoding, no new Message-ID, no
 * header changes. Only the header block is parsed, so that the transport can find the From address
 * for MAIL FROM. An {@link SMTPMessage}, so that a message can carry its own envelope sender.
 */
final class RawMessage extends SMTPMessage {
  private final byte[] raw;
  private final Sender.Gate gate;

  /**
   * A message whose {@code writeTo} passes the gate after the bytes: the transport writes the final
   * dot of DATA only after that, so the server cannot accept the message before the gate opens.
   */
  RawMessage(Session session, byte[] raw, Sender.Gate gate) throws MessagingException {
    super(session);
    this.raw = raw;
    this.gate = gate;
    this.headers = new InternetHeaders(new ByteArrayInputStream(raw));
  }

  @Override
  public void writeTo(OutputStream os) throws IOException {
    os.write(raw);
    gate.await();
  }

  @Override
  public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
    os.write(raw);
    gate.await();
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
