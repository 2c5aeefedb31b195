package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.ComposedMessage;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** One reused SMTP connection (Angus Mail), reopened after a failure or after N messages. */
final class SmtpSender implements Sender {
  private final SmtpSettings settings;
  private final Session session;
  private final String password;
  private SMTPTransport transport;
  private int onConnection;

  SmtpSender(SmtpSettings settings, String password) {
    this.settings = settings;
    this.password = password;
    this.session = Session.getInstance(properties(settings));
  }

  static Properties properties(SmtpSettings s) {
    Properties p = new Properties();
    p.put("mail.smtp.host", s.host());
    p.put("mail.smtp.port", Integer.toString(s.port()));
    p.put("mail.smtp.localhost", s.heloName());
    p.put("mail.host", s.messageIdDomain());
    s.envelopeFrom().ifPresent(a -> p.put("mail.smtp.from", a.value()));
    p.put("mail.smtp.socketFactory", SmtpSocketFactory.INSTANCE);
    p.put("mail.smtp.socketFactory.fallback", "false");
    String timeout = Long.toString(s.timeout().toMillis());
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.quitwait", "false");
    switch (s.security()) {
      case NONE -> {}
      case STARTTLS_OPPORTUNISTIC -> p.put("mail.smtp.starttls.enable", "true");
      case STARTTLS_REQUIRED -> {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
      }
      case IMPLICIT_TLS -> p.put("mail.smtp.ssl.enable", "true");
    }
    if (s.security() != SmtpSettings.Security.NONE) {
      if (s.trustedHosts().isEmpty()) {
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      } else {
        // Explicitly trusted hosts (test servers with self-signed certificates) skip both the
        // chain and the name check; every other setup checks both.
        p.put("mail.smtp.ssl.trust", s.trustedHosts());
        p.put("mail.smtp.ssl.checkserveridentity", "false");
      }
    }
    if (s.username().isPresent()) {
      p.put("mail.smtp.auth", "true");
    }
    return p;
  }

  @Override
  public Outcome send(ComposedMessage message, Gate gate) {
    if (transport != null && onConnection >= settings.maxMessagesPerConnection()) {
      disconnect();
    }
    if (transport == null) {
      Outcome connected = connect();
      if (connected != null) {
        return connected;
      }
    }
    try {
      InternetAddress to = new InternetAddress();
      to.setAddress(message.recipient().value());
      RawMessage raw = new RawMessage(session, message.bytes(), gate);
      message.envelopeSender().ifPresent(a -> raw.setEnvelopeFrom(a.value()));
      transport.sendMessage(raw, new Address[] {to});
      onConnection++;
      return Outcome.ACCEPTED;
    } catch (MessagingException e) {
      return failed(e);
    }
  }

  private Outcome connect() {
    try {
      SMTPTransport t = (SMTPTransport) session.getTransport("smtp");
      t.connect(settings.host(), settings.port(), settings.username().orElse(null), password);
      transport = t;
      onConnection = 0;
      return null;
    } catch (AuthenticationFailedException e) {
      return new Outcome(Kind.FATAL, 535, "login refused: " + text(e));
    } catch (MessagingException e) {
      return new Outcome(Kind.TEMPORARY, 0, "cannot connect: " + text(e));
    }
  }

  private Outcome failed(MessagingException e) {
    SMTPAddressFailedException address = find(e, SMTPAddressFailedException.class);
    if (address != null) {
      int code = address.getReturnCode();
      resetOrDisconnect();
      return new Outcome(
          code >= 500 ? Kind.PERMANENT_RECIPIENT : Kind.TEMPORARY, code, text(address));
    }
    SMTPSendFailedException send = find(e, SMTPSendFailedException.class);
    if (send != null && send.getReturnCode() >= 400) {
      int code = send.getReturnCode();
      if (code == 421) {
        disconnect();
      } else {
        resetOrDisconnect();
      }
      return new Outcome(code >= 500 ? Kind.PERMANENT_MESSAGE : Kind.TEMPORARY, code, text(send));
    }
    disconnect();
    return new Outcome(Kind.TEMPORARY, 0, "connection lost: " + text(e));
  }

  /** After a refused recipient or message the session continues with a fresh transaction. */
  private void resetOrDisconnect() {
    if (transport == null) {
      return;
    }
    try {
      if (!transport.isConnected() || transport.simpleCommand("RSET") != 250) {
        disconnect();
      }
    } catch (MessagingException | IllegalStateException e) {
      disconnect();
    }
  }

  private static <T extends Exception> T find(Exception e, Class<T> type) {
    Exception current = e;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      if (current instanceof MessagingException m && m.getNextException() != null) {
        current = m.getNextException();
      } else {
        Throwable cause = current.getCause();
        current = cause instanceof Exception c && c != current ? c : null;
      }
    }
    return null;
  }

  private static String text(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // Jakarta Mail's connect failures say only "Could not connect"; the cause says why (a TLS
    // handshake, a refused connection), which is what the operator needs.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      m = m + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    m = m.replace('\r', ' ').replace('\n', ' ').strip();
    return m.length() > 900 ? m.substring(0, 900) : m;
  }

  private void disconnect() {
    if (transport != null) {
      try {
        transport.close();
      } catch (MessagingException e) {
        // The connection is gone either way.
      }
      transport = null;
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
