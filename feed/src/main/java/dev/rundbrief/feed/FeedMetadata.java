package dev.rundbrief.feed;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.Author;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What a feed says about itself: title, links, language, publisher and generator.
 *
 * <p>The same metadata serves all three formats; each writer maps it to its own elements. The
 * title, the site link and the feed's own public URL are required, because RSS needs a channel link
 * and Atom and JSON Feed need a self link; everything else is optional.
 *
 * <p>The feed's {@code updated} time is not part of the metadata: writers take it from the newest
 * item, so rewriting unchanged items gives identical bytes.
 */
public final class FeedMetadata {
  /** The generator name written into every feed unless another is set. */
  public static final String DEFAULT_GENERATOR = "Rundbrief";

  private final String title;
  private final String subtitle;
  private final URI siteLink;
  private final URI selfUrl;
  private final Locale language;
  private final Author author;
  private final URI icon;
  private final URI logo;
  private final String rights;
  private final String generator;
  private final String generatorVersion;
  private final URI generatorUri;

  private FeedMetadata(Builder b) {
    this.title = requireText(b.title, "title");
    this.subtitle = b.subtitle == null ? "" : b.subtitle.strip();
    this.siteLink = requireAbsolute(b.siteLink, "siteLink");
    this.selfUrl = requireAbsolute(b.selfUrl, "selfUrl");
    this.language = b.language;
    this.author =
        b.author == null || b.author.url() == null || SafeUrls.isAllowed(b.author.url())
            ? b.author
            : new Author(b.author.name(), b.author.email(), null);
    this.icon = SafeUrls.orNull(b.icon);
    this.logo = SafeUrls.orNull(b.logo);
    this.rights = b.rights == null ? "" : b.rights.strip();
    this.generator = requireText(b.generator, "generator");
    this.generatorVersion =
        b.generatorVersion == null || b.generatorVersion.isBlank()
            ? libraryVersion()
            : b.generatorVersion.strip();
    this.generatorUri = b.generatorUri;
  }

  /**
   * A builder with the three required parts.
   *
   * @param title the feed's title, not blank
   * @param siteLink the web site the feed belongs to, an absolute http(s) URL
   * @param selfUrl the public URL the feed itself is served from, an absolute http(s) URL
   */
  public static Builder builder(String title, URI siteLink, URI selfUrl) {
    return new Builder().title(title).siteLink(siteLink).selfUrl(selfUrl);
  }

  /** A builder that starts with every part of this metadata, for a modified copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.title = title;
    b.subtitle = subtitle;
    b.siteLink = siteLink;
    b.selfUrl = selfUrl;
    b.language = language;
    b.author = author;
    b.icon = icon;
    b.logo = logo;
    b.rights = rights;
    b.generator = generator;
    b.generatorVersion = generatorVersion;
    b.generatorUri = generatorUri;
    return b;
  }

  /**
   * The version of the Rundbrief feed library, from its jar manifest; {@code dev} when it runs from
   * a build directory.
   */
  public static String libraryVersion() {
    String version = FeedMetadata.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }

  /** The feed's title, never blank. */
  public String title() {
    return title;
  }

  /** A one-line description; empty when none was set (RSS then repeats the title). */
  public String subtitle() {
    return subtitle;
  }

  /** The web site the feed belongs to. */
  public URI siteLink() {
    return siteLink;
  }

  /** The public URL of the feed document itself (the subscription document). */
  public URI selfUrl() {
    return selfUrl;
  }

  /** The language of the feed, when known. */
  public Optional<Locale> language() {
    return Optional.ofNullable(language);
  }

  /** The publisher or editor credited for the whole feed, when known. */
  public Optional<Author> author() {
    return Optional.ofNullable(author);
  }

  /** A small square image (favicon), when there is one. */
  public Optional<URI> icon() {
    return Optional.ofNullable(icon);
  }

  /** A larger image that brands the feed, when there is one. */
  public Optional<URI> logo() {
    return Optional.ofNullable(logo);
  }

  /** A copyright or licence statement; empty when none was set. */
  public String rights() {
    return rights;
  }

  /** The generator's name, {@value #DEFAULT_GENERATOR} unless set. */
  public String generator() {
    return generator;
  }

  /** The generator's version, the {@linkplain #libraryVersion() library version} unless set. */
  public String generatorVersion() {
    return generatorVersion;
  }

  /** The generator's home page, when set. */
  public Optional<URI> generatorUri() {
    return Optional.ofNullable(generatorUri);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must not be blank");
    }
    return value.strip();
  }

  private static URI requireAbsolute(URI uri, String name) {
    requireNonNull(uri, name);
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL, was " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(name + " has no host: " + uri);
    }
    return uri;
  }

  /** Collects the parts of a {@link FeedMetadata}; see the accessors for their meaning. */
  public static final class Builder {
    private String title;
    private String subtitle;
    private URI siteLink;
    private URI selfUrl;
    private Locale language;
    private Author author;
    private URI icon;
    private URI logo;
    private String rights;
    private String generator = DEFAULT_GENERATOR;
    private String generatorVersion;
    private URI generatorUri;

    private Builder() {}

    /** Sets the title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the one-line description. */
    public Builder subtitle(String subtitle) {
      this.subtitle = subtitle;
      return this;
    }

    /** Sets the web site link. */
    public Builder siteLink(URI siteLink) {
      this.siteLink = siteLink;
      return this;
    }

    /** Sets the feed's own public URL. */
    public Builder selfUrl(URI selfUrl) {
      this.selfUrl = selfUrl;
      return this;
    }

    /** Sets the language. */
    public Builder language(Locale language) {
      this.language = language;
      return this;
    }

    /** Sets the publisher or editor. */
    public Builder author(Author author) {
      this.author = author;
      return this;
    }

    /** Sets the small square image. */
    public Builder icon(URI icon) {
      this.icon = icon;
      return this;
    }

    /** Sets the larger branding image. */
    public Builder logo(URI logo) {
      this.logo = logo;
      return this;
    }

    /** Sets the copyright or licence statement. */
    public Builder rights(String rights) {
      this.rights = rights;
      return this;
    }

    /** Sets the generator's name and version, for applications that embed the library. */
    public Builder generator(String name, String version) {
      this.generator = name;
      this.generatorVersion = version;
      return this;
    }

    /** Sets the generator's home page. */
    public Builder generatorUri(URI generatorUri) {
      this.generatorUri = generatorUri;
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @throws IllegalArgumentException if the title is blank or a required link is not an absolute
     *     http(s) URL
     */
    public FeedMetadata build() {
      return new FeedMetadata(this);
    }
  }
}
