package io.tenantseed.purge;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a purge will remove, computed from the live catalog: every tenant table in the order
 * it will be emptied (children before parents) with the rows each tenant has there.
 *
 * <pre>
 * PurgePlan plan = purger.plan(List.of(tenantId));
 * plan.schemaVersion();   // "003": the migration version, as seed status shows it
 * plan.tables().forEach(t -&gt; System.out.println(t.table() + " " + t.total()));
 * purger.execute(plan);
 * </pre>
 *
 * <p>Two things name the schema a plan was made for. {@code schemaVersion} is the migration
 * version that the schema's Flyway history records, by the rule {@code seed status} and
 * {@code seed migrate} print it by: the highest one applied successfully and not deleted since.
 * {@code catalogStamp} is read from {@code pg_catalog}, summarised as
 * {@code 10:35790:146/66:...}: the schema's tables (how many, their columns' names, types,
 * nullability, identity and generation), its column defaults, its enum labels and its
 * constraints (keys, foreign keys, unique and check constraints). A table, column, default,
 * enum label or constraint added, dropped or replaced changes it, by a migration or by hand;
 * indexes that back no constraint, triggers, row-level security policies, grants, views and
 * comments are not part of it and do not change it. The purge caches its reading of the
 * catalog under that stamp, which holds everything the plan depends on, while the version
 * changes only with a migration. Two plans with one stamp were planned over the same tables;
 * {@link Purger#execute} reads the stamp again and plans its deletes from the catalog as it
 * is then.
 *
 * @param schema the application schema
 * @param schemaVersion the migration version recorded in the schema's Flyway history, as
 *     {@code seed status} shows it ({@code "003"}); {@code "none"} for a schema without a
 *     history (one of the application's own, or migrated by {@code psql}: a plan cannot be made
 *     before any migration), {@code "unknown"} where the connecting role may not read it
 * @param catalogStamp the catalog stamp of the schema the plan was made for (see above)
 * @param tenants the tenants that exist and will be purged
 * @param missing requested ids that name no tenant, reported (planned with
 *     {@link PurgeOptions#withIfExists()}; otherwise such an id fails the plan)
 * @param stale requested ids that name no tenant but still have a registry row in
 *     {@code seed_meta.tenants} (the client account was deleted by other means): the purge
 *     removes that row, and the rows of theirs left in tenant tables that no foreign key to
 *     the client account guards (counted in {@code tables}; where every table is guarded,
 *     nothing can be left and the purge writes nothing else). The registry is a record, not
 *     the truth.
 * @param options the options it was planned with
 * @param tables every tenant table, in delete order, with rows per tenant
 */
public record PurgePlan(String schema, String schemaVersion, String catalogStamp, List<UUID> tenants,
    List<UUID> missing, List<UUID> stale, PurgeOptions options, List<TableRows> tables) {

  public PurgePlan {
    tenants = List.copyOf(tenants);
    missing = List.copyOf(missing);
    stale = List.copyOf(stale);
    tables = List.copyOf(tables);
  }

  /**
   * One table of a plan or result.
   *
   * @param table the table name (schema-less)
   * @param rows rows per tenant; tenants without rows there are absent
   */
  public record TableRows(String table, Map<UUID, Long> rows) {
    public TableRows {
      rows = Map.copyOf(rows);
    }

    public long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public long totalRows() {
    return tables.stream().mapToLong(TableRows::total).sum();
  }

  /** True when there is nothing to delete: no tenant, and no stale registry row. */
  public boolean isEmpty() {
    return tenants.isEmpty() && stale.isEmpty();
  }

  /**
   * For people and logs: {@code PurgePlan[schema migration at version 003, 1 tenant [...],
   * 60 rows: assets 50, ...; catalog stamp 10:35790:146/...]}, tables without rows left out.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PurgePlan[schema ").append(schema).append(" at version ")
        .append(schemaVersion).append(", ").append(tenants.size()).append(tenants.size() == 1 ? " tenant " : " tenants ")
        .append(tenants);
    if (!missing.isEmpty()) {
      text.append(", missing ").append(missing);
    }
    if (!stale.isEmpty()) {
      text.append(", stale ").append(stale);
    }
    text.append(", ").append(totalRows()).append(" rows");
    String counts = tables.stream().filter(table -> table.total() > 0)
        .map(table -> table.table() + " " + table.total()).collect(java.util.stream.Collectors.joining(", "));
    text.append(counts.isEmpty() ? "" : ": " + counts);
    if (!options.equals(PurgeOptions.DEFAULT)) {
      text.append("; ").append(options);
    }
    return text.append("; catalog stamp ").append(catalogStamp).append(']').toString();
  }
}
