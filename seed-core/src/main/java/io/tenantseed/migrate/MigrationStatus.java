package io.tenantseed.migrate;

import java.util.List;

/**
 * The migration state of a database.
 *
 * @param schemaVersion the platform schema's current version: the highest one its Flyway
 *     history records as applied successfully and not deleted since (the rule a purge plan's
 *     {@code schemaVersion} follows too), or {@code "none"} where it has no history (before
 *     the first migration, or migrated without Flyway)
 * @param applied every applied migration, both schemas, in order
 * @param pending every migration not yet applied, both schemas, in order
 */
public record MigrationStatus(String schemaVersion, List<MigrationEntry> applied, List<MigrationEntry> pending) {
  public MigrationStatus {
    applied = List.copyOf(applied);
    pending = List.copyOf(pending);
  }

  public boolean upToDate() {
    return pending.isEmpty();
  }
}
