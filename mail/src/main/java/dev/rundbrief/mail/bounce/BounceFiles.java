package dev.rundbrief.mail.bounce;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads bounce messages from files: a single {@code .eml} file, an mbox file (messages separated by
 * {@code From } lines; {@code >From } quoting undone), a maildir ({@code new/} and {@code cur/}),
 * or a folder of {@code .eml} and mbox files.
 *
 * <p>A file that cannot be read, or a message larger than {@link
 * BounceClassifier#MAX_MESSAGE_BYTES}, is reported as a problem and skipped; the others are still
 * read.
 */
public final class BounceFiles {
  private BounceFiles() {}

  /**
   * Reads every message under a path, in a stable order (files sorted by name).
   *
   * @param messages receives each message
   * @param problems receives one line per file or message that was skipped, naming it and why
   */
  public static void read(Path path, Consumer<BounceMessage> messages, Consumer<String> problems) {
    requireNonNull(path, "path");
    requireNonNull(messages, "messages");
    requireNonNull(problems, "problems");
    if (Files.isDirectory(path)) {
      boolean maildir =
          Files.isDirectory(path.resolve("cur")) || Files.isDirectory(path.resolve("new"));
      List<Path> files = new ArrayList<>();
      if (maildir) {
        for (String sub : List.of("new", "cur")) {
          files.addAll(list(path.resolve(sub), problems));
        }
      } else {
        files.addAll(list(path, problems));
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (maildir || name.endsWith(".eml") || name.endsWith(".mbox") || looksLikeMbox(f)) {
          readFile(f, messages, problems);
        }
      }
    } else if (Files.isRegularFile(path)) {
      readFile(path, messages, problems);
    } else {
      problems.accept(path + ": no such file or folder");
    }
  }

  private static List<Path> list(Path dir, Consumer<String> problems) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.accept(dir + ": cannot be listed: " + e.getMessage());
      return List.of();
    }
  }

  private static boolean looksLikeMbox(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] start = in.readNBytes(5);
      return new String(start, StandardCharsets.ISO_8859_1).equals("From ");
    } catch (IOException e) {
      return false;
    }
  }

  private static void readFile(
      Path f, Consumer<BounceMessage> messages, Consumer<String> problems) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
      in.mark(8);
      byte[] start = in.readNBytes(5);
      in.reset();
      if (new String(start, StandardCharsets.ISO_8859_1).equals("From ")) {
        readMbox(f, in, messages, problems);
        return;
      }
      byte[] bytes = in.readNBytes(BounceClassifier.MAX_MESSAGE_BYTES + 1);
      if (bytes.length > BounceClassifier.MAX_MESSAGE_BYTES) {
        problems.accept(
            f + ": larger than " + BounceClassifier.MAX_MESSAGE_BYTES + " bytes, skipped");
        return;
      }
      if (bytes.length == 0) {
        problems.accept(f + ": empty file, skipped");
        return;
      }
      messages.accept(new BounceMessage(f.toString(), bytes));
    } catch (IOException e) {
      problems.accept(f + ": cannot be read: " + e.getMessage());
    }
  }

  private static void readMbox(
      Path f, InputStream in, Consumer<BounceMessage> messages, Consumer<String> problems)
      throws IOException {
    ByteArrayOutputStream current = null;
    boolean tooLarge = false;
    int index = 0;
    boolean previousBlank = true;
    byte[] line;
    while ((line = readLine(in)) != null) {
      if (previousBlank && startsWith(line, "From ")) {
        if (current != null) {
          emit(f, index, current, tooLarge, messages, problems);
        }
        index++;
        current = new ByteArrayOutputStream();
        tooLarge = false;
        previousBlank = false;
        continue;
      }
      previousBlank = isBlank(line);
      if (current == null) {
        continue;
      }
      int skip = 0;
      if (line.length > 5 && line[0] == '>') {
        int i = 0;
        while (i < line.length && line[i] == '>') {
          i++;
        }
        if (startsWithAt(line, i, "From ")) {
          skip = 1; // mboxrd: one level of '>From ' quoting comes off
        }
      }
      if (current.size() + line.length > BounceClassifier.MAX_MESSAGE_BYTES) {
        tooLarge = true;
      } else {
        current.write(line, skip, line.length - skip);
      }
    }
    if (current != null) {
      emit(f, index, current, tooLarge, messages, problems);
    }
  }

  private static void emit(
      Path f,
      int index,
      ByteArrayOutputStream current,
      boolean tooLarge,
      Consumer<BounceMessage> messages,
      Consumer<String> problems) {
    String id = f + "#" + index;
    if (tooLarge) {
      problems.accept(
          id + ": larger than " + BounceClassifier.MAX_MESSAGE_BYTES + " bytes, skipped");
      return;
    }
    byte[] bytes = current.toByteArray();
    // The blank line that separates messages in an mbox is not part of the message.
    int end = bytes.length;
    if (end >= 2 && bytes[end - 2] == '\r' && bytes[end - 1] == '\n') {
      end -= 2;
    } else if (end >= 1 && bytes[end - 1] == '\n') {
      end -= 1;
    }
    messages.accept(new BounceMessage(id, java.util.Arrays.copyOf(bytes, end)));
  }

  /** One line including its line break; null at the end. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      if (c == '\n') {
        break;
      }
    }
    return b.size() == 0 && c == -1 ? null : b.toByteArray();
  }

  private static boolean startsWith(byte[] line, String prefix) {
    return startsWithAt(line, 0, prefix);
  }

  private static boolean startsWithAt(byte[] line, int at, String prefix) {
    if (line.length - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
