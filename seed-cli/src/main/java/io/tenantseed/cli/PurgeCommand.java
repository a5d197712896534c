package io.tenantseed.cli;

import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.PurgePlan;
import io.tenantseed.purge.PurgeResult;
import io.tenantseed.purge.Purger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Remove development tenants by id, every row of theirs in every tenant table, in one"
        + " transaction. Shows the plan first; asks on a terminal, needs --yes otherwise.",
        "Only tenants tenant-seed seeded (in seed_meta.tenants) unless --force; never where the environment"
            + " marker says production (or is anything but one known marker).",
        "An id that names no tenant is bad input (exit code 2, nothing purged) unless --if-exists. A registered"
            + " tenant whose client account is gone loses its stale registry row, and nothing else."})
final class PurgeCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "UUID", description = "A tenant to purge (repeatable).")
  List<UUID> tenants = new ArrayList<>();

  @Option(names = "--dry-run", description = "Show the plan; delete nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--force", description = "Also purge tenants that tenant-seed did not seed.")
  boolean force;

  @Option(names = "--if-exists", description = "Report a tenant that does not exist, and purge the others, instead"
      + " of failing (for scripts that may run twice).")
  boolean ifExists;

  @Option(names = "--strict", description = "Fail, purging nothing, if a tenant does not exist: the default;"
      + " accepted for older scripts.")
  boolean strict;

  @Override
  int run() {
    if (strict && ifExists) {
      throw CliException.badInput("--strict and --if-exists contradict each other: choose one");
    }
    interruption().begin("the purge");
    Target target = target();
    Purger purger = Purger.forDataSource(target.url().dataSource()).schema(schema(target)).listener(interruption());
    PurgeOptions options = force ? PurgeOptions.DEFAULT.withForce() : PurgeOptions.DEFAULT;
    PurgePlan plan = purger.plan(tenants, ifExists ? options.withIfExists() : options);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("database", target.url().toString());
    result.put("dryRun", dryRun);
    result.put("schemaVersion", plan.schemaVersion());
    result.put("tenants", plan.tenants().stream().map(UUID::toString).toList());
    result.put("missing", plan.missing().stream().map(UUID::toString).toList());
    result.put("stale", plan.stale().stream().map(UUID::toString).toList());
    for (UUID missing : plan.missing()) {
      out().line("Tenant " + missing + " does not exist: nothing to purge for it.");
    }
    List<UUID> leftOf = new ArrayList<>(); // stale tenants with rows left where no foreign key guards the table
    for (UUID stale : plan.stale()) {
      long left = plan.tables().stream().mapToLong(table -> table.rows().getOrDefault(stale, 0L)).sum();
      if (left > 0) {
        leftOf.add(stale);
      }
      out().line("Tenant " + stale + " does not exist, but its registry row does: the purge removes that row"
          + (left == 0 ? "." : " and the " + plural(left, "row", "rows") + " left of it in tenant tables."));
    }
    if (plan.isEmpty()) {
      out().line("Nothing to purge.");
      result.put("rows", rows(plan.tables()));
      out().result(result);
      return 0;
    }
    if (!plan.tenants().isEmpty() || !leftOf.isEmpty()) {
      List<UUID> columns = new ArrayList<>(plan.tenants());
      columns.addAll(leftOf);
      out().line("Purge plan for " + plural(plan.tenants().size(), "tenant", "tenants")
          + (leftOf.isEmpty() ? "" : " and what is left of " + plural(leftOf.size(), "stale tenant", "stale tenants"))
          + " at " + target.describe() + ", schema version " + plan.schemaVersion() + " (" + plan.totalRows()
          + " rows):");
      table(plan.tables(), columns);
    }
    if (dryRun) {
      out().line("Dry run: nothing was deleted.");
      result.put("rows", rows(plan.tables()));
      out().result(result);
      return 0;
    }
    confirm(yes, plan.tenants().isEmpty() && leftOf.isEmpty() ? "Remove " + plural(plan.stale().size(),
        "stale registry row", "stale registry rows") + "?" : "Delete these " + plan.totalRows() + " rows?", "purge");
    PurgeResult purged = purger.execute(plan);
    out().line(purged.summary());
    result.put("rows", rows(purged.tables()));
    result.put("millis", purged.elapsed().toMillis());
    out().result(result);
    return 0;
  }

  private void table(List<PurgePlan.TableRows> tables, List<UUID> tenantIds) {
    List<String> header = new ArrayList<>(List.of("TABLE"));
    Map<UUID, String> shortIds = ShortIds.of(tenantIds);
    tenantIds.forEach(id -> header.add(shortIds.get(id)));
    if (tenantIds.size() > 1) {
      header.add("TOTAL");
    }
    List<List<String>> rows = new ArrayList<>();
    for (PurgePlan.TableRows table : tables) {
      List<String> row = new ArrayList<>(List.of(table.table()));
      tenantIds.forEach(id -> row.add(String.valueOf(table.rows().getOrDefault(id, 0L))));
      if (tenantIds.size() > 1) {
        row.add(String.valueOf(table.total()));
      }
      rows.add(row);
    }
    out().table(header, rows);
  }

  private static Map<String, Long> rows(List<PurgePlan.TableRows> tables) {
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach(table -> rows.put(table.table(), table.total()));
    return rows;
  }
}
