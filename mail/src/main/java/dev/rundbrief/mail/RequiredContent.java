package dev.rundbrief.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Checks a rendered mail for what the law requires the reader to see, whatever the templates say:
 * the recipient's unsubscribe link and the legal notice (publisher name, every line of the postal
 * address, contact e-mail), in the HTML part and in the text part.
 *
 * <p>In the HTML part only what a reader sees counts: text outside comments, {@code <head>} and
 * elements hidden with {@code display:none}, {@code visibility:hidden}, {@code hidden} or {@code
 * aria-hidden}; the unsubscribe link must be the {@code href} of a visible link. The contact
 * address may also be the target of a visible {@code mailto:} link. White space is compared as one
 * space, so line wrapping and indentation do not matter.
 */
final class RequiredContent {
  private RequiredContent() {}

  /**
   * The required items missing from one recipient's mail, per part, as phrases such as "the
   * unsubscribe link"; both lists empty when the mail is complete.
   */
  record Missing(List<String> html, List<String> text) {
    boolean none() {
      return html.isEmpty() && text.isEmpty();
    }
  }

  static Missing check(RenderedMail mail, String unsubscribeUrl, MailSettings settings) {
    return new Missing(
        missingFromHtml(mail.html(), unsubscribeUrl, settings),
        missingFromText(mail.text(), unsubscribeUrl, settings));
  }

  private static List<String> missingFromText(
      String text, String unsubscribeUrl, MailSettings settings) {
    String visible = normalize(text);
    List<String> missing = new ArrayList<>();
    if (!visible.contains(unsubscribeUrl)) {
      missing.add("the unsubscribe link (" + unsubscribeUrl + ")");
    }
    legalNotice(visible, settings, List.of(), missing);
    return missing;
  }

  private static List<String> missingFromHtml(
      String html, String unsubscribeUrl, MailSettings settings) {
    Document doc = Jsoup.parse(html);
    StringBuilder text = new StringBuilder(html.length() / 2);
    List<String> hrefs = new ArrayList<>();
    NodeTraversor.traverse(
        new NodeVisitor() {
          int hiddenDepth = -1;

          @Override
          public void head(org.jsoup.nodes.Node node, int depth) {
            if (hiddenDepth >= 0) {
              return;
            }
            if (node instanceof Element e && hidden(e)) {
              hiddenDepth = depth;
            } else if (node instanceof TextNode t) {
              text.append(t.getWholeText()).append(' ');
            } else if (node instanceof Element e && e.normalName().equals("a")) {
              hrefs.add(e.attr("href").strip());
            } else if (node instanceof Element e && e.normalName().equals("br")) {
              text.append(' ');
            }
          }

          @Override
          public void tail(org.jsoup.nodes.Node node, int depth) {
            if (hiddenDepth == depth) {
              hiddenDepth = -1;
            } else if (hiddenDepth < 0 && node instanceof Element e && e.isBlock()) {
              text.append(' ');
            }
          }
        },
        doc.body());
    String visible = normalize(text.toString());
    List<String> missing = new ArrayList<>();
    if (!hrefs.contains(unsubscribeUrl)) {
      missing.add("a visible unsubscribe link (<a href=\"" + unsubscribeUrl + "\">)");
    }
    legalNotice(visible, settings, hrefs, missing);
    return missing;
  }

  private static void legalNotice(
      String visible, MailSettings settings, List<String> hrefs, List<String> missing) {
    String name = settings.publisherName().orElseThrow();
    if (!visible.contains(normalize(name))) {
      missing.add("the publisher's name ('" + name + "')");
    }
    for (String line : settings.postalAddress().orElseThrow().split("\n")) {
      if (!visible.contains(normalize(line))) {
        missing.add("the postal address line '" + line + "'");
      }
    }
    String contact = settings.contactEmail().orElseThrow().value();
    boolean linked =
        hrefs.stream()
            .anyMatch(h -> h.toLowerCase(Locale.ROOT).equals("mailto:" + contact.toLowerCase()));
    if (!visible.toLowerCase(Locale.ROOT).contains(contact.toLowerCase(Locale.ROOT)) && !linked) {
      missing.add("the contact address (" + contact + ")");
    }
  }

  private static boolean hidden(Element e) {
    String name = e.normalName();
    if (name.equals("head")
        || name.equals("style")
        || name.equals("script")
        || name.equals("template")
        || e.hasAttr("hidden")
        || e.attr("aria-hidden").equalsIgnoreCase("true")) {
      return true;
    }
    String style = e.attr("style").toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    return HIDING.matcher(style).find();
  }

  /** Inline styles that hide an element from the reader. */
  private static final Pattern HIDING =
      Pattern.compile(
          "(^|;)(display:none|visibility:hidden|(max-height|max-width|font-size|opacity)"
              + ":0(\\.0+)?(px|em|rem|%|pt)?)(;|!|$)");

  /** Every run of white space (including no-break spaces) as one space, no space at the ends. */
  static String normalize(String s) {
    return s.replaceAll("[\\s\\u00a0\\u2007\\u202f]+", " ").strip();
  }
}
