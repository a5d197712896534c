package io.tenantseed.migrate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one {@link Migrator#migrate()} did.
 *
 * <pre>
 * MigrateReport report = migrator.migrate();
 * report.summary(); // "Applied 5 migrations (V001__baseline_schema.sql, ...); schema now at version 003."
 * </pre>
 *
 * @param applied the migrations applied by this call, in order (empty when up to date)
 * @param schemaVersion the platform schema's version afterwards, e.g. {@code 003}
 * @param realigned the applied migrations whose recorded checksum this call realigned with
 *     their file, because the history held a known earlier form of it (usually empty)
 * @param ahead migrations the database has that these migrations do not (applied by a newer
 *     branch or release), left as they are (usually empty)
 */
public record MigrateReport(List<MigrationEntry> applied, String schemaVersion, List<MigrationEntry> realigned,
    List<MigrationEntry> ahead) {

  public MigrateReport {
    applied = List.copyOf(applied);
    realigned = List.copyOf(realigned);
    ahead = List.copyOf(ahead);
  }

  /** A report of applied migrations only, nothing realigned. */
  public MigrateReport(List<MigrationEntry> applied, String schemaVersion) {
    this(applied, schemaVersion, List.of(), List.of());
  }

  /** A report of applied and realigned migrations, none ahead. */
  public MigrateReport(List<MigrationEntry> applied, String schemaVersion, List<MigrationEntry> realigned) {
    this(applied, schemaVersion, realigned, List.of());
  }

  /** True when the call changed nothing: no migration applied, no checksum realigned. */
  public boolean upToDate() {
    return applied.isEmpty() && realigned.isEmpty();
  }

  /** One line for people: what was realigned and applied, or that nothing was. */
  public String summary() {
    String realignedText = realigned.isEmpty() ? ""
        : "Realigned the recorded " + (realigned.size() == 1 ? "checksum of " : "checksums of ")
            + realigned.stream().map(MigrationEntry::script).collect(Collectors.joining(", "))
            + " with the current " + (realigned.size() == 1 ? "file" : "files")
            + " (known earlier forms of the same migrations). ";
    String aheadText = ahead.isEmpty() ? ""
        : " The database also has " + ahead.stream().map(MigrationEntry::script).collect(Collectors.joining(", "))
            + ", which these migrations do not (a newer branch's or release's); left as "
            + (ahead.size() == 1 ? "it is." : "they are.");
    if (applied.isEmpty()) {
      return realignedText + "Schema is up to date at version " + schemaVersion + "; no migration applied." + aheadText;
    }
    return realignedText + "Applied " + applied.size() + (applied.size() == 1 ? " migration" : " migrations")
        + " (" + applied.stream().map(MigrationEntry::script).collect(Collectors.joining(", "))
        + "); schema now at version " + schemaVersion + "." + aheadText;
  }
}
