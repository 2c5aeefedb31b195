package dev.rundbrief.mail.delivery;

import dev.rundbrief.mail.ComposedMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes each message as an {@code .eml} file: {@code <outbox>/<issue>/<address>.eml}, written to a
 * temporary file, forced to disk and renamed, so a reader never sees half a file and a resumed send
 * replaces a file instead of adding a second one.
 */
final class OutboxSender implements Sender {
  private final Path folder;

  OutboxSender(Path outbox, String issueId) {
    this.folder = outbox.resolve(safe(issueId));
  }

  static String safe(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == '@'
              || c == '+';
      b.append(ok ? c : '_');
    }
    String s = b.toString();
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }

  @Override
  public Outcome send(ComposedMessage message, Gate gate) {
    try {
      Files.createDirectories(folder);
      Path target = folder.resolve(safe(message.recipient().key()) + ".eml");
      Path temp = Files.createTempFile(folder, ".writing-", ".tmp");
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(message.bytes());
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      try {
        gate.await();
      } catch (IOException e) {
        Files.deleteIfExists(temp);
        return new Outcome(Kind.TEMPORARY, 0, "not written: " + e.getMessage());
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return Outcome.ACCEPTED;
    } catch (IOException e) {
      return new Outcome(Kind.FATAL, 0, "outbox '" + folder + "' cannot be written: " + e);
    }
  }

  @Override
  public void close() {}
}
