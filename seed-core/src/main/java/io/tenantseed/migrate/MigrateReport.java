package io.tenantseed.migrate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one {@link Migrator#migrate()} did.
 *
 * @param applied the migrations applied by this call, in order (empty when up to date)
 * @param schemaVersion the platform schema's version afterwards, e.g. {@code 003}
 */
public record MigrateReport(List<MigrationEntry> applied, String schemaVersion) {

  public MigrateReport {
    applied = List.copyOf(applied);
  }

  /** True when there was nothing to apply. */
  public boolean upToDate() {
    return applied.isEmpty();
  }

  /** One line for people: what was applied, or that nothing was. */
  public String summary() {
    if (upToDate()) {
      return "Schema is up to date at version " + schemaVersion + "; no migration applied.";
    }
    return "Applied " + applied.size() + (applied.size() == 1 ? " migration" : " migrations")
        + " (" + applied.stream().map(MigrationEntry::script).collect(Collectors.joining(", "))
        + "); schema now at version " + schemaVersion + ".";
  }
}
