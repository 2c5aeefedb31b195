package dev.rundbrief.store;

import java.io.IOException;
import java.io.StringReader;

/**
 * A reader that fails with an {@link IOException} after about {@code failAfter} characters, in
 * small reads: the fault a pulled disk or a dropped upload gives in the middle of a CSV import. No
 * real file can be made to fail on cue, so this is the one stand-in the tests use.
 */
final class FailingReader extends StringReader {
  private final int failAfter;
  private final String message;
  private int read;

  private FailingReader(String text, int failAfter, String message) {
    super(text);
    this.failAfter = failAfter;
    this.message = message;
  }

  /** The CSV {@code email} header and {@code lines} addresses, failing after 500 characters. */
  static FailingReader csvOfAddresses(int lines, String message) {
    StringBuilder csv = new StringBuilder("email\r\n");
    for (int i = 0; i < lines; i++) {
      csv.append("p").append(i).append("@example.org\r\n");
    }
    return new FailingReader(csv.toString(), 500, message);
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (read > failAfter) {
      throw new IOException(message);
    }
    int n = super.read(buf, off, Math.min(len, 100));
    read += Math.max(n, 0);
    return n;
  }

  @Override
  public int read() throws IOException {
    if (read++ > failAfter) {
      throw new IOException(message);
    }
    return super.read();
  }
}
