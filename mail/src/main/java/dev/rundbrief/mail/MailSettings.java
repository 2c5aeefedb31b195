package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a publisher configures once for all its mails: who sends them, the legal notice, the list
 * identity and the URL patterns of the personal links.
 *
 * <p>URL patterns contain placeholders: {@code {token}} (the recipient's unsubscribe token, URL
 * encoded) in the unsubscribe and preferences patterns, and {@code {issue}} (the issue number) in
 * the archive pattern. The builder accepts incomplete settings, so that a workspace can be loaded
 * and checked; {@link DigestRenderer} and {@link MessageComposer} refuse to produce mail while a
 * required setting is missing and name it in a {@link MailSettingsException}. Every value is
 * checked for control characters when it is set, because most of them end up in headers.
 */
public final class MailSettings {
  private final String publisherName;
  private final String postalAddress;
  private final EmailAddress contactEmail;
  private final String legalNoticeUrl;
  private final String listName;
  private final String listId;
  private final EmailAddress fromAddress;
  private final String fromName;
  private final EmailAddress replyTo;
  private final String unsubscribeUrlPattern;
  private final String preferencesUrlPattern;
  private final String archiveUrlPattern;
  private final String listArchiveUrl;
  private final String feedbackId;
  private final EmailAddress unsubscribeMailto;

  private MailSettings(Builder b) {
    this.publisherName = b.publisherName;
    this.postalAddress = b.postalAddress;
    this.contactEmail = b.contactEmail;
    this.legalNoticeUrl = b.legalNoticeUrl;
    this.listName = b.listName;
    this.listId = b.listId;
    this.fromAddress = b.fromAddress;
    this.fromName = b.fromName;
    this.replyTo = b.replyTo;
    this.unsubscribeUrlPattern = b.unsubscribeUrlPattern;
    this.preferencesUrlPattern = b.preferencesUrlPattern;
    this.archiveUrlPattern = b.archiveUrlPattern;
    this.listArchiveUrl = b.listArchiveUrl;
    this.feedbackId = b.feedbackId;
    this.unsubscribeMailto = b.unsubscribeMailto;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The publisher's name as it appears in the legal notice, such as "KI-Post GmbH". */
  public Optional<String> publisherName() {
    return Optional.ofNullable(publisherName);
  }

  /** The publisher's postal address, lines separated by {@code \n}. */
  public Optional<String> postalAddress() {
    return Optional.ofNullable(postalAddress);
  }

  /** The contact address named in the legal notice. */
  public Optional<EmailAddress> contactEmail() {
    return Optional.ofNullable(contactEmail);
  }

  /** A link to the full legal notice (Impressum) page, when there is one. */
  public Optional<String> legalNoticeUrl() {
    return Optional.ofNullable(legalNoticeUrl);
  }

  /** The newsletter's name, used in {@code List-Id} and in the footer. */
  public Optional<String> listName() {
    return Optional.ofNullable(listName);
  }

  /** The list identifier of RFC 2919, such as {@code ki-woche.news.example.org}. */
  public Optional<String> listId() {
    return Optional.ofNullable(listId);
  }

  /** The sender address; its domain is the domain of every {@code Message-ID}. */
  public Optional<EmailAddress> fromAddress() {
    return Optional.ofNullable(fromAddress);
  }

  /** The sender's display name; empty when the bare address is shown. */
  public String fromName() {
    return fromName == null ? "" : fromName;
  }

  /** Where replies go, when not to the sender. */
  public Optional<EmailAddress> replyTo() {
    return Optional.ofNullable(replyTo);
  }

  /** The https URL pattern of the one-click unsubscribe link, with {@code {token}}. */
  public Optional<String> unsubscribeUrlPattern() {
    return Optional.ofNullable(unsubscribeUrlPattern);
  }

  /** The URL pattern of the preferences page, with {@code {token}}. */
  public Optional<String> preferencesUrlPattern() {
    return Optional.ofNullable(preferencesUrlPattern);
  }

  /** The URL pattern of the web version of an issue, with {@code {issue}}. */
  public Optional<String> archiveUrlPattern() {
    return Optional.ofNullable(archiveUrlPattern);
  }

  /** The web archive of all issues, sent as {@code List-Archive} (RFC 2369), when configured. */
  public Optional<String> listArchiveUrl() {
    return Optional.ofNullable(listArchiveUrl);
  }

  /**
   * The {@code Feedback-ID} header value (such as {@code 48:ki-woche:digest:ki-post}, where {@code
   * {issue}} is replaced by the issue number), when configured: mailbox providers such as Gmail
   * report spam complaints per value to the sender.
   */
  public Optional<String> feedbackId() {
    return Optional.ofNullable(feedbackId);
  }

  /**
   * The mailto address that {@code List-Unsubscribe} offers after the https link, when configured.
   */
  public Optional<EmailAddress> unsubscribeMailto() {
    return Optional.ofNullable(unsubscribeMailto);
  }

  /** A builder that starts with every value of these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.publisherName = publisherName;
    b.postalAddress = postalAddress;
    b.contactEmail = contactEmail;
    b.legalNoticeUrl = legalNoticeUrl;
    b.listName = listName;
    b.listId = listId;
    b.fromAddress = fromAddress;
    b.fromName = fromName;
    b.replyTo = replyTo;
    b.unsubscribeUrlPattern = unsubscribeUrlPattern;
    b.preferencesUrlPattern = preferencesUrlPattern;
    b.archiveUrlPattern = archiveUrlPattern;
    b.listArchiveUrl = listArchiveUrl;
    b.feedbackId = feedbackId;
    b.unsubscribeMailto = unsubscribeMailto;
    return b;
  }

  /** Fails with a message naming the first missing setting that every mail needs. */
  void requireRenderable() {
    require(unsubscribeUrlPattern, "unsubscribeUrlPattern", "the unsubscribe link");
    require(publisherName, "publisherName", "the legal notice (publisher name)");
    require(postalAddress, "postalAddress", "the legal notice (postal address)");
    require(contactEmail, "contactEmail", "the legal notice (contact e-mail)");
  }

  /** Fails with a message naming the first missing setting that composing needs. */
  void requireComposable() {
    requireRenderable();
    require(fromAddress, "fromAddress", "the From header and the Message-ID domain");
    require(listName, "listName", "the List-Id header");
    require(listId, "listId", "the List-Id header");
  }

  private static void require(Object value, String setting, String purpose) {
    if (value == null) {
      throw new MailSettingsException(
          "mail setting '" + setting + "' is missing; it is required for " + purpose);
    }
  }

  /** Collects the settings; every setter validates its value at once. */
  public static final class Builder {
    private String publisherName;
    private String postalAddress;
    private EmailAddress contactEmail;
    private String legalNoticeUrl;
    private String listName;
    private String listId;
    private EmailAddress fromAddress;
    private String fromName;
    private EmailAddress replyTo;
    private String unsubscribeUrlPattern;
    private String preferencesUrlPattern;
    private String archiveUrlPattern;
    private String listArchiveUrl;
    private String feedbackId;
    private EmailAddress unsubscribeMailto;

    private Builder() {}

    /** Sets the publisher's name for the legal notice. */
    public Builder publisherName(String name) {
      this.publisherName = text("publisherName", name);
      return this;
    }

    /** Sets the postal address; lines are separated by {@code \n}, which is allowed here. */
    public Builder postalAddress(String address) {
      requireNonNull(address, "postalAddress");
      StringBuilder clean = new StringBuilder();
      for (String line : address.strip().split("\\R")) {
        if (!line.isBlank()) {
          clean.append(clean.length() == 0 ? "" : "\n").append(text("postalAddress", line));
        }
      }
      this.postalAddress = clean.length() == 0 ? null : clean.toString();
      return this;
    }

    /** Sets the contact e-mail of the legal notice. */
    public Builder contactEmail(EmailAddress address) {
      this.contactEmail = requireNonNull(address, "contactEmail");
      return this;
    }

    /** Sets the link to the full legal notice page. */
    public Builder legalNoticeUrl(String url) {
      this.legalNoticeUrl = Urls.checkWebUrl("legalNoticeUrl", url);
      return this;
    }

    /** Sets the newsletter's name. */
    public Builder listName(String name) {
      this.listName = text("listName", name);
      return this;
    }

    /** Sets the RFC 2919 list id, such as {@code ki-woche.news.example.org}. */
    public Builder listId(String id) {
      String value = text("listId", id);
      if (!value.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+")) {
        throw new IllegalArgumentException(
            "listId '" + value + "' must look like a domain name, such as list.example.org");
      }
      this.listId = value;
      return this;
    }

    /** Sets the sender address and display name (empty for none). */
    public Builder from(EmailAddress address, String name) {
      this.fromAddress = requireNonNull(address, "fromAddress");
      this.fromName = name == null || name.isBlank() ? null : text("fromName", name);
      return this;
    }

    /** Sets the Reply-To address. */
    public Builder replyTo(EmailAddress address) {
      this.replyTo = address;
      return this;
    }

    /** Sets the https pattern of the unsubscribe link; it must contain {@code {token}}. */
    public Builder unsubscribeUrlPattern(String pattern) {
      this.unsubscribeUrlPattern = Urls.checkPattern("unsubscribeUrlPattern", pattern, "{token}");
      if (!unsubscribeUrlPattern.startsWith("https://")) {
        throw new IllegalArgumentException(
            "unsubscribeUrlPattern '" + pattern + "' must be an https URL (RFC 8058)");
      }
      return this;
    }

    /** Sets the pattern of the preferences link; it must contain {@code {token}}. */
    public Builder preferencesUrlPattern(String pattern) {
      this.preferencesUrlPattern = Urls.checkPattern("preferencesUrlPattern", pattern, "{token}");
      return this;
    }

    /** Sets the pattern of the web version of an issue; it must contain {@code {issue}}. */
    public Builder archiveUrlPattern(String pattern) {
      this.archiveUrlPattern = Urls.checkPattern("archiveUrlPattern", pattern, "{issue}");
      return this;
    }

    /** Sets the URL of the web archive of all issues, sent as {@code List-Archive}. */
    public Builder listArchiveUrl(String url) {
      this.listArchiveUrl = Urls.checkWebUrl("listArchiveUrl", url);
      return this;
    }

    /**
     * Sets the {@code Feedback-ID} header value: colon-separated printable ASCII without spaces, at
     * most 200 characters; {@code {issue}} is replaced by the issue number.
     *
     * @throws IllegalArgumentException if the value is not of that form
     */
    public Builder feedbackId(String value) {
      String v = text("feedbackId", value);
      if (!v.matches("[!-~&&[^<>\\s]]{1,200}") || !v.contains(":")) {
        throw new IllegalArgumentException(
            "feedbackId '"
                + v
                + "' must be printable ASCII without spaces, with colon-separated parts such as"
                + " {issue}:ki-woche:digest:ki-post");
      }
      this.feedbackId = v;
      return this;
    }

    /** Sets the address that also accepts unsubscribe requests by mail. */
    public Builder unsubscribeMailto(EmailAddress address) {
      this.unsubscribeMailto = address;
      return this;
    }

    /** Builds the settings; completeness is checked where mail is produced. */
    public MailSettings build() {
      return new MailSettings(this);
    }

    private static String text(String setting, String value) {
      requireNonNull(value, setting);
      String v = value.strip();
      if (v.isEmpty()) {
        throw new IllegalArgumentException("mail setting '" + setting + "' is blank");
      }
      HeaderValues.check(setting, v);
      return v;
    }
  }
}
