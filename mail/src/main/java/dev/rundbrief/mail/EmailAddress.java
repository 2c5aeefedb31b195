package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import java.net.IDN;
import java.util.Locale;

/**
 * A validated, normalized e-mail address ({@code local@domain}), without a display name.
 *
 * <p>Normalizing lower-cases the domain and converts an internationalized domain to its ASCII
 * (punycode) form; the local part is kept as given, because servers may treat its case as
 * significant. Display-name forms such as {@code "Name <a@b>"} are refused, so that a crafted name
 * can never smuggle in a second address.
 */
public record EmailAddress(String value) {
  /** Validates the address; use {@link #parse} for user input. */
  public EmailAddress {
    requireNonNull(value, "value");
    value = normalize(value);
  }

  /**
   * Parses and normalizes user input.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static EmailAddress parse(String input) {
    return new EmailAddress(input);
  }

  /** The part after the {@code @}, lower-cased and in ASCII form. */
  public String domain() {
    return value.substring(value.lastIndexOf('@') + 1);
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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw new IllegalArgumentException(
            "e-mail address '" + printable(s) + "' contains a space or control character");
      }
      if (c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')') {
        throw new IllegalArgumentException(
            "e-mail address '" + s + "' must be a bare address like name@example.org");
      }
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1 || s.indexOf('@') != at) {
      throw new IllegalArgumentException("e-mail address '" + s + "' needs exactly one @");
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    if (local.length() > 64) {
      throw new IllegalArgumentException("e-mail address '" + s + "': local part over 64 chars");
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw new IllegalArgumentException("e-mail address '" + s + "': misplaced dot");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("e-mail address '" + s + "': invalid domain", e);
    }
    if (!ascii.contains(".") || ascii.startsWith(".") || ascii.endsWith(".")) {
      throw new IllegalArgumentException(
          "e-mail address '" + s + "': domain '" + domain + "' is not a full domain name");
    }
    return local + "@" + ascii;
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
