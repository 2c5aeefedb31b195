package dev.rundbrief.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader and writer: comma-separated, fields optionally in double quotes, a quote
 * inside a quoted field doubled, line breaks inside quoted fields allowed, records ended by CRLF (a
 * bare LF is accepted too).
 */
final class Csv {
  private Csv() {}

  /** One record and the line it started on (1-based). */
  record Row(int line, List<String> fields) {
    Row {
      fields = List.copyOf(fields);
    }
  }

  /** A record that breaks the format; reading goes on with the next line. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    SyntaxError(int line, String message) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  /** Reads records one at a time, so a large file never sits in memory. */
  static final class RowReader {
    private final Reader in;
    private int line = 1;
    private int pushedBack = -2;

    RowReader(Reader in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (pushedBack != -2) {
        int c = pushedBack;
        pushedBack = -2;
        return c;
      }
      return in.read();
    }

    /** The next record, or {@code null} at the end of the input. */
    Row next() throws IOException, SyntaxError {
      int c = read();
      if (c == -1) {
        return null;
      }
      pushedBack = c;
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean afterQuote = false;
      boolean fieldStart = true;
      while (true) {
        c = read();
        if (quoted) {
          if (c == -1) {
            throw new SyntaxError(start, "quoted field is not closed before the end of the file");
          }
          if (c == '"') {
            int n = read();
            if (n == '"') {
              field.append('"');
            } else {
              pushedBack = n;
              quoted = false;
              afterQuote = true;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append((char) c);
          }
          continue;
        }
        if (c == -1 || c == '\n' || c == '\r') {
          if (c == '\r') {
            int n = read();
            if (n != '\n') {
              pushedBack = n;
            }
          }
          if (c != -1) {
            line++;
          }
          fields.add(field.toString());
          return new Row(start, fields);
        }
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          afterQuote = false;
          fieldStart = true;
          continue;
        }
        if (afterQuote) {
          skipLine();
          throw new SyntaxError(start, "text after the closing quote of a field");
        }
        if (c == '"') {
          if (!fieldStart) {
            skipLine();
            throw new SyntaxError(start, "a quote inside an unquoted field");
          }
          quoted = true;
          fieldStart = false;
          continue;
        }
        fieldStart = false;
        field.append((char) c);
      }
    }

    private void skipLine() throws IOException {
      int c;
      while ((c = read()) != -1 && c != '\n') {
        // the rest of the broken line is dropped
      }
      if (c == '\n') {
        line++;
      }
    }
  }

  /** Writes one record with CRLF, quoting the fields that need it. */
  static void writeRow(Writer out, List<String> fields) {
    try {
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(quote(fields.get(i)));
      }
      out.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes one record like {@link #writeRow}, each field {@linkplain #defuse defused} first: for
   * files that people open in a spreadsheet.
   */
  static void writeDefusedRow(Writer out, List<String> fields) {
    List<String> defused = new ArrayList<>(fields.size());
    for (String f : fields) {
      defused.add(defuse(f));
    }
    writeRow(out, defused);
  }

  /**
   * The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), tab
   * and CR because spreadsheets trim them and then see what follows.
   */
  private static boolean startsFormula(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }

  /** Whether {@code field} is zero or more {@code '} followed by a formula character. */
  private static boolean looksLikeFormula(String field) {
    int i = 0;
    while (i < field.length() && field.charAt(i) == '\'') {
      i++;
    }
    return i < field.length() && startsFormula(field.charAt(i));
  }

  /**
   * {@code field} with a leading {@code '} when a spreadsheet would read it as a formula: when it
   * starts with {@code = + - @}, tab or CR, after any number of {@code '} (so that a value that
   * itself starts with {@code '=} reads back as it was). Every other field is unchanged. {@link
   * #restore} undoes it.
   */
  static String defuse(String field) {
    return looksLikeFormula(field) ? "'" + field : field;
  }

  /**
   * Undoes {@link #defuse}: drops one leading {@code '} when it is followed by what {@code defuse}
   * protects (more {@code '} and then {@code = + - @}, tab or CR). A {@code '} before anything else
   * is part of the value ({@code 'Anna'} stays as it is).
   */
  static String restore(String field) {
    return field.startsWith("'") && looksLikeFormula(field.substring(1))
        ? field.substring(1)
        : field;
  }

  static String quote(String field) {
    boolean needs = false;
    for (int i = 0; i < field.length() && !needs; i++) {
      char c = field.charAt(i);
      needs = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!needs && (field.startsWith(" ") || field.endsWith(" "))) {
      needs = true;
    }
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
