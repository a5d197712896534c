package io.tenantseed.purge;

/**
 * How careful a purge is. By default every id must name a tenant: one that names none is an
 * {@link UnknownTenantException} and nothing is purged, so that a mistyped id is never taken
 * for a purge that succeeded.
 *
 * <pre>
 * purger.plan(ids, PurgeOptions.DEFAULT.withForce());     // also tenants tenant-seed did not seed
 * purger.plan(ids, PurgeOptions.DEFAULT.withIfExists());  // an id that names no tenant is reported, not an error
 * </pre>
 *
 * @param force purge tenants that are not in {@code seed_meta.tenants}
 * @param ifExists skip and report a tenant id that names no tenant, instead of failing (for
 *     idempotent clean-ups, as {@code dropdb --if-exists} does)
 */
public record PurgeOptions(boolean force, boolean ifExists) {

  public static final PurgeOptions DEFAULT = new PurgeOptions(false, false);

  public PurgeOptions withForce() {
    return new PurgeOptions(true, ifExists);
  }

  public PurgeOptions withIfExists() {
    return new PurgeOptions(force, true);
  }

  /**
   * An id that names no tenant is an error: the default since an id naming nothing stopped
   * being reported as success. Kept so that code written for the old default keeps working;
   * it undoes {@link #withIfExists()}.
   *
   * @deprecated the default already; drop the call
   */
  @Deprecated
  public PurgeOptions withStrict() {
    return new PurgeOptions(force, false);
  }

  /**
   * Whether an id that names no tenant fails the purge: {@code !ifExists()}.
   *
   * @deprecated use {@link #ifExists()}
   */
  @Deprecated
  public boolean strict() {
    return !ifExists;
  }
}
