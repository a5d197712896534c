package io.tenantseed.cli;

import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SchemaPlanException;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.migrate.MigrationStatus;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.seed.Registry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the schema version, pending migrations, the environment marker and every seeded tenant"
        + " with its fixture, version and rows per table (as registered when it was seeded): a row for every"
        + " tenant table of the live catalog, parents first, and a column per tenant.",
        "A registry row whose client account is gone is marked (gone: registry row without its client account);"
            + " under --json its tenant has \"gone\": true."})
final class StatusCommand extends BaseCommand {

  /**
   * Every tenant table of the live catalog of {@code schema}, parents first (the tenant table
   * itself first); then any table the registry names that the catalog no longer has. Without a
   * catalog (a database not migrated) only the tables the registry names, by name. Names
   * without the schema, as {@link #rows} matches them.
   */
  private static List<String> tableOrder(Target target, String schema, List<Registry.Tenant> tenants) {
    Set<String> tables = new LinkedHashSet<>();
    try (Connection connection = target.url().dataSource().getConnection()) {
      List<String> parentsFirst = new ArrayList<>(SchemaCatalog.of(connection, schema).deleteOrder);
      Collections.reverse(parentsFirst);
      tables.addAll(parentsFirst);
    } catch (NotMigratedException | SchemaPlanException e) {
      // no tenant tables to read: what the registry recorded is all there is to show
    } catch (SQLException e) {
      throw SqlErrors.connectionFailure(e, target.describe()).orElseGet(() -> new SchemaPlanException(
          "reading the tenant tables of schema " + schema + " at " + target.describe() + " failed: "
              + SqlErrors.serverMessage(e)));
    }
    tenants.stream().flatMap(tenant -> tenant.rowCounts().keySet().stream()).map(StatusCommand::bare).sorted()
        .forEach(tables::add);
    return List.copyOf(tables);
  }

  private static String bare(String qualified) {
    return qualified.substring(qualified.indexOf('.') + 1);
  }

  /** The rows of {@code table} registered for {@code tenant} when it was seeded; 0 for a table it had none in. */
  private static long rows(Registry.Tenant tenant, String table) {
    return tenant.rowCounts().entrySet().stream().filter(entry -> bare(entry.getKey()).equals(table))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * The head of each tenant's column, by tenant id: its name, followed by its id,
   * {@linkplain ShortIds shortened}, where two tenants' names look the same on a terminal (two
   * copies of one fixture, two gone tenants). Names that differ look different there, for the
   * table shows them {@linkplain TerminalText#printable printable}, invisible characters
   * escaped: so the names themselves are compared (and made printable by the table alone).
   */
  private static Map<UUID, String> heads(List<Registry.Tenant> tenants) {
    // A gone tenant's name went with its client account.
    Map<UUID, String> names = new LinkedHashMap<>();
    tenants.forEach(tenant -> names.put(tenant.tenantId(), tenant.gone() ? "(gone)" : tenant.name()));
    Map<UUID, String> shortIds = ShortIds.of(names.keySet());
    Map<UUID, String> heads = new LinkedHashMap<>();
    names.forEach((id, name) -> heads.put(id, java.util.Collections.frequency(names.values(), name) > 1
        ? name + " " + shortIds.get(id) : name));
    return heads;
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
    Migrator migrator = Migrator.forDatabase(target.url());
    MigrationStatus migrations = migrator.status();
    List<io.tenantseed.migrate.MigrationEntry> ahead = migrator.ahead();
    String registrySchema = schema(target);
    Registry registry = Registry.forDataSource(target.url().dataSource()).schema(registrySchema);
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
    result.put("ahead", MigrateCommand.entries(ahead));
    result.put("environment", environment.orElse(null));
    if (untrusted != null) {
      result.put("environmentRefused", untrusted);
    }
    List<String> tables = tableOrder(target, registrySchema, tenants);
    List<Map<String, Object>> tenantDocuments = new ArrayList<>();
    for (Registry.Tenant tenant : tenants) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("tenantId", tenant.tenantId().toString());
      document.put("name", tenant.name());
      document.put("gone", tenant.gone());
      document.put("fixture", tenant.fixtureName());
      document.put("version", tenant.fixtureVersion());
      document.put("seededAt", tenant.seededAt().toInstant().toString());
      Map<String, Long> counts = new LinkedHashMap<>();
      tables.forEach(table -> counts.put(registrySchema + "." + table, rows(tenant, table)));
      document.put("rows", counts);
      tenantDocuments.add(document);
    }
    result.put("tenants", tenantDocuments);

    out().line("Database     " + target.describe());
    out().line("Schema       " + ("none".equals(migrations.schemaVersion()) ? "not migrated" : "version "
        + migrations.schemaVersion()) + ", " + (migrations.pending().isEmpty() ? "up to date"
        : plural(migrations.pending().size(), "pending migration", "pending migrations") + " (seed migrate)"));
    if (!ahead.isEmpty()) {
      out().line("Ahead        " + MigrateCommand.scripts(ahead) + " (applied by newer migrations than these; left as"
          + (ahead.size() == 1 ? " it is)" : " they are)"));
    }
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
      // One row per table and a column per tenant: the tables grow with the migrations, the
      // tenants of a development database are few.
      List<String> header = new ArrayList<>(List.of("TABLE"));
      Map<UUID, String> heads = heads(tenants);
      tenants.forEach(tenant -> header.add(heads.get(tenant.tenantId())));
      List<List<String>> rows = new ArrayList<>();
      for (String table : tables) {
        List<String> row = new ArrayList<>(List.of(table));
        // A gone tenant's recorded counts are of rows that no longer exist: shown as none.
        tenants.forEach(tenant -> row.add(tenant.gone() ? "-" : String.valueOf(rows(tenant, table))));
        rows.add(row);
      }
      List<String> total = new ArrayList<>(List.of("ALL TABLES"));
      tenants.forEach(tenant -> total.add(tenant.gone() ? "-" : String.valueOf(tenant.totalRows())));
      rows.add(total);
      out().table(header, rows);
    }
    out().result(result);
    return 0;
  }
}
