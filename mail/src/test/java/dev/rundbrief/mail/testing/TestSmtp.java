package dev.rundbrief.mail.testing;

import dev.rundbrief.mail.delivery.SmtpSettings;

/** SMTP settings for the tests' servers on loopback (GreenMail, {@link ScriptedSmtpServer}). */
public final class TestSmtp {
  private TestSmtp() {}

  /**
   * Settings for a plain-SMTP server on {@code 127.0.0.1:port} (no TLS), with a fixed HELO name; a
   * builder, so that a test adds what it is about (connections, timeouts, envelope sender).
   */
  public static SmtpSettings.Builder loopback(int port) {
    return SmtpSettings.builder("127.0.0.1", port)
        .security(SmtpSettings.Security.NONE)
        .heloName("sender.rundbrief.test");
  }
}
