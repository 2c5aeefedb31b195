package dev.rundbrief.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments as UTF-8, whatever the locale the JVM was started in.
 *
 * <p>The JVM decodes its arguments with the locale's character set ({@code sun.jnu.encoding}):
 * under {@code LANG=C} or with no locale at all (cron, most containers) every byte above 127
 * becomes U+FFFD, so "Jürgen" arrives as "J\uFFFD\uFFFDrgen". On Linux the process's original bytes
 * are in {@code /proc/self/cmdline}; its last entries are the program's arguments, which are
 * decoded again as UTF-8 when the JVM's own decoding of the same bytes gives exactly the arguments
 * it passed (so that nothing else can be taken for them).
 */
final class Arguments {
  private Arguments() {}

  static String[] asUtf8(String[] args) {
    Charset platform = platformCharset();
    if (platform == null || platform.equals(UTF_8) || args.length == 0) {
      return args;
    }
    try {
      return fromCommandLine(Files.readAllBytes(Path.of("/proc/self/cmdline")), args, platform);
    } catch (IOException | RuntimeException e) {
      return args;
    }
  }

  /**
   * The last {@code args.length} NUL-terminated entries of {@code cmdline} decoded as UTF-8, if
   * decoding them with {@code platform} gives {@code args}; else {@code args} unchanged.
   */
  static String[] fromCommandLine(byte[] cmdline, String[] args, Charset platform) {
    List<byte[]> entries = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        byte[] entry = new byte[i - start];
        System.arraycopy(cmdline, start, entry, 0, entry.length);
        entries.add(entry);
        start = i + 1;
      }
    }
    if (entries.size() < args.length) {
      return args;
    }
    List<byte[]> tail = entries.subList(entries.size() - args.length, entries.size());
    String[] decoded = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      if (!new String(tail.get(i), platform).equals(args[i])) {
        return args;
      }
      decoded[i] = new String(tail.get(i), UTF_8);
    }
    return decoded;
  }

  private static Charset platformCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? null : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
