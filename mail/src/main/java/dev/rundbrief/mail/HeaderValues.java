package dev.rundbrief.mail;

/** Rejects control characters in anything that may reach a header. */
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
}
