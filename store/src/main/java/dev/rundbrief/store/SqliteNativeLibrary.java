package dev.rundbrief.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Unpacks sqlite-jdbc's native library once into a stable folder and points the driver at it.
 *
 * <p>Left alone, the driver copies its library (about 1 MB) into {@code java.io.tmpdir} under a new
 * name at every process start and deletes it at a normal exit only: every process killed with
 * {@code kill -9} leaves one behind. Here the library is copied once per driver version and
 * platform into {@code <user.home>/.cache/rundbrief/sqlite-jdbc/<version>/<os>/<arch>/} (written to
 * a temporary file and renamed, so a kill never leaves a half-written library under the final
 * name), and the driver's {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} settings make
 * it load that file instead of unpacking its own.
 *
 * <p>Nothing is changed when {@code org.sqlite.lib.path} is already set (the operator's choice
 * wins), or when the folder cannot be written (the driver then does what it always does). The
 * {@link Database} calls it before it opens a SQLite connection.
 */
final class SqliteNativeLibrary {
  private static boolean done;

  private SqliteNativeLibrary() {}

  /**
   * Unpacks the library if needed and sets the driver's properties; does its work once per process
   * and never throws (on any problem the driver's own unpacking applies). Call it before the first
   * SQLite connection of the process.
   */
  static synchronized void prepare() {
    if (done) {
      return;
    }
    done = true;
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    String name = System.mapLibraryName("sqlitejdbc");
    String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
    URL resource = SQLiteJDBCLoader.class.getResource("/org/sqlite/native/" + folder + "/" + name);
    String home = System.getProperty("user.home");
    if (resource == null || home == null || home.isBlank()) {
      return;
    }
    Path dir =
        Path.of(home, ".cache", "rundbrief", "sqlite-jdbc", SQLiteJDBCLoader.getVersion())
            .resolve(folder);
    Path library = dir.resolve(name);
    try {
      URLConnection connection = resource.openConnection();
      long size = connection.getContentLengthLong();
      if (!Files.isRegularFile(library) || size < 0 || Files.size(library) != size) {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".unpacking-", ".tmp");
        try (InputStream in = connection.getInputStream()) {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
          try {
            Files.move(
                temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, library, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | SecurityException e) {
      // Not writable (a read-only home, a sandbox): the driver unpacks into the temporary folder.
    }
  }
}
