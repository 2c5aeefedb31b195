package dev.rundbrief.mail.bounce;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * One message taken apart for the classifier: its top headers, the human-readable text (without the
 * returned original), the returned original's headers, and the machine-readable reports.
 *
 * <p>Content handlers (mailcap) are never used: every part is read from its decoded stream, so a
 * malformed part or an unknown charset cannot make parsing fail, and nesting and part counts are
 * bounded against hostile input.
 */
final class ParsedMessage {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_PARTS = 64;
  private static final int MAX_TEXT = 64 * 1024;
  private static final Session SESSION = Session.getInstance(new Properties());

  final MimeMessage message;
  final StringBuilder text = new StringBuilder();
  final StringBuilder returned = new StringBuilder();
  final List<InternetHeaders> returnedHeaders = new ArrayList<>();
  DeliveryStatus deliveryStatus;
  InternetHeaders feedbackReport;
  boolean reportTypeFeedback;
  boolean reportTypeDelivery;
  private int parts;

  private ParsedMessage(MimeMessage message) {
    this.message = message;
  }

  static ParsedMessage parse(byte[] raw) throws MessagingException {
    MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    ParsedMessage p = new ParsedMessage(m);
    p.walk(m, 0, false);
    p.splitInlineOriginal();
    return p;
  }

  String header(String name) {
    try {
      String[] values = message.getHeader(name);
      if (values == null || values.length == 0) {
        return "";
      }
      return decode(values[0]);
    } catch (MessagingException e) {
      return "";
    }
  }

  String allHeaders(String name) {
    try {
      String[] values = message.getHeader(name);
      return values == null ? "" : String.join(", ", values);
    } catch (MessagingException e) {
      return "";
    }
  }

  private static String decode(String value) {
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(value));
    } catch (IOException | RuntimeException e) {
      return value;
    }
  }

  private void walk(Part part, int depth, boolean insideReturned) throws MessagingException {
    if (depth > MAX_DEPTH || ++parts > MAX_PARTS) {
      return;
    }
    ContentType type = contentType(part);
    String base = type.getBaseType().toLowerCase(Locale.ROOT);
    if (base.startsWith("multipart/")) {
      if (base.equals("multipart/report")) {
        String reportType =
            String.valueOf(type.getParameter("report-type")).toLowerCase(Locale.ROOT);
        reportTypeFeedback |= reportType.equals("feedback-report");
        reportTypeDelivery |= reportType.contains("delivery-status");
      }
      MimeMultipart multi;
      try {
        multi = new MimeMultipart(new MimePartDataSource((jakarta.mail.internet.MimePart) part));
        int count = multi.getCount();
        for (int i = 0; i < count; i++) {
          BodyPart child = multi.getBodyPart(i);
          walk(child, depth + 1, insideReturned);
        }
      } catch (MessagingException | ClassCastException e) {
        appendText(insideReturned ? returned : text, read(part));
      }
      return;
    }
    switch (base) {
      case "message/delivery-status", "message/global-delivery-status" -> {
        if (deliveryStatus == null && !insideReturned) {
          try (InputStream in = part.getInputStream()) {
            deliveryStatus = new DeliveryStatus(in);
          } catch (IOException | MessagingException e) {
            deliveryStatus = null;
          }
        }
      }
      case "message/feedback-report" -> {
        if (feedbackReport == null && !insideReturned) {
          try (InputStream in = part.getInputStream()) {
            feedbackReport = new InternetHeaders(in);
          } catch (IOException | MessagingException e) {
            feedbackReport = null;
          }
        }
      }
      case "message/rfc822", "message/global", "text/rfc822-headers", "text/rfc822-header" -> {
        String original = read(part);
        appendText(returned, original);
        try {
          returnedHeaders.add(
              new InternetHeaders(
                  new ByteArrayInputStream(original.getBytes(StandardCharsets.UTF_8))));
        } catch (MessagingException e) {
          // No usable headers in the returned message.
        }
      }
      default -> {
        if (base.startsWith("text/")) {
          String t = read(part);
          if (base.equals("text/html")) {
            if (text.length() > 0 && !insideReturned) {
              return; // the plain alternative is already there
            }
            t = Patterns.htmlToText(t);
          }
          appendText(insideReturned ? returned : text, t);
        }
      }
    }
  }

  /** Single-part bounces (qmail, Yahoo, old Sendmail) quote the original after a marker line. */
  private void splitInlineOriginal() {
    int at =
        Patterns.ORIGINAL_MARKER
            .matcher(text)
            .results()
            .mapToInt(r -> r.start())
            .findFirst()
            .orElse(-1);
    if (at >= 0) {
      String tail = text.substring(at);
      text.setLength(at);
      returned.insert(0, tail + "\n");
      int headersStart = tail.indexOf('\n');
      if (headersStart >= 0) {
        try {
          returnedHeaders.add(
              0,
              new InternetHeaders(
                  new ByteArrayInputStream(
                      tail.substring(headersStart + 1)
                          .stripLeading()
                          .getBytes(StandardCharsets.UTF_8))));
        } catch (MessagingException e) {
          // No headers follow the marker.
        }
      }
    }
  }

  private static void appendText(StringBuilder to, String t) {
    if (to.length() < MAX_TEXT) {
      to.append(t, 0, Math.min(t.length(), MAX_TEXT - to.length())).append('\n');
    }
  }

  private static ContentType contentType(Part part) {
    try {
      String value = part.getContentType();
      if (value != null) {
        return new ContentType(value);
      }
    } catch (MessagingException e) {
      // fall through: RFC 2045 says a broken type is text/plain
    }
    try {
      return new ContentType("text/plain");
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The undecoded bytes, for a part whose transfer encoding is broken. */
  private static byte[] raw(Part part) {
    InputStream in = null;
    try {
      if (part instanceof jakarta.mail.internet.MimeBodyPart b) {
        in = b.getRawInputStream();
      } else if (part instanceof MimeMessage m) {
        in = m.getRawInputStream();
      }
      return in == null ? new byte[0] : in.readNBytes(MAX_TEXT * 4);
    } catch (IOException | MessagingException e) {
      return new byte[0];
    } finally {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // read already
        }
      }
    }
  }

  /** The part's decoded bytes as text, in its charset when known, else UTF-8 or Latin-1. */
  static String read(Part part) {
    byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = in.readNBytes(MAX_TEXT * 4);
    } catch (IOException | MessagingException e) {
      bytes = raw(part);
    }
    Charset charset = null;
    try {
      String name = contentType(part).getParameter("charset");
      if (name != null) {
        charset = Charset.forName(MimeUtility.javaCharset(name.strip()));
      }
    } catch (RuntimeException e) {
      charset = null;
    }
    if (charset == null) {
      String utf8 = new String(bytes, StandardCharsets.UTF_8);
      return utf8.indexOf('\uFFFD') >= 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : utf8;
    }
    return new String(bytes, charset);
  }
}
