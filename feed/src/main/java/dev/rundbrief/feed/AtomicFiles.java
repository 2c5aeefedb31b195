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
import java.util.Set;

/**
 * Replaces published files (feeds, archive pages) so that a concurrent reader (a web server) sees
 * the old or the new content, never a half-written file: write a temporary file in the same
 * directory, force it to disk, rename it over the target.
 *
 * <p>Published files are readable by everyone the umask allows: a new file gets mode {@code 0644}
 * less the process's umask (with the usual umask 022 exactly 0644), so that a web server running as
 * another user can serve {@code public/} directly. A replaced file keeps the bits its old mode had
 * beyond that (an operator's group-writable feed stays so), and gains the read bits it lacked (a
 * page written 0600 by an older version becomes readable).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What fills the file; it must not close the stream. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} with {@code bytes} unless it already holds exactly these bytes, in
   * which case the file, its modification time included, stays untouched.
   *
   * @return whether the file was written
   * @throws FeedWriteException if the file cannot be written or replaced atomically
   */
  public static boolean writeIfChanged(Path target, byte[] bytes) {
    java.util.Objects.requireNonNull(bytes, "bytes");
    return writeIfChanged(target, out -> out.write(bytes), true);
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
   * Creates the temporary file the way any new file is created (mode 0666 less the umask), then
   * takes write access from group and others: 0644 less the umask. {@code createTempFile} would
   * make it 0600, and a web server running as another user would answer 403.
   */
  private static Path createReadable(Path dir, String name, Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      try {
        Files.createFile(temp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt < 10) {
          continue;
        }
        throw e;
      }
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(temp);
        permissions.remove(PosixFilePermission.GROUP_WRITE);
        permissions.remove(PosixFilePermission.OTHERS_WRITE);
        if (Files.exists(target)) {
          permissions.addAll(Files.getPosixFilePermissions(target));
        }
        Files.setPosixFilePermissions(temp, permissions);
      }
      return temp;
    }
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private static boolean writeIfChanged(Path target, Content content, boolean compare) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = createReadable(dir, absolute.getFileName().toString(), absolute);
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
