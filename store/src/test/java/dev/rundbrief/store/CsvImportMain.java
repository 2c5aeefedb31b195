package dev.rundbrief.store;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Imports an endless CSV list into a SQLite file, slowly, and says when it is half-way (the marker
 * file): for {@link CsvImportKillIT}, which kills this process with SIGKILL then.
 */
public final class CsvImportMain {
  private CsvImportMain() {}

  /** Arguments: the database file, the marker file. */
  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path marker = Path.of(args[1]);
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC())) {
      SubscriberCsv.importCsv(store, new SlowList(marker), "endlos.csv");
    }
  }

  /** {@code email} and one address per line, without end; creates the marker after 500 lines. */
  private static final class SlowList extends Reader {
    private final Path marker;
    private String pending = "email\r\n";
    private int line;

    SlowList(Path marker) {
      this.marker = marker;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws java.io.IOException {
      if (pending.isEmpty()) {
        line++;
        if (line == 500) {
          Files.createFile(marker);
        }
        if (line > 500) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
          }
        }
        pending = "leser" + line + "@example.org\r\n";
      }
      int n = Math.min(length, pending.length());
      pending.getChars(0, n, buffer, offset);
      pending = pending.substring(n);
      return n;
    }

    @Override
    public void close() {}
  }
}
