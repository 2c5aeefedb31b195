package dev.rundbrief.mail;

/** Checks for short single-line texts that end up in the database, CSV files or headers. */
final class Texts {
  private Texts() {}

  /** Returns the value if it has no control characters and fits; throws otherwise. */
  static String checkLine(String value, String what, int maxLength) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(what + " contains a line break or control character");
      }
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
    }
    return value;
  }
}
