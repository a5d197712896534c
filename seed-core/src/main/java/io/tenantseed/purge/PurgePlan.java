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
 * plan.tables().forEach(t -&gt; System.out.println(t.table() + " " + t.total()));
 * purger.execute(plan);
 * </pre>
 *
 * @param schema the application schema
 * @param schemaVersion the catalog stamp of the schema the plan was made for
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
public record PurgePlan(String schema, String schemaVersion, List<UUID> tenants, List<UUID> missing,
    List<UUID> stale, PurgeOptions options, List<TableRows> tables) {

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
}
