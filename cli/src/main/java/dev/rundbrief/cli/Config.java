package dev.rundbrief.cli;

import dev.rundbrief.core.Cadence;
import dev.rundbrief.mail.bounce.MailboxSettings;
import dev.rundbrief.mail.delivery.SmtpSettings;
import dev.rundbrief.store.StoreLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated contents of a workspace's {@code rundbrief.yaml}.
 *
 * <p>Every value is checked when the file is loaded; an error names the file, the line and the
 * setting. Unknown settings are errors too, so that a misspelled key is never silently ignored.
 */
record Config(
    Publication publication,
    DigestSettings digest,
    List<Source> sources,
    Mail mail,
    Store store,
    Serve serve,
    Fetch fetch,
    Bounces bounces) {

  /** The name of the configuration file inside a workspace. */
  static final String FILE_NAME = "rundbrief.yaml";

  /** Who publishes, where, in which language and zone, with which legal notice. */
  record Publication(
      String title,
      String description,
      URI siteUrl,
      URI publicUrl,
      Locale language,
      ZoneId timeZone,
      Optional<LegalNotice> legalNotice) {}

  /** The Impressum that every mail carries (name, postal address, contact). */
  record LegalNotice(String name, String address, String email, Optional<URI> url) {}

  /** How issues are cut: period, sections, limits, filters. */
  record DigestSettings(
      Period period,
      Sections sections,
      List<String> sectionOrder,
      int maxPerSection,
      int maxTotal,
      List<String> includeTags,
      List<String> excludeTags,
      Optional<String> title,
      int archivePageSize) {}

  /** The period an issue covers ({@code digest.period}, {@code digest build --period}). */
  enum Period {
    DAILY(Cadence.DAILY),
    WEEKLY(Cadence.WEEKLY),
    MONTHLY(Cadence.MONTHLY),
    /** Everything since the end of the last issue's period, whenever that was. */
    SINCE_LAST(null);

    private final Cadence cadence;

    Period(Cadence cadence) {
      this.cadence = cadence;
    }

    /** The calendar cadence; empty for {@link #SINCE_LAST}. */
    Optional<Cadence> cadence() {
      return Optional.ofNullable(cadence);
    }
  }

  /** How an issue's articles are grouped ({@code digest.sections}). */
  enum Sections {
    BY_TAG,
    BY_SOURCE,
    SINGLE
  }

  /** How the SMTP connection is secured ({@code mail.smtp.tls}), and its default port. */
  enum Tls {
    STARTTLS(SmtpSettings.Security.STARTTLS_REQUIRED, 587),
    STARTTLS_OPTIONAL(SmtpSettings.Security.STARTTLS_OPPORTUNISTIC, 587),
    IMPLICIT(SmtpSettings.Security.IMPLICIT_TLS, 465),
    NONE(SmtpSettings.Security.NONE, 587);

    private final SmtpSettings.Security security;
    private final int defaultPort;

    Tls(SmtpSettings.Security security, int defaultPort) {
      this.security = security;
      this.defaultPort = defaultPort;
    }

    SmtpSettings.Security security() {
      return security;
    }

    int defaultPort() {
      return defaultPort;
    }
  }

  /**
   * A feed that {@code import --sources} and {@code run} fetch.
   *
   * @param fullText whether to fetch each new item's page and import the article from it, for feeds
   *     that carry only a teaser
   */
  record Source(String name, URI url, boolean fullText) {}

  /**
   * Rules for fetching from the network.
   *
   * @param allowNetworks networks in CIDR form that fetches may reach although they are loopback,
   *     private or link-local; empty by default, so that a feed or redirect can never make
   *     Rundbrief fetch from inside the network it runs in
   */
  record Fetch(List<String> allowNetworks) {}

  /** Sender identity, links and the transport. */
  record Mail(
      String fromAddress,
      String fromName,
      Optional<String> replyTo,
      String listId,
      Optional<String> unsubscribeMailto,
      Optional<Smtp> smtp,
      Optional<Dkim> dkim,
      Duration confirmationExpiry,
      Optional<String> feedbackId) {}

  /** An SMTP relay; absent means "write to the outbox folder". */
  record Smtp(
      String host,
      int port,
      Tls tls,
      Optional<String> user,
      Optional<String> passwordEnv,
      Optional<Path> passwordFile,
      int poolSize,
      double ratePerSecond,
      int ratePerHour) {}

  /**
   * Bounce handling ({@code mail.bounce}): the VERP bounce mailbox address (absent: the envelope
   * sender stays the From address and bounces are matched by the address in their text), the soft
   * bounce rule, and the mailbox that {@code bounces fetch} reads.
   */
  record Bounces(
      Optional<String> address, int softLimit, int softDays, Optional<BounceMailbox> mailbox) {}

  /** The mailbox the bounces arrive in, read over IMAP(S) or POP3(S). */
  record BounceMailbox(
      MailboxSettings.Protocol protocol,
      String host,
      int port,
      String user,
      Optional<String> passwordEnv,
      Optional<Path> passwordFile,
      String folder,
      MailboxSettings.After after,
      String moveTo,
      boolean trustAll) {}

  /** DKIM signing key. */
  record Dkim(String selector, String domain, Path keyFile) {}

  /**
   * Where the database is: the SQLite file, or a PostgreSQL JDBC URL with the user and the name of
   * the environment variable that holds the password (never the password itself).
   */
  record Store(
      Path sqlite,
      Optional<String> jdbcUrl,
      Optional<String> user,
      Optional<String> passwordEnv,
      Duration connectTimeout,
      Duration statementTimeout) {}

  /**
   * How {@code rundbrief serve} listens: port, bind address, the WebSub hub announced in feed
   * responses and pinged after publishing, and whether a reverse proxy on loopback sets {@code
   * X-Forwarded-For}.
   */
  record Serve(
      int port, String bind, Optional<URI> websubHub, boolean behindProxy, ServeLimits limits) {}

  /**
   * The limits of {@code rundbrief serve} ({@code serve.limits}): sign-ups per client and per
   * address, and the HTTP server's own limits. Defaults are the documented values.
   */
  record ServeLimits(
      int signupsPerClient,
      Duration clientWindow,
      int ipv6Prefix,
      int mailsPerAddress,
      Duration addressWindow,
      int maxConnections,
      int maxConnectionsPerClient,
      int maxThreads,
      Duration idleTimeout,
      Duration requestTimeout,
      int maxHeaderBytes,
      int maxFormBytes) {}

  /**
   * Loads and validates a configuration file.
   *
   * @param workspace the folder relative paths in the file are resolved against
   * @throws ConfigException if the file is missing or holds an invalid value
   */
  static Config load(Path file, Path workspace) {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw tooLarge(file.toString(), size + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file + " not found: run 'rundbrief init' to create a workspace, or pass --workspace");
    } catch (IOException e) {
      throw new ConfigException(file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text, workspace);
  }

  /**
   * The largest configuration file read, in bytes: a real one is a few kilobytes, even with
   * hundreds of sources, and the YAML parser is slower than linear in the length of one value.
   */
  static final int MAX_FILE_BYTES = 256 * 1024;

  private static ConfigException tooLarge(String name, String size) {
    return new ConfigException(
        name
            + " is "
            + size
            + " long; a configuration file may have at most "
            + MAX_FILE_BYTES
            + " bytes (256 KiB)");
  }

  /** Parses configuration text; see {@link #load}. */
  static Config parse(String name, String text, Path workspace) {
    if (text.length() > MAX_FILE_BYTES) {
      throw tooLarge(name, text.length() + " characters");
    }
    YamlTree root = YamlTree.parse(name, text);

    YamlTree pub = root.section("publication");
    YamlTree legal = pub.section("legal_notice");
    Publication publication =
        new Publication(
            pub.requiredLine("title"),
            pub.text("description").orElse(""),
            url(pub, "site_url"),
            url(pub, "public_url"),
            language(pub),
            zone(pub),
            legalNotice(legal));

    YamlTree d = root.section("digest");
    DigestSettings digest =
        new DigestSettings(
            d.choice("period", Period.WEEKLY),
            d.choice("sections", Sections.BY_TAG),
            d.list("section_order"),
            d.integer("max_per_section", 10, 1, 1000),
            d.integer("max_total", 25, 1, 1000),
            d.list("include_tags"),
            d.list("exclude_tags"),
            d.line("title"),
            d.integer("archive_page_size", 50, 1, 10_000));

    List<Source> sources =
        root.sections("sources").stream()
            .map(s -> new Source(s.requiredLine("name"), url(s, "url"), flag(s, "full_text")))
            .toList();

    YamlTree fetchTree = root.section("fetch");
    List<String> allowNetworks = fetchTree.list("allow_networks");
    try {
      dev.rundbrief.feed.FeedReader.builder().allowNetworks(allowNetworks);
    } catch (IllegalArgumentException e) {
      throw fetchTree.invalid("allow_networks", e.getMessage());
    }
    Fetch fetch = new Fetch(allowNetworks);

    YamlTree m = root.section("mail");
    YamlTree smtpTree = m.section("smtp");
    Optional<Smtp> smtp = smtpTree.text("host").map(host -> smtp(smtpTree, host, workspace));
    if (smtp.isEmpty()) {
      for (String key : smtpTree.keysWithValues()) {
        if (!key.equals("host")) {
          throw smtpTree.invalid(
              key,
              "needs a host: 'mail.smtp.host' is not set (without a host, mail is written to"
                  + " outbox/ instead of being sent)");
        }
      }
    }
    YamlTree dkimTree = m.section("dkim");
    Optional<Dkim> dkim =
        dkimTree
            .text("selector")
            .map(
                sel ->
                    new Dkim(
                        sel,
                        dkimTree.requiredText("domain"),
                        workspace.resolve(dkimTree.requiredText("key_file"))));
    String from = email(m, "from");
    Mail mail =
        new Mail(
            from,
            m.line("from_name").orElse(publication.title()),
            m.text("reply_to").map(v -> email(m, "reply_to")),
            listId(m).orElse(defaultListId(publication)),
            m.text("unsubscribe_mailto").map(v -> email(m, "unsubscribe_mailto")),
            smtp,
            dkim,
            Duration.ofHours(m.integer("confirmation_expiry_hours", 72, 1, 24 * 365)),
            feedbackId(m));

    YamlTree st = root.section("store");
    Optional<String> jdbcUrl = st.text("jdbc_url");
    if (jdbcUrl.isPresent()) {
      if (!StoreLocation.isServerUrl(jdbcUrl.get())) {
        throw st.invalid(
            "jdbc_url",
            "must be a PostgreSQL URL such as jdbc:postgresql://localhost/rundbrief (for SQLite set"
                + " store.sqlite instead), is '"
                + StoreLocation.redact(jdbcUrl.get())
                + "'");
      }
      if (st.text("sqlite").isPresent()) {
        throw st.invalid("jdbc_url", "set either store.sqlite or store.jdbc_url, not both");
      }
    } else {
      for (String key :
          List.of("user", "password_env", "connect_timeout_seconds", "statement_timeout_seconds")) {
        if (st.text(key).isPresent()) {
          throw st.invalid(key, "only applies to store.jdbc_url, which is not set");
        }
      }
    }
    Store store =
        new Store(
            workspace.resolve(st.text("sqlite").orElse("rundbrief.db")),
            jdbcUrl,
            st.text("user"),
            st.text("password_env"),
            Duration.ofSeconds(
                st.integer(
                    "connect_timeout_seconds",
                    (int) StoreLocation.DEFAULT_CONNECT_TIMEOUT.toSeconds(),
                    1,
                    3600)),
            Duration.ofSeconds(
                st.integer(
                    "statement_timeout_seconds",
                    (int) StoreLocation.DEFAULT_STATEMENT_TIMEOUT.toSeconds(),
                    1,
                    3600)));

    YamlTree sv = root.section("serve");
    String bind = sv.text("bind").orElse("127.0.0.1");
    if (!bind.matches("[0-9.]+|[0-9a-fA-F:]+|localhost")) {
      throw sv.invalid("bind", "must be an IP address such as 127.0.0.1 or ::1, is '" + bind + "'");
    }
    YamlTree lim = sv.section("limits");
    int maxConnections = lim.integer("max_connections", 2000, 1, 1_000_000);
    ServeLimits limits =
        new ServeLimits(
            lim.integer("signups_per_client", 10, 1, 1_000_000),
            Duration.ofMinutes(lim.integer("client_window_minutes", 10, 1, 7 * 24 * 60)),
            lim.integer("ipv6_prefix", 64, 1, 128),
            lim.integer("mails_per_address", 3, 1, 1000),
            Duration.ofHours(lim.integer("address_window_hours", 24, 1, 24 * 365)),
            maxConnections,
            lim.integer(
                "max_connections_per_client", Math.min(50, maxConnections), 1, maxConnections),
            lim.integer("max_threads", 64, 8, 10_000),
            Duration.ofSeconds(lim.integer("idle_timeout_seconds", 30, 1, 3600)),
            Duration.ofSeconds(lim.integer("request_timeout_seconds", 10, 1, 3600)),
            lim.integer("max_header_bytes", 8192, 1024, 1024 * 1024),
            lim.integer("max_form_bytes", 16384, 1024, 1024 * 1024));
    Serve serve =
        new Serve(
            sv.integer("port", 8080, 1, 65535),
            bind,
            sv.text("websub_hub").map(v -> url(sv, "websub_hub", v)),
            flag(sv, "behind_proxy"),
            limits);

    Bounces bounces = bounces(m.section("bounce"), workspace);

    root.rejectUnknownKeys();
    return new Config(publication, digest, sources, mail, store, serve, fetch, bounces);
  }

  private static boolean flag(YamlTree tree, String key) {
    String value = tree.text(key).orElse("false");
    if (!value.equals("true") && !value.equals("false")) {
      throw tree.invalid(key, "must be true or false, is '" + value + "'");
    }
    return value.equals("true");
  }

  /** Absent when the section is empty; partly filled is an error naming the missing key. */
  private static Optional<LegalNotice> legalNotice(YamlTree legal) {
    Optional<String> name = legal.line("name");
    Optional<String> address = legal.text("address");
    Optional<String> email = legal.text("email");
    Optional<URI> url = legal.text("url").map(v -> url(legal, "url", v));
    if (name.isEmpty() && address.isEmpty() && email.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LegalNotice(
            legal.requiredLine("name"), legal.requiredText("address"), email(legal, "email"), url));
  }

  private static Smtp smtp(YamlTree t, String host, Path workspace) {
    Tls tls = t.choice("tls", Tls.STARTTLS);
    return new Smtp(
        host,
        t.integer("port", tls.defaultPort(), 1, 65535),
        tls,
        t.text("user"),
        t.text("password_env"),
        t.text("password_file").map(workspace::resolve),
        t.integer("pool_size", 4, 1, 64),
        t.number("rate_per_second", 0, 0),
        t.integer("rate_per_hour", 0, 0, Integer.MAX_VALUE));
  }

  /** The optional Feedback-ID header value, checked by the mail module's own rule. */
  private static Optional<String> feedbackId(YamlTree m) {
    Optional<String> id = m.line("feedback_id");
    try {
      id.ifPresent(v -> dev.rundbrief.mail.MailSettings.builder().feedbackId(v));
    } catch (IllegalArgumentException e) {
      throw m.invalid("feedback_id", e.getMessage());
    }
    return id;
  }

  /** The RFC 2919 list id, checked by the mail module's own rule. */
  private static Optional<String> listId(YamlTree m) {
    Optional<String> id = m.line("list_id");
    try {
      id.ifPresent(v -> dev.rundbrief.mail.MailSettings.builder().listId(v));
    } catch (IllegalArgumentException e) {
      throw m.invalid(
          "list_id",
          "must look like a domain name, such as news.example.org, is '" + id.get() + "'");
    }
    return id;
  }

  private static Bounces bounces(YamlTree b, Path workspace) {
    Optional<String> address = b.text("address").map(v -> email(b, "address"));
    Optional<String> domain = b.text("domain");
    if (address.isPresent() && domain.isPresent()) {
      throw b.invalid("domain", "set either mail.bounce.address or mail.bounce.domain, not both");
    }
    if (domain.isPresent()) {
      String value = "bounces@" + domain.get();
      try {
        address = Optional.of(dev.rundbrief.mail.EmailAddress.parse(value).value());
      } catch (IllegalArgumentException e) {
        throw b.invalid("domain", "is not a mail domain: '" + domain.get() + "'");
      }
    }
    if (address.isPresent()
        && address.get().substring(0, address.get().indexOf('@')).contains("+")) {
      throw b.invalid(
          "address", "must be the plain mailbox without '+', is '" + address.get() + "'");
    }
    YamlTree mb = b.section("mailbox");
    Optional<BounceMailbox> mailbox =
        mb.text("host")
            .map(
                host -> {
                  MailboxSettings.Protocol protocol =
                      mb.choice("protocol", MailboxSettings.Protocol.IMAPS);
                  MailboxSettings.After after =
                      mb.choice(
                          "after",
                          protocol.pop3()
                              ? MailboxSettings.After.DELETE
                              : MailboxSettings.After.MOVE);
                  if (protocol.pop3() && after == MailboxSettings.After.MOVE) {
                    throw mb.invalid("after", "POP3 has no folders: use delete or keep");
                  }
                  boolean trust = flag(mb, "trust_all_certificates");
                  return new BounceMailbox(
                      protocol,
                      host,
                      mb.integer("port", protocol.defaultPort(), 1, 65535),
                      mb.requiredText("user"),
                      mb.text("password_env"),
                      mb.text("password_file").map(workspace::resolve),
                      mb.text("folder").orElse("INBOX"),
                      after,
                      mb.text("move_to").orElse("Rundbrief-Processed"),
                      trust);
                });
    return new Bounces(
        address, b.integer("soft_limit", 3, 1, 1000), b.integer("soft_days", 30, 1, 3650), mailbox);
  }

  private static String defaultListId(Publication p) {
    String host = p.siteUrl().getHost() == null ? "localhost" : p.siteUrl().getHost();
    return "rundbrief." + host;
  }

  private static URI url(YamlTree t, String key) {
    return url(t, key, t.requiredText(key));
  }

  private static URI url(YamlTree t, String key, String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw t.invalid(key, "must be an absolute http(s) URL, is '" + value + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw t.invalid(key, "is not a URL: '" + value + "'");
    }
  }

  private static String email(YamlTree t, String key) {
    String value = t.requiredText(key);
    try {
      return dev.rundbrief.mail.EmailAddress.parse(value).value();
    } catch (IllegalArgumentException e) {
      throw t.invalid(key, "is not a valid address: " + e.getMessage());
    }
  }

  private static Locale language(YamlTree t) {
    String tag = t.text("language").orElse("de");
    Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
    if (locale.getLanguage().isEmpty()) {
      throw t.invalid("language", "is not a language tag like de or en-GB: '" + tag + "'");
    }
    return locale;
  }

  private static ZoneId zone(YamlTree t) {
    String id = t.text("time_zone").orElse("Europe/Berlin");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw t.invalid("time_zone", "is not a time zone like Europe/Berlin: '" + id + "'");
    }
  }
}
