package io.tenantseed.migrate;

import java.util.List;

/**
 * The migration state of a database.
 *
 * @param schemaVersion the platform schema's current version, or {@code "none"} before the
 *     first migration
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
