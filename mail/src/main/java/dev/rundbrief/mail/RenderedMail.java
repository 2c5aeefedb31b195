package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

/**
 * The two bodies of one recipient's mail, as text with {@code \n} line ends.
 *
 * @param html the HTML part
 * @param text the plain-text part, wrapped at 72 columns (a URL longer than that stands alone on
 *     its line)
 */
public record RenderedMail(String html, String text) {
  /** Validates the parts. */
  public RenderedMail {
    requireNonNull(html, "html");
    requireNonNull(text, "text");
  }
}
