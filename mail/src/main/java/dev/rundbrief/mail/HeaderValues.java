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

  /** Appends one header line, CRLF-terminated; the value must be checked and encoded already. */
  static void append(StringBuilder out, String name, String value) {
    out.append(name).append(": ").append(value).append("\r\n");
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
