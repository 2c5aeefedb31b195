package dev.rundbrief.cli;

/** Counted nouns in the command's output: "1 article", "2 articles", never "article(s)". */
final class Words {
  private Words() {}

  /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
  static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  /** {@code n} and the singular or the plural form. */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
