package dev.rundbrief.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * What every schema migration of the store says to Flyway the same way: its number (which is also
 * its checksum: a migration's code never changes once released), its description, one transaction
 * each, and the database it runs on for the dialect's differences.
 */
abstract class StoreMigration implements JavaMigration {
  private final int version;
  private final String description;
  final Database database;

  StoreMigration(int version, String description, Database database) {
    this.version = version;
    this.description = description;
    this.database = database;
  }

  @Override
  public final MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(Integer.toString(version));
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return version;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }
}
