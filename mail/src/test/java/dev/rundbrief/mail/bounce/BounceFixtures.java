package dev.rundbrief.mail.bounce;

import dev.rundbrief.mail.EmailAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The bounce fixtures under {@code src/test/resources/bounces/} and their expected decisions. */
final class BounceFixtures {
  static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final VerpAddresses VERP =
      VerpAddresses.of(EmailAddress.parse("bounces@ki.example.org"), SECRET);
  static final long SUBSCRIBER = 42;
  static final int ISSUE = 3;

  private BounceFixtures() {}

  /** One row of {@code expected.tsv}. */
  record Expected(
      String file, String kind, String recipient, String status, boolean warning, String verp) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Expected> expected() {
    List<Expected> rows = new ArrayList<>();
    for (String line : new String(resource("expected.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      rows.add(new Expected(f[0], f[1], f[2], f[3], f[4].equals("yes"), f[5].strip()));
    }
    return rows;
  }

  /** The fixture with {@code %VERP%} replaced by the VERP address of subscriber 42, issue 3. */
  static byte[] fixture(String file) {
    return withVerp(resource(file), VERP.address(SUBSCRIBER, ISSUE).value());
  }

  static byte[] withVerp(byte[] raw, String address) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    return text.replace("%VERP%", address).getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] resource(String file) {
    try (InputStream in = BounceFixtures.class.getResourceAsStream("/bounces/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
