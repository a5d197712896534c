package io.tenantseed.cli;

import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrationStatus;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.seed.Registry;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Table;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the schema version, pending migrations, the environment marker and every seeded tenant"
        + " with its fixture, version and rows per table (as registered when it was seeded).",
        "A registry row whose client account is gone is marked (gone: registry row without its client account);"
            + " under --json its tenant has \"gone\": true."})
final class StatusCommand extends BaseCommand {

  /** Short column heads for the tables, in foreign-key order. */
  private static final Map<String, String> SHORT = Map.of(
      "client_accounts", "ACCOUNTS", "users", "USERS", "engagements", "ENGAGEMENTS",
      "crewai_flow_state_extensions", "MASTER FLOWS", "discovery_flows", "DISCOVERY", "assessment_flows", "ASSESSMENT",
      "data_imports", "IMPORTS", "assets", "ASSETS", "import_field_mappings", "MAPPINGS");

  /** Every table named in the registry, in foreign-key order (jsonb keeps no key order). */
  private static List<String> tableOrder(List<Registry.Tenant> tenants) {
    List<String> order = io.tenantseed.schema.migration.Migration.MIGRATION.getTables().stream().map(Table::getName).toList();
    return tenants.stream().flatMap(tenant -> tenant.rowCounts().keySet().stream()).distinct()
        .sorted(java.util.Comparator.comparing((String name) -> {
          int position = order.indexOf(name.substring(name.indexOf('.') + 1));
          return position < 0 ? order.size() : position;
        }).thenComparing(name -> name))
        .toList();
  }

  /** What a stale registry row is, and what to do about it. */
  private static final String GONE_NOTE = "registry row without its client account; seed load or init-dev-db loads"
      + " the tenant again";

  /** The tenant's name, or the mark of a registry row whose client account is gone. */
  private static String nameOf(Registry.Tenant tenant) {
    return tenant.gone() ? "(gone: registry row without its client account)" : tenant.name();
  }

  @Override
  int run() {
    Target target = target();
    MigrationStatus migrations = Migrator.forDatabase(target.url()).status();
    Registry registry = Registry.forDataSource(target.url().dataSource()).schema(schema(target));
    Optional<String> environment = Optional.empty();
    List<Registry.Tenant> tenants;
    // The marker as the guards read it: a marker they refuse on (a name they do not know, its
    // row or column gone, ...) is shown as their refusal, never as the name it holds.
    String untrusted = null;
    try {
      environment = registry.guardedEnvironment("every guard refuses").map(io.tenantseed.Environment::markerName);
    } catch (io.tenantseed.ProtectedEnvironmentException e) {
      untrusted = e.getMessage();
    } catch (NotMigratedException e) {
      environment = Optional.empty();
    }
    try {
      tenants = registry.tenants();
    } catch (NotMigratedException e) {
      tenants = List.of();
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("database", target.url().toString());
    result.put("source", target.source());
    result.put("schemaVersion", migrations.schemaVersion());
    result.put("pending", MigrateCommand.entries(migrations.pending()));
    result.put("environment", environment.orElse(null));
    if (untrusted != null) {
      result.put("environmentRefused", untrusted);
    }
    List<Map<String, Object>> tenantDocuments = new ArrayList<>();
    for (Registry.Tenant tenant : tenants) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("tenantId", tenant.tenantId().toString());
      document.put("name", tenant.name());
      document.put("gone", tenant.gone());
      document.put("fixture", tenant.fixtureName());
      document.put("version", tenant.fixtureVersion());
      document.put("seededAt", tenant.seededAt().toInstant().toString());
      document.put("rows", tenant.rowCounts());
      tenantDocuments.add(document);
    }
    result.put("tenants", tenantDocuments);

    out().line("Database     " + target.describe());
    out().line("Schema       " + ("none".equals(migrations.schemaVersion()) ? "not migrated" : "version "
        + migrations.schemaVersion()) + ", " + (migrations.pending().isEmpty() ? "up to date"
        : plural(migrations.pending().size(), "pending migration", "pending migrations") + " (seed migrate)"));
    out().line("Environment  " + (untrusted != null ? untrusted
        : environment.orElse("not set (seed env set development|test|staging|production)")));
    long gone = tenants.stream().filter(Registry.Tenant::gone).count();
    out().line("Tenants      " + tenants.size() + (gone == 0 ? "" : " (" + gone + " gone: " + GONE_NOTE + ")"));
    if (!tenants.isEmpty()) {
      out().line("");
      out().table(List.of("TENANT", "NAME", "FIXTURE", "VERSION", "SEEDED"), tenants.stream().map(tenant -> List.of(
          tenant.tenantId().toString(), nameOf(tenant), tenant.fixtureName(), tenant.fixtureVersion(),
          DateTimeFormatter.ISO_INSTANT.format(tenant.seededAt().withNano(0)))).toList());
      out().line("");
      List<String> tables = tableOrder(tenants);
      List<String> header = new ArrayList<>(List.of("NAME"));
      tables.forEach(table -> header.add(SHORT.getOrDefault(table.substring(table.indexOf('.') + 1),
          table.toUpperCase(java.util.Locale.ROOT))));
      header.add("TOTAL");
      out().table(header, tenants.stream().map(tenant -> {
        List<String> row = new ArrayList<>(List.of(nameOf(tenant)));
        // A gone tenant's recorded counts are of rows that no longer exist: shown as none.
        tables.forEach(table -> row.add(tenant.gone() ? "-" : String.valueOf(tenant.rowCounts().getOrDefault(table, 0L))));
        row.add(tenant.gone() ? "-" : String.valueOf(tenant.totalRows()));
        return row;
      }).toList());
    }
    out().result(result);
    return 0;
  }
}
