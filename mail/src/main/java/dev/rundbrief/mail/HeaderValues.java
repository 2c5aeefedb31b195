package dev.rundbrief.mail;

import dev.rundbrief.core.InvalidTextException;
import dev.rundbrief.core.SingleLine;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;

/** Rejects control characters in anything that may reach a header, and writes headers. */
final class HeaderValues {
  private HeaderValues() {}

  /**
   * Returns the value when it follows the {@link SingleLine} rule (no line break or other control
   * character).
   *
   * @throws HeaderValueException naming {@code what} and the position of the first bad character
   */
  static String check(String what, String value) {
    try {
      return SingleLine.check(value, what);
    } catch (InvalidTextException e) {
      throw new HeaderValueException(e.getMessage());
    }
  }

  /** The longest a header line should be, CRLF not counted (RFC 5322 section 2.1.1). */
  static final int MAX_LINE = 78;

  /**
   * Appends one header field, folded so that no line exceeds 78 characters where a space allows it,
   * CRLF-terminated; the value must be checked and encoded already.
   */
  static void append(StringBuilder out, String name, String value) {
    out.append(fold(name, value)).append("\r\n");
  }

  /**
   * The field {@code name: value} folded at spaces so that no line exceeds 78 characters; a value
   * whose first word does not fit after the name starts on the next line. Folding already in the
   * value is undone first. A single word longer than a line (a long URL) stays whole on its own
   * line. Folding only inserts CRLF before existing spaces, so the unfolded value is unchanged.
   */
  static String fold(String name, String value) {
    String unfolded = value.replace("\r\n ", " ").replace("\r\n\t", "\t");
    String[] words = unfolded.split(" ", -1);
    StringBuilder out = new StringBuilder(name.length() + unfolded.length() + 16).append(name);
    out.append(':');
    int column = name.length() + 1;
    for (String word : words) {
      if (column + 1 + word.length() > MAX_LINE && column > 1) {
        out.append("\r\n");
        column = 0;
      }
      out.append(' ').append(word);
      column += 1 + word.length();
    }
    return out.toString();
  }

  /**
   * An address header value: the display name checked for control characters and RFC 2047 encoded
   * when it is not ASCII, folded for a header called {@code header}.
   */
  static String address(EmailAddress address, String name, String header) {
    check(header + " display name", name);
    try {
      InternetAddress ia =
          name.isEmpty()
              ? new InternetAddress(address.value())
              : new InternetAddress(address.value(), name, "UTF-8");
      return InternetAddress.toString(new Address[] {ia}, header.length() + 2);
    } catch (UnsupportedEncodingException | jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException(
          header + " address '" + address + "': " + e.getMessage(), e);
    }
  }
}
