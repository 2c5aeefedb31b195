package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file that the caller named cannot be read or written: it is missing, not readable, or the
 * operating system refused the access.
 *
 * <p>The message starts with the file, for example {@code "'feeds/ki.xml': no such file"}, so it
 * can be shown to a user as it is. The {@link IOException} is kept as the cause.
 */
public class FileAccessException extends RundbriefException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates an exception for the file; the message is prefixed with the file.
   *
   * @param cause the I/O failure, or {@code null} when there is none (a file found missing)
   */
  public FileAccessException(Path file, String problem, Throwable cause) {
    super("'" + requireNonNull(file, "file") + "': " + requireNonNull(problem, "problem"), cause);
    this.file = file;
  }

  /**
   * An exception for a file that cannot be read, saying why in a few words ("no such file",
   * "permission denied", or the operating system's message).
   */
  public static FileAccessException reading(Path file, IOException cause) {
    return new FileAccessException(file, reason("cannot be read", cause), cause);
  }

  /** An exception for a file or folder that cannot be written, saying why in a few words. */
  public static FileAccessException writing(Path file, IOException cause) {
    return new FileAccessException(file, reason("cannot be written", cause), cause);
  }

  /** An exception for a named file or folder that does not exist. */
  public static FileAccessException missing(Path file) {
    return new FileAccessException(file, "no such file or folder", null);
  }

  /** The file that could not be read or written. */
  public Path file() {
    return file;
  }

  private static String reason(String what, IOException cause) {
    requireNonNull(cause, "cause");
    if (cause instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (cause instanceof AccessDeniedException) {
      return what + ": permission denied";
    }
    return cause.getMessage() == null ? what : what + ": " + cause.getMessage();
  }
}
