package io.tenantseed.seed;

/**
 * What {@link Seeder} does when the tenant exists already. A tenant exists when its client
 * account does: a registry row whose client account is gone is stale, and in every mode the
 * tenant counts as absent (the stale row and anything left of the tenant are removed and the
 * tenant is seeded).
 */
public enum SeedMode {
  /** Refuse with {@link TenantExistsException}: the default. */
  FAIL_IF_EXISTS,
  /** Remove the existing tenant and seed it again, in one transaction. */
  REPLACE,
  /**
   * Do nothing when the registry shows the same fixture and version. When it shows another
   * (or the tenant is not registered), compare the stored tenant with the graph: if its rows
   * are the graph's, byte for byte in the canonical export, register it under the graph's
   * fixture and version and write nothing ({@link SeedReport.Outcome#REGISTERED}); otherwise
   * refuse with {@link TenantExistsException} (as for a stored value no export can hold). A
   * table or column the migrations define but the database lacks is a
   * {@link io.tenantseed.migrate.NotMigratedException}. Tenants of more than 100,000 rows are
   * not compared.
   */
  IF_ABSENT
}
