package io.tenantseed.purge;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What a purge removed.
 *
 * @param tenants the purged tenants
 * @param missing requested ids that named no tenant (only with {@link PurgeOptions#withIfExists()})
 * @param stale requested ids whose tenant was already gone: only their registry row was removed
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
   * "; registry row removed, the tenant was already gone: [...]", "; 1 id named no tenant: [...]".
   */
  public String summary() {
    return "Purged " + tenants.size() + (tenants.size() == 1 ? " tenant" : " tenants") + " (" + totalRows() + " rows) in "
        + elapsed.toMillis() + " ms"
        + (stale.isEmpty() ? "" : stale.size() == 1 ? "; registry row removed, the tenant was already gone: " + stale
            : "; registry rows removed, the tenants were already gone: " + stale)
        + (missing.isEmpty() ? "" : "; " + missing.size()
        + (missing.size() == 1 ? " id named no tenant: " : " ids named no tenant: ") + missing);
  }
}
