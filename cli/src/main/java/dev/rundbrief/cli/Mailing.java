package dev.rundbrief.cli;

import dev.rundbrief.core.Digest;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.mail.DigestRenderer;
import dev.rundbrief.mail.DkimSettings;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.MailSettings;
import dev.rundbrief.mail.MessageComposer;
import dev.rundbrief.mail.RenderedDigest;
import dev.rundbrief.mail.bounce.VerpAddresses;
import dev.rundbrief.mail.delivery.DeliveryEngine;
import dev.rundbrief.mail.delivery.SmtpSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
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
    if (!base.startsWith("https://")) {
      throw new ConfigException(
          "setting 'publication.public_url' in rundbrief.yaml must be an https URL for mail: the"
              + " unsubscribe link of every mail is built from it and one-click unsubscribe (RFC"
              + " 8058) needs https; is '"
              + base
              + "'");
    }
    MailSettings.Builder b = MailSettings.builder();
    set("publication.legal_notice.name", () -> b.publisherName(legal.name()));
    set("publication.legal_notice.address", () -> b.postalAddress(legal.address()));
    set("publication.legal_notice.email", () -> b.contactEmail(EmailAddress.parse(legal.email())));
    set("publication.title", () -> b.listName(pub.title()));
    set("mail.list_id", () -> b.listId(mail.listId()));
    set("mail.from_name", () -> b.from(EmailAddress.parse(mail.fromAddress()), mail.fromName()));
    set(
        "publication.public_url",
        () ->
            b.unsubscribeUrlPattern(base + "unsubscribe?t={token}")
                .archiveUrlPattern(base + "archive/{issue}.html")
                .listArchiveUrl(base + "archive/index.html"));
    mail.feedbackId().ifPresent(f -> set("mail.feedback_id", () -> b.feedbackId(f)));
    legal
        .url()
        .ifPresent(u -> set("publication.legal_notice.url", () -> b.legalNoticeUrl(u.toString())));
    mail.replyTo().ifPresent(r -> set("mail.reply_to", () -> b.replyTo(EmailAddress.parse(r))));
    mail.unsubscribeMailto()
        .ifPresent(
            m -> set("mail.unsubscribe_mailto", () -> b.unsubscribeMailto(EmailAddress.parse(m))));
    return b.build();
  }

  /** Runs one setter; a value it refuses is a configuration error naming the key. */
  private static void set(String key, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | RundbriefException e) {
      throw new ConfigException(
          "setting '" + key + "' in rundbrief.yaml is not usable for mail: " + e.getMessage(), e);
    }
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

  /**
   * Renders a freshly built issue once, when the workspace is set up for mail, and reports what the
   * mail would have to leave out (or why it could not be sent) while there is time to act; prints
   * nothing when no legal notice is configured yet (feeds work without one).
   */
  static void preflight(Context ctx, Workspace ws, Config config, Digest digest) {
    if (config.publication().legalNotice().isEmpty()) {
      return;
    }
    try {
      renderer(ws)
          .render(digest, settings(config, PublicLayout.of(ws, config)))
          .warnings()
          .forEach(w -> ctx.warn("mail: " + w));
    } catch (RundbriefException e) {
      ctx.warn("mail: issue " + digest.number() + " cannot be sent as it is: " + e.getMessage());
    }
  }

  /** Renders the issue once and returns the composer that personalizes it per recipient. */
  static MessageComposer composer(
      Workspace ws, Config config, Digest digest, Clock clock, Consumer<String> warnings) {
    RenderedDigest rendered =
        renderer(ws).render(digest, settings(config, PublicLayout.of(ws, config)));
    MessageComposer composer = MessageComposer.of(rendered, clock);
    if (config.mail().dkim().isPresent()) {
      Config.Dkim d = config.mail().dkim().get();
      composer = composer.withDkim(DkimSettings.of(d.domain(), d.selector(), d.keyFile()));
    }
    composer.warnings().forEach(warnings);
    return composer;
  }

  /** The workspace's VERP addresses, when {@code mail.bounce.address} or {@code domain} is set. */
  static Optional<VerpAddresses> verp(Workspace ws, Config config) {
    return config
        .bounces()
        .address()
        .map(a -> VerpAddresses.of(EmailAddress.parse(a), ws.secret()));
  }

  /** SMTP when a host is configured, else the workspace's outbox folder. */
  static DeliveryEngine.Builder transport(Workspace ws, Config config) {
    if (config.mail().smtp().isEmpty()) {
      return DeliveryEngine.outbox(ws.outbox());
    }
    Config.Smtp s = config.mail().smtp().get();
    SmtpSettings.Builder b =
        SmtpSettings.builder(s.host(), s.port())
            .security(s.tls().security())
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
