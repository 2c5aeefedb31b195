package dev.rundbrief.cli;

import dev.rundbrief.store.SendWorkers;
import dev.rundbrief.store.StoreLocation;

/**
 * Keeps a plain {@code send} (or {@code run}) away from an issue that {@code send --worker}
 * processes are sending right now: it would resume every queued recipient, also those a worker
 * holds.
 */
final class ActiveWorkers {
  private ActiveWorkers() {}

  /**
   * Refuses when a worker of the issue is active (PostgreSQL stores only; SQLite has no workers).
   *
   * @param number the issue's number, for the message
   * @param issueId the journal's name of the issue
   * @throws ConfigException if a worker of the issue is active
   */
  static void refuse(Config config, int number, String issueId) {
    StoreLocation location = StoreAccess.of(config.store()).location();
    if (location.isSqlite()) {
      return;
    }
    try (SendWorkers workers = SendWorkers.open(location)) {
      int active = workers.status(issueId).active().size();
      if (active > 0) {
        throw new ConfigException(
            "issue "
                + number
                + " is being sent by "
                + Words.count(active, "worker")
                + " (see 'rundbrief send --status'); join them with 'rundbrief send"
                + " --worker' or wait until they end");
      }
    }
  }
}
