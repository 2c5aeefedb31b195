package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.SingleLine;
import java.net.IDN;
import java.util.Locale;

/**
 * A validated, normalized e-mail address ({@code local@domain}), without a display name.
 *
 * <p>Normalizing strips surrounding white space, lower-cases the domain and converts an
 * internationalized domain to its ASCII (punycode) form; the local part is kept as given, because
 * servers may treat its case as significant ({@link #key()} is the case-insensitive form that
 * stores use to merge duplicates). Only the common dot-atom form is accepted: display-name forms
 * such as {@code "Name <a@b>"}, quoted local parts, comments, domain literals ({@code
 * a@[10.0.0.1]}) and non-ASCII local parts (which need SMTPUTF8) are refused, so that a crafted
 * value can never smuggle in a second address or a header.
 *
 * @param value the normalized address
 */
public record EmailAddress(String value) {
  /** The longest address that fits an SMTP path (RFC 5321 4.5.3.1.3). */
  static final int MAX_LENGTH = 254;

  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  /**
   * Validates and normalizes the address; equal to {@link #parse}.
   *
   * @throws IllegalArgumentException with a message that names the input and says what is wrong
   */
  public EmailAddress {
    requireNonNull(value, "value");
    value = normalize(value);
  }

  /**
   * Parses and normalizes user input.
   *
   * @throws IllegalArgumentException with a message that names the input and says what is wrong
   */
  public static EmailAddress parse(String input) {
    return new EmailAddress(input);
  }

  /** The part before the {@code @}, as given. */
  public String localPart() {
    return value.substring(0, value.lastIndexOf('@'));
  }

  /** The part after the {@code @}, lower-cased and in ASCII form. */
  public String domain() {
    return value.substring(value.lastIndexOf('@') + 1);
  }

  /**
   * The whole address lower-cased: two addresses with the same key reach the same mailbox at every
   * provider that matters, so stores treat them as one subscriber.
   */
  public String key() {
    return value.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String normalize(String input) {
    String s = input.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("e-mail address is empty");
    }
    String shown = SingleLine.shown(s);
    // A trailing dot is dropped below, hence the one extra character; checked first so that a
    // huge input costs nothing more.
    if (s.length() > MAX_LENGTH + 1) {
      throw new IllegalArgumentException(
          "e-mail address '" + shown + "' is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (SingleLine.isRefused(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(
            "e-mail address '" + shown + "' contains a space or control character");
      }
      if (c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')'
          || c == '[' || c == ']' || c == '\\' || c == ':') {
        throw new IllegalArgumentException(
            "e-mail address '" + shown + "' must be a bare address like name@example.org");
      }
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1 || s.indexOf('@') != at) {
      throw new IllegalArgumentException("e-mail address '" + shown + "' needs exactly one @");
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    if (local.length() > 64) {
      throw new IllegalArgumentException(
          "e-mail address '" + shown + "': local part over 64 chars");
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw new IllegalArgumentException("e-mail address '" + shown + "': misplaced dot");
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      boolean atext =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || ATEXT_SPECIALS.indexOf(c) >= 0;
      if (!atext) {
        throw new IllegalArgumentException(
            "e-mail address '" + shown + "': character '" + c + "' is not allowed before the @");
      }
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "e-mail address '"
              + shown
              + "': domain '"
              + SingleLine.shown(domain)
              + "' is not a valid domain name",
          e);
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (!ascii.contains(".") || ascii.startsWith(".") || ascii.contains("..")) {
      throw new IllegalArgumentException(
          "e-mail address '"
              + shown
              + "': domain '"
              + SingleLine.shown(domain)
              + "' is not a full domain name");
    }
    String tld = ascii.substring(ascii.lastIndexOf('.') + 1);
    if (tld.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "e-mail address '"
              + shown
              + "': domain '"
              + SingleLine.shown(domain)
              + "' is an IP address, not a name");
    }
    String result = local + "@" + ascii;
    if (result.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "e-mail address '" + shown + "' is longer than " + MAX_LENGTH + " characters");
    }
    return result;
  }
}
