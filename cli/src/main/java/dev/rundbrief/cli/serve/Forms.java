package dev.rundbrief.cli.serve;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads small form bodies ({@code application/x-www-form-urlencoded} and {@code
 * multipart/form-data} with text fields only) and query strings, with a size limit.
 */
final class Forms {
  private static final int MAX_FIELDS = 20;
  private static final Pattern BOUNDARY =
      Pattern.compile(
          "boundary=(?:\"([^\"]{1,70})\"|([^\\s;,\"]{1,70}))", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME =
      Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  private Forms() {}

  /** A request the server refuses with a status code and a short reason. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Rejected(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /** The fields of the request body (read before routing, up to the server's form size). */
  static Map<String, String> body(Exchange exchange) throws Rejected {
    if (exchange.bodyTooLarge()) {
      throw new Rejected(413, "body too large");
    }
    String type = exchange.header("Content-Type");
    byte[] bytes = exchange.body();
    if (bytes.length == 0) {
      return Map.of();
    }
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("application/x-www-form-urlencoded")) {
      return urlEncoded(utf8(bytes));
    }
    if (lower.startsWith("multipart/form-data")) {
      Matcher m = BOUNDARY.matcher(type);
      if (!m.find()) {
        throw new Rejected(400, "multipart body without boundary");
      }
      return multipart(bytes, m.group(1) != null ? m.group(1) : m.group(2));
    }
    throw new Rejected(415, "unsupported body type");
  }

  /** The fields of a query string (raw, still percent-encoded), empty for none. */
  static Map<String, String> query(String rawQuery) throws Rejected {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    if (rawQuery.length() > 2048) {
      throw new Rejected(414, "query too long");
    }
    return urlEncoded(rawQuery);
  }

  static Map<String, String> urlEncoded(String text) throws Rejected {
    Map<String, String> fields = new HashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        put(fields, name, value);
      } catch (IllegalArgumentException e) {
        throw new Rejected(400, "malformed percent-encoding");
      }
    }
    return fields;
  }

  private static Map<String, String> multipart(byte[] body, String boundary) throws Rejected {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + boundary;
    int at = text.indexOf(delimiter);
    if (at < 0) {
      throw new Rejected(400, "multipart body without its boundary");
    }
    Map<String, String> fields = new HashMap<>();
    while (true) {
      at += delimiter.length();
      if (text.startsWith("--", at)) {
        return fields;
      }
      int headersStart = text.indexOf("\r\n", at);
      int headersEnd = text.indexOf("\r\n\r\n", at);
      int next = text.indexOf("\r\n" + delimiter, at);
      if (headersStart != at || headersEnd < 0 || next < 0 || headersEnd > next) {
        throw new Rejected(400, "malformed multipart body");
      }
      String headers = text.substring(at + 2, headersEnd);
      Matcher name = NAME.matcher(headers);
      if (!headers.toLowerCase(Locale.ROOT).contains("content-disposition: form-data")
          || !name.find()) {
        throw new Rejected(400, "multipart part without a form-data name");
      }
      byte[] value = text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
      put(fields, name.group(1), utf8(value));
      at = next + 2;
    }
  }

  private static void put(Map<String, String> fields, String name, String value) throws Rejected {
    if (fields.size() >= MAX_FIELDS) {
      throw new Rejected(400, "too many fields");
    }
    fields.putIfAbsent(name, value);
  }

  private static String utf8(byte[] bytes) throws Rejected {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Rejected(400, "body is not UTF-8");
    }
  }
}
