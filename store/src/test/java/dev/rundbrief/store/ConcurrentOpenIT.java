package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes open one SQLite file at the same moment, each in its own JVM: a new file, and a
 * legacy workspace that each of them would migrate. Exactly one migrates; every other one waits for
 * it and finds nothing left to do; every process then writes.
 */
class ConcurrentOpenIT {
  private static final int PROCESSES = 4;

  @TempDir Path dir;

  @Test
  void processesOpeningANewFileAtOnceAllSucceedAndMigrateItOnce() throws Exception {
    Path db = dir.resolve("neu.db");
    openAtOnce(db);
    assertMigratedOnceWithEveryWrite(db, PROCESSES);
  }

  @Test
  void processesOpeningALegacyWorkspaceAtOnceAllSucceedAndMigrateItOnce() throws Exception {
    Path db = dir.resolve("alt.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql : LegacyWorkspaceIT.statements(LegacyWorkspaceIT.fixture())) {
        s.execute(sql);
      }
    }
    openAtOnce(db);
    assertMigratedOnceWithEveryWrite(db, 9 + PROCESSES);
  }

  private void openAtOnce(Path db) throws IOException, InterruptedException {
    Path go = dir.resolve("go-" + db.getFileName());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-Xmx96m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  OpenStoreMain.class.getName(),
                  db.toString(),
                  go.toString(),
                  "prozess" + i + "@example.org")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("process-" + i + ".log").toFile())
              .start());
    }
    // Let every JVM start and load its classes, then open the gate for all of them at once.
    Thread.sleep(1500);
    Files.createFile(go);
    for (int i = 0; i < PROCESSES; i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process %d ended", i).isTrue();
      assertThat(p.exitValue())
          .as("process %d: %s", i, Files.readString(dir.resolve("process-" + i + ".log")))
          .isZero();
    }
  }

  private static void assertMigratedOnceWithEveryWrite(Path db, int subscribers) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT version, COUNT(*) FROM "
                  + Schema.HISTORY_TABLE
                  + " WHERE version IS NOT NULL GROUP BY version ORDER BY version")) {
        List<String> versions = new ArrayList<>();
        while (rs.next()) {
          assertThat(rs.getInt(2)).as("entries of version %s", rs.getString(1)).isEqualTo(1);
          versions.add(rs.getString(1));
        }
        assertThat(versions).contains(Integer.toString(Schema.CURRENT_VERSION));
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM subscriber")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(subscribers);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM source_state")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(PROCESSES);
      }
    }
  }
}
