package io.tenantseed.seed;

/** What {@link Seeder} does when the tenant exists already. */
public enum SeedMode {
  /** Refuse with {@link TenantExistsException}: the default. */
  FAIL_IF_EXISTS,
  /** Remove the existing tenant and seed it again, in one transaction. */
  REPLACE,
  /**
   * Do nothing when the registry shows the same fixture and version; refuse with
   * {@link TenantExistsException} when it shows another.
   */
  IF_ABSENT
}
