package io.tenantseed.purge;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What a purge removed.
 *
 * @param tenants the purged tenants
 * @param missing requested ids that named no tenant (only with {@link PurgeOptions#withIfExists()})
 * @param stale requested ids whose tenant was already gone: their registry row was removed, and
 *     any rows of theirs left in tenant tables that no foreign key to the client account guards
 *     (counted in {@code tables})
 * @param tables rows deleted per table and tenant, in delete order
 * @param elapsed wall time of the transaction
 */
public record PurgeResult(List<UUID> tenants, List<UUID> missing, List<UUID> stale, List<PurgePlan.TableRows> tables,
    Duration elapsed) {

  public PurgeResult {
    tenants = List.copyOf(tenants);
    missing = List.copyOf(missing);
    stale = List.copyOf(stale);
    tables = List.copyOf(tables);
  }

  public long totalRows() {
    return tables.stream().mapToLong(PurgePlan.TableRows::total).sum();
  }

  /**
   * One line for people: "Purged 1 tenant (60 rows) in 3 ms", then what else there was:
   * "; registry row removed, the tenant was already gone: [...]" (with "(2 rows left of it
   * removed too)" where some were), "; 1 id named no tenant: [...]".
   */
  public String summary() {
    long staleRows = tables.stream().flatMap(table -> stale.stream().map(id -> table.rows().getOrDefault(id, 0L)))
        .mapToLong(Long::longValue).sum();
    String leftOver = staleRows == 0 ? "" : " (" + staleRows + (staleRows == 1 ? " row" : " rows") + " left of "
        + (stale.size() == 1 ? "it" : "them") + " removed too)";
    return "Purged " + tenants.size() + (tenants.size() == 1 ? " tenant" : " tenants") + " (" + totalRows() + " rows) in "
        + elapsed.toMillis() + " ms"
        + (stale.isEmpty() ? "" : stale.size() == 1 ? "; registry row removed, the tenant was already gone" + leftOver
            + ": " + stale : "; registry rows removed, the tenants were already gone" + leftOver + ": " + stale)
        + (missing.isEmpty() ? "" : "; " + missing.size()
        + (missing.size() == 1 ? " id named no tenant: " : " ids named no tenant: ") + missing);
  }
}
