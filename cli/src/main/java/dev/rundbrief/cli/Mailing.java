package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.mail.DeliveryEngine;
import dev.rundbrief.mail.DigestRenderer;
import dev.rundbrief.mail.DkimSettings;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MailSettings;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.RenderedDigest;
import dev.rundbrief.mail.SmtpSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Turns the workspace configuration into the mail module's settings, renderer and transport. */
final class Mailing {
  /** Permanent rejections after which an active subscriber is set to bounced. */
  static final int BOUNCE_THRESHOLD = 3;

  private Mailing() {}

  static MailSettings settings(Config config, PublicLayout layout) {
    Config.Publication pub = config.publication();
    Config.LegalNotice legal =
        pub.legalNotice()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "publication.legal_notice is not set in rundbrief.yaml: every mail must"
                            + " carry the publisher's name, postal address and contact e-mail"
                            + " (Impressum); fill in name, address and email"));
    Config.Mail mail = config.mail();
    String base = layout.publicUrl().toString();
    MailSettings.Builder b =
        MailSettings.builder()
            .publisherName(legal.name())
            .postalAddress(legal.address())
            .contactEmail(EmailAddress.parse(legal.email()))
            .listName(pub.title())
            .listId(mail.listId())
            .from(EmailAddress.parse(mail.fromAddress()), mail.fromName())
            .unsubscribeUrlPattern(base + "unsubscribe?t={token}")
            .archiveUrlPattern(base + "archive/{issue}.html");
    legal.url().ifPresent(u -> b.legalNoticeUrl(u.toString()));
    mail.replyTo().ifPresent(r -> b.replyTo(EmailAddress.parse(r)));
    mail.unsubscribeMailto().ifPresent(m -> b.unsubscribeMailto(EmailAddress.parse(m)));
    return b.build();
  }

  /** The built-in templates, or the workspace's overrides when {@code templates/} has any. */
  static DigestRenderer renderer(Workspace ws) {
    Path dir = ws.templates();
    if (!Files.isDirectory(dir)) {
      return DigestRenderer.withDefaultTemplates();
    }
    try (Stream<Path> files = Files.list(dir)) {
      boolean overrides = files.anyMatch(f -> f.getFileName().toString().endsWith(".mustache"));
      return overrides ? DigestRenderer.fromDirectory(dir) : DigestRenderer.withDefaultTemplates();
    } catch (IOException e) {
      throw new ConfigException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Renders the issue once and returns the composer that personalizes it per recipient. */
  static MessageComposer composer(
      Workspace ws, Config config, Digest digest, Clock clock, Consumer<String> warnings) {
    RenderedDigest rendered =
        renderer(ws).render(digest, settings(config, PublicLayout.of(ws, config)));
    rendered.warnings().forEach(warnings);
    MessageComposer composer = MessageComposer.of(rendered, clock);
    if (config.mail().dkim().isPresent()) {
      Config.Dkim d = config.mail().dkim().get();
      composer = composer.withDkim(DkimSettings.of(d.domain(), d.selector(), d.keyFile()));
    }
    return composer;
  }

  /** SMTP when a host is configured, else the workspace's outbox folder. */
  static DeliveryEngine.Builder transport(Workspace ws, Config config) {
    if (config.mail().smtp().isEmpty()) {
      return DeliveryEngine.outbox(ws.outbox());
    }
    Config.Smtp s = config.mail().smtp().get();
    SmtpSettings.Builder b =
        SmtpSettings.builder(s.host(), s.port())
            .security(
                switch (s.tls()) {
                  case "implicit" -> SmtpSettings.Security.IMPLICIT_TLS;
                  case "starttls-optional" -> SmtpSettings.Security.STARTTLS_OPPORTUNISTIC;
                  case "none" -> SmtpSettings.Security.NONE;
                  default -> SmtpSettings.Security.STARTTLS_REQUIRED;
                })
            .connections(s.poolSize())
            .rateLimit(s.ratePerSecond(), s.ratePerHour())
            .envelopeFrom(EmailAddress.parse(config.mail().fromAddress()))
            .messageIdDomain(EmailAddress.parse(config.mail().fromAddress()).domain());
    if (s.user().isPresent()) {
      if (s.passwordFile().isPresent()) {
        b.loginWithPasswordFromFile(s.user().get(), s.passwordFile().get());
      } else {
        b.loginWithPasswordFromEnvironment(
            s.user().get(), s.passwordEnv().orElse("RUNDBRIEF_SMTP_PASSWORD"));
      }
    }
    return DeliveryEngine.smtp(b.build());
  }
}
