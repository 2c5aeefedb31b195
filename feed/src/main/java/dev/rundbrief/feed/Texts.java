package dev.rundbrief.feed;

import dev.rundbrief.core.Image;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text helpers the writers share: dates, escaping, characters XML cannot hold. */
final class Texts {
  /**
   * RFC 822 as RFC 2822 profiles it: English names whatever the default locale, 4-digit year, zone
   * {@code GMT} for UTC.
   */
  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private Texts() {}

  static String rfc822(Instant instant) {
    return RFC_822.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** RFC 3339 in UTC with {@code Z}: {@code 2026-11-26T09:30:00Z}. */
  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** The language tag readers expect: {@code de-DE}, {@code en}. */
  static String languageTag(Locale locale) {
    return locale.toLanguageTag();
  }

  /**
   * Removes the characters XML 1.0 cannot carry (C0 controls except tab, LF, CR; unpaired
   * surrogates; U+FFFE and U+FFFF). Returns the string itself when it is clean, which is the rule.
   */
  static String xmlSafe(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (!allowed(text, i)) {
        return strip(text);
      }
    }
    return text;
  }

  private static String strip(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (allowed(text, i)) {
        out.append(text.charAt(i));
      }
    }
    return out.toString();
  }

  private static boolean allowed(String text, int i) {
    char c = text.charAt(i);
    if (c >= 0x20 && c < 0xD800) {
      return true;
    }
    if (c == '\t' || c == '\n' || c == '\r') {
      return true;
    }
    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return true;
  }

  /**
   * Plain text as HTML text: {@code & < > "} escaped, so that an HTML reader shows the characters.
   */
  static String html(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '&' || c == '<' || c == '>' || c == '"') {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escapeHtml(text, out);
        return out.toString();
      }
    }
    return text;
  }

  /** Appends {@code text} with {@code & < > "} escaped, for HTML text and attribute values. */
  static void escapeHtml(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
  }

  /** The image's media type, else one guessed from the file name, else a generic binary type. */
  static String mediaType(Image image) {
    if (!image.mediaType().isEmpty()) {
      return image.mediaType();
    }
    String path = image.url().getPath() == null ? "" : image.url().getPath();
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (lower.endsWith(".png")) {
      return "image/png";
    }
    if (lower.endsWith(".gif")) {
      return "image/gif";
    }
    if (lower.endsWith(".webp")) {
      return "image/webp";
    }
    if (lower.endsWith(".avif")) {
      return "image/avif";
    }
    if (lower.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
