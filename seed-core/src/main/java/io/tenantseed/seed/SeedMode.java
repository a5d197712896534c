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
   * (or the tenant is not registered), compare the stored tenant with the graph: if it has as
   * many rows in every tenant table, and every row of the graph is stored with the values it
   * sets (compared as values of their column's type, as the canonical export prints them),
   * register it under the graph's fixture and version and write nothing
   * ({@link SeedReport.Outcome#REGISTERED}); otherwise refuse with {@link TenantExistsException}.
   * A column a row leaves out (its DEFAULT, a drawn value) is not compared. A table or column
   * the migrations define but the database lacks is a
   * {@link io.tenantseed.migrate.NotMigratedException}. Tenants of more than 100,000 rows are
   * not compared.
   */
  IF_ABSENT
}
