package io.tenantseed.purge;

import java.util.Objects;

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
 * <p>Built from {@link #DEFAULT} only, never from positional booleans: its second flag once
 * meant the opposite ({@code strict}), and a constructor call written for that meaning would
 * otherwise compile and purge in the unsafe direction. Immutable and thread-safe.
 */
public final class PurgeOptions {

  /** Unregistered tenants are refused, and so is an id that names no tenant. */
  public static final PurgeOptions DEFAULT = new PurgeOptions(false, false);

  private final boolean force;
  private final boolean ifExists;

  private PurgeOptions(boolean force, boolean ifExists) {
    this.force = force;
    this.ifExists = ifExists;
  }

  /** The same options, also purging tenants that are not in {@code seed_meta.tenants}. */
  public PurgeOptions withForce() {
    return new PurgeOptions(true, ifExists);
  }

  /**
   * The same options, skipping and reporting an id that names no tenant instead of failing
   * (for idempotent clean-ups, as {@code dropdb --if-exists} does).
   */
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

  /** Whether tenants that are not in {@code seed_meta.tenants} are purged too. */
  public boolean force() {
    return force;
  }

  /** Whether an id that names no tenant is skipped and reported rather than failing the purge. */
  public boolean ifExists() {
    return ifExists;
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

  @Override
  public boolean equals(Object other) {
    return other instanceof PurgeOptions options && force == options.force && ifExists == options.ifExists;
  }

  @Override
  public int hashCode() {
    return Objects.hash(force, ifExists);
  }

  @Override
  public String toString() {
    return "PurgeOptions[force=" + force + ", ifExists=" + ifExists + "]";
  }
}
