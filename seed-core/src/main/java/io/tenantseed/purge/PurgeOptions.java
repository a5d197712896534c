package io.tenantseed.purge;

/**
 * How careful a purge is.
 *
 * <pre>
 * purger.plan(ids, PurgeOptions.DEFAULT.withForce());   // also tenants tenant-seed did not seed
 * purger.plan(ids, PurgeOptions.DEFAULT.withStrict());  // an id that names no tenant is an error
 * </pre>
 *
 * @param force purge tenants that are not in {@code seed_meta.tenants}
 * @param strict fail on a tenant id that names no tenant, instead of reporting it
 */
public record PurgeOptions(boolean force, boolean strict) {

  public static final PurgeOptions DEFAULT = new PurgeOptions(false, false);

  public PurgeOptions withForce() {
    return new PurgeOptions(true, strict);
  }

  public PurgeOptions withStrict() {
    return new PurgeOptions(force, true);
  }
}
