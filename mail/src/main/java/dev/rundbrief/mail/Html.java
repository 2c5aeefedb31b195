package dev.rundbrief.mail;

import java.io.IOException;
import java.io.Writer;

/** Escapes text for HTML element content and quoted attribute values. */
final class Html {
  private Html() {}

  static void escape(String value, Writer out) throws IOException {
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      String replacement =
          switch (value.charAt(i)) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null) {
        out.write(value, start, i - start);
        out.write(replacement);
        start = i + 1;
      }
    }
    out.write(value, start, value.length() - start);
  }

  static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
