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
 * version that the schema's Flyway history records (what {@code seed status} and
 * {@code seed migrate} print). {@code catalogStamp} is read from {@code pg_catalog}: the
 * schema's tables, their columns, defaults, enum labels and constraints, summarised as
 * {@code 10:35790:146/66:...}. The purge caches its reading of the catalog under that stamp,
 * and any change of the tenant tables changes it, a table created by hand without a migration
 * included, while the version changes only with a migration. Two plans with one stamp were
 * planned over the same tables; {@link Purger#execute} reads the stamp again and plans its
 * deletes from the catalog as it is then.
 *
 * @param schema the application schema
 * @param schemaVersion the migration version recorded in the schema's Flyway history, as
 *     {@code seed status} shows it ({@code "003"}), or {@code "none"} without a history
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
