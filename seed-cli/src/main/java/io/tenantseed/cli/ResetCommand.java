package io.tenantseed.cli;

import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.Migrator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"The explicit destructive track: drop the application schema and seed_meta with every tenant in"
        + " them, migrate from scratch, then init-dev-db.",
        "Refused unless the environment marker says development. Asks on a terminal, needs --yes otherwise."})
final class ResetCommand extends BaseCommand {

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  int run() {
    requirePlatformSchema("reset");
    Target target = target();
    confirm(yes, "Drop every tenant and both schemas at " + target.describe() + "?", "reset");
    MigrateReport report = Migrator.forDatabase(target.url()).resetDevelopmentDatabase();
    out().line("Dropped schemas migration and seed_meta; " + Character.toLowerCase(report.summary().charAt(0))
        + report.summary().substring(1));
    Map<String, Object> result = InitDevDbCommand.initialise(this, target);
    result.put("reset", true);
    out().result(result);
    return 0;
  }
}
