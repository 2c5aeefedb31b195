package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * A person or organization credited for an article.
 *
 * @param name the display name, never blank
 * @param email an e-mail address, or {@code null} when unknown
 * @param url a profile or home page, or {@code null} when unknown
 */
public record Author(String name, String email, URI url) {
  /** Validates and trims the parts. */
  public Author {
    requireNonNull(name, "name");
    name = name.strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("author name is blank");
    }
    email = email == null || email.isBlank() ? null : email.strip();
  }

  /** An author known only by name. */
  public static Author of(String name) {
    return new Author(name, null, null);
  }

  /** The e-mail address, when known. */
  public Optional<String> emailAddress() {
    return Optional.ofNullable(email);
  }

  /** The profile or home page, when known. */
  public Optional<URI> homePage() {
    return Optional.ofNullable(url);
  }
}
