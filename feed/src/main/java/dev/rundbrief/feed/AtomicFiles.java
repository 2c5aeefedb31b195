package dev.rundbrief.feed;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces files so that a concurrent reader (a web server) sees the old or the new content, never
 * a half-written file: write a temporary file in the same directory, force it to disk, rename it
 * over the target.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** What fills the file; it must not close the stream. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target}. */
  static void write(Path target, Content content) {
    writeIfChanged(target, content, false);
  }

  /**
   * Replaces {@code target} unless it already holds exactly these bytes, in which case the file,
   * its modification time included, stays untouched.
   *
   * @return whether the file was written
   */
  static boolean writeIfChanged(Path target, Content content) {
    return writeIfChanged(target, content, true);
  }

  /**
   * Temporary files are created private (0600); a feed must stay readable by the web server, so the
   * new file takes the old one's permissions, or rw-r--r--.
   */
  private static void readableByAll(Path temp, Path target) throws IOException {
    if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> permissions =
        Files.exists(target)
            ? Files.getPosixFilePermissions(target)
            : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(temp, permissions);
  }

  private static boolean writeIfChanged(Path target, Content content, boolean compare) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      readableByAll(temp, absolute);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      if (compare && Files.isRegularFile(absolute) && Files.mismatch(temp, absolute) == -1) {
        Files.delete(temp);
        return false;
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new FeedWriteException(
            "cannot replace " + absolute + " atomically: the file system does not support it", e);
      }
      temp = null;
      return true;
    } catch (IOException e) {
      throw new FeedWriteException("could not write " + absolute + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // The write already failed; a stray temporary file is the lesser problem.
        }
      }
    }
  }
}
