package dev.rundbrief.mail.bounce;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
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
 *
 * <p>What Jakarta Mail's parser cannot take in linear time is refused before it sees it ({@link
 * Refused}): a multipart without a boundary or with one longer than RFC 2046's 70 characters (the
 * parser's work grows with the square of the boundary's length), and more parts than a bounce has.
 * Everything else is bounded by the message's {@link Budget}.
 */
final class ParsedMessage {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_PARTS = 64;
  private static final int MAX_TEXT = 64 * 1024;

  /** RFC 2046 section 5.1.1: a boundary is 1 to 70 characters. */
  static final int MAX_BOUNDARY = 70;

  /** Header values longer than this are cut before decoding: no real header is this long. */
  private static final int MAX_HEADER = 8 * 1024;

  private static final Session SESSION = Session.getInstance(new Properties());

  final MimeMessage message;
  final Budget budget;
  final StringBuilder text = new StringBuilder();
  final StringBuilder returned = new StringBuilder();
  final List<InternetHeaders> returnedHeaders = new ArrayList<>();
  DeliveryStatus deliveryStatus;
  InternetHeaders feedbackReport;
  boolean reportTypeFeedback;
  boolean reportTypeDelivery;
  private int parts;

  private ParsedMessage(MimeMessage message, Budget budget) {
    this.message = message;
    this.budget = budget;
  }

  /**
   * Takes a message apart.
   *
   * @throws Refused for a structure that is refused unread
   * @throws Budget.Exceeded once the budget is spent
   */
  static ParsedMessage parse(byte[] raw, Budget budget) throws MessagingException {
    MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    ParsedMessage p = new ParsedMessage(m, budget);
    p.walk(m, 0, false);
    budget.check();
    p.splitInlineOriginal();
    return p;
  }

  /** A structure that Rundbrief does not hand to the parser: the message is skipped. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  String header(String name) {
    try {
      String[] values = message.getHeader(name);
      if (values == null || values.length == 0) {
        return "";
      }
      return decode(cut(values[0]));
    } catch (MessagingException e) {
      return "";
    }
  }

  String allHeaders(String name) {
    try {
      String[] values = message.getHeader(name);
      if (values == null) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      for (String v : values) {
        if (b.length() >= MAX_HEADER) {
          break;
        }
        b.append(b.length() == 0 ? "" : ", ").append(cut(v));
      }
      return b.toString();
    } catch (MessagingException e) {
      return "";
    }
  }

  private static String cut(String value) {
    return value.length() > MAX_HEADER ? value.substring(0, MAX_HEADER) : value;
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
    budget.check();
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
        multi = multipart(part, type);
        int count = multi.getCount();
        for (int i = 0; i < count; i++) {
          BodyPart child = multi.getBodyPart(i);
          walk(child, depth + 1, insideReturned);
        }
      } catch (MessagingException | IOException e) {
        appendText(insideReturned ? returned : text, read(part));
      }
      return;
    }
    switch (base) {
      case "message/delivery-status", "message/global-delivery-status" -> {
        if (deliveryStatus == null && !insideReturned) {
          // A real report names a few recipients; a longer one is read as far as a report goes.
          try (InputStream in = bounded(part)) {
            deliveryStatus = new DeliveryStatus(in);
          } catch (IOException | MessagingException e) {
            deliveryStatus = null;
          }
        }
      }
      case "message/feedback-report" -> {
        if (feedbackReport == null && !insideReturned) {
          try (InputStream in = bounded(part)) {
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
          budget.check();
          if (base.equals("text/html")) {
            if (text.length() > 0 && !insideReturned) {
              return; // the plain alternative is already there
            }
            t = Patterns.htmlToText(t, budget);
          }
          appendText(insideReturned ? returned : text, t);
        }
      }
    }
  }

  /**
   * The multipart's parts, parsed from its decoded bytes once the boundary and the number of parts
   * are known to be what a bounce has.
   *
   * @throws Refused for a boundary that is missing or too long, or too many parts
   */
  private MimeMultipart multipart(Part part, ContentType type)
      throws MessagingException, IOException {
    String boundary = type.getParameter("boundary");
    if (boundary == null || boundary.isEmpty()) {
      // Without one, the parser takes the first line that starts with "--", of any length.
      throw new Refused("a " + type.getBaseType() + " part without a boundary");
    }
    if (boundary.length() > MAX_BOUNDARY) {
      throw new Refused(
          "a MIME boundary of "
              + boundary.length()
              + " characters (RFC 2046 allows at most "
              + MAX_BOUNDARY
              + ")");
    }
    byte[] body;
    try (InputStream in = part.getInputStream()) {
      body = in.readNBytes(BounceClassifier.MAX_MESSAGE_BYTES);
    }
    budget.check();
    int delimiters = delimiters(body, ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
    if (delimiters > MAX_PARTS + 1) {
      throw new Refused(
          "a multipart of "
              + (delimiters - 1)
              + " or more parts (a bounce has a few, at most "
              + MAX_PARTS
              + " are read)");
    }
    return new MimeMultipart(new ByteArrayDataSource(body, type.toString()));
  }

  /** How many lines of the body start with the delimiter, counted in one pass. */
  private int delimiters(byte[] body, byte[] delimiter) {
    int count = 0;
    for (int i = 0; i + delimiter.length <= body.length; i++) {
      if ((i == 0 || body[i - 1] == '\n') && startsWith(body, i, delimiter)) {
        count++;
        if (count > MAX_PARTS + 1) {
          return count;
        }
      }
      budget.checkOften();
    }
    return count;
  }

  private static boolean startsWith(byte[] body, int at, byte[] prefix) {
    for (int j = 0; j < prefix.length; j++) {
      if (body[at + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  /** The part's decoded bytes, as many as a report can need. */
  private static InputStream bounded(Part part) throws IOException, MessagingException {
    try (InputStream in = part.getInputStream()) {
      return new ByteArrayInputStream(in.readNBytes(MAX_TEXT));
    }
  }

  /** Single-part bounces (qmail, Yahoo, old Sendmail) quote the original after a marker line. */
  private void splitInlineOriginal() {
    int at =
        Patterns.ORIGINAL_MARKER
            .matcher(budget.watch(text))
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
