package io.tenantseed.cli;

import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.MigrationEntry;
import io.tenantseed.migrate.MigrationStatus;
import io.tenantseed.migrate.Migrator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Apply the pending migrations of the platform schema and of seed_meta (additive only). An"
        + " applied migration whose file changed is refused (exit code 7), unless the history records a known"
        + " earlier form of the same migration: then its checksum is realigned and the output says so.")
final class MigrateCommand extends BaseCommand {

  @Option(names = "--dry-run", description = "List the pending migrations and the checksums that would be"
      + " realigned; change nothing.")
  boolean dryRun;

  @Override
  int run() {
    requirePlatformSchema("migrate");
    Target target = target();
    Migrator migrator = Migrator.forDatabase(target.url());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("database", target.url().toString());
    result.put("dryRun", dryRun);
    if (dryRun) {
      MigrationStatus status = migrator.status();
      List<MigrationEntry> realign = migrator.realignments();
      List<MigrationEntry> ahead = migrator.ahead();
      result.put("schemaVersion", status.schemaVersion());
      result.put("pending", entries(status.pending()));
      result.put("realign", entries(realign));
      result.put("ahead", entries(ahead));
      if (!realign.isEmpty()) {
        out().line("Would realign the recorded " + (realign.size() == 1 ? "checksum of " : "checksums of ")
            + realign.stream().map(MigrationEntry::script).collect(java.util.stream.Collectors.joining(", "))
            + " with the current " + (realign.size() == 1 ? "file" : "files")
            + " (known earlier forms of the same migrations).");
      }
      if (status.pending().isEmpty()) {
        out().line("Schema is up to date at version " + status.schemaVersion() + "; nothing to apply.");
      } else {
        out().line(plural(status.pending().size(), "pending migration", "pending migrations") + " at "
            + target.describe() + ":");
        out().table(List.of("SCHEMA", "VERSION", "SCRIPT"), status.pending().stream()
            .map(entry -> List.of(entry.schema(), entry.version(), entry.script())).toList());
        out().line("Dry run: nothing was applied.");
      }
      if (!ahead.isEmpty()) {
        out().line("The database also has " + scripts(ahead) + ", which these migrations do not (a newer branch's"
            + " or release's); migrate leaves " + (ahead.size() == 1 ? "it as it is." : "them as they are."));
      }
    } else {
      MigrateReport report = migrator.migrate();
      result.put("schemaVersion", report.schemaVersion());
      result.put("applied", entries(report.applied()));
      result.put("realigned", entries(report.realigned()));
      result.put("ahead", entries(report.ahead()));
      out().line(report.summary());
    }
    out().result(result);
    return 0;
  }

  /** The scripts of {@code entries}, by comma. */
  static String scripts(List<MigrationEntry> entries) {
    return entries.stream().map(MigrationEntry::script).collect(java.util.stream.Collectors.joining(", "));
  }

  static List<Map<String, String>> entries(List<MigrationEntry> entries) {
    return entries.stream().map(entry -> Map.of("schema", entry.schema(), "version", entry.version(),
        "script", entry.script())).toList();
  }
}
