package dev.rundbrief.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Parses composed messages back with Jakarta Mail, and pulls titles and links out of the parts. */
final class Messages822 {
  private static final Session SESSION = Session.getInstance(new Properties());

  private Messages822() {}

  static MimeMessage parse(ComposedMessage message) {
    try {
      return new MimeMessage(SESSION, new ByteArrayInputStream(message.bytes()));
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
  }

  static BodyPart part(MimeMessage message, int index) throws MessagingException, IOException {
    return ((Multipart) message.getContent()).getBodyPart(index);
  }

  static String content(MimeMessage message, int index) throws MessagingException, IOException {
    return (String) part(message, index).getContent();
  }

  /** The href of every link in the HTML, in order, without mailto links. */
  static List<String> htmlLinks(String html) {
    Document doc = Jsoup.parse(html);
    List<String> links = new ArrayList<>();
    for (Element a : doc.select("a[href]")) {
      String href = a.attr("href");
      if (!href.startsWith("mailto:") && !links.contains(href)) {
        links.add(href);
      }
    }
    return links;
  }

  /** Every http(s) URL in the text, in order, without duplicates. */
  static List<String> textLinks(String text) {
    Matcher m = Pattern.compile("https?://\\S+").matcher(text);
    List<String> links = new ArrayList<>();
    while (m.find()) {
      if (!links.contains(m.group())) {
        links.add(m.group());
      }
    }
    return links;
  }

  static List<String> htmlArticleTitles(String html) {
    return Jsoup.parse(html).select("h3").eachText();
  }
}
