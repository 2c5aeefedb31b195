package dev.rundbrief.mail;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;

/** Rejects control characters in anything that may reach a header, and writes headers. */
final class HeaderValues {
  private HeaderValues() {}

  /**
   * Returns the value when it has no control character (C0, DEL, C1, line or paragraph separator).
   *
   * @throws HeaderValueException naming {@code what} and the position of the first bad character
   */
  static String check(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        throw new HeaderValueException(
            what
                + " contains the control character U+"
                + String.format("%04X", (int) c)
                + " at position "
                + i
                + " ('"
                + value.replaceAll("\\p{Cntrl}", "?")
                + "'); line breaks and control characters are not allowed in mail headers");
      }
    }
    return value;
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
