package io.tenantseed.purge;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.List;
import java.util.UUID;

/**
 * A tenant id names no tenant at all (no client account, no registry row): the purge is
 * refused and nothing is purged, unless {@link PurgeOptions#withIfExists()} asked to report it.
 */
public final class UnknownTenantException extends SeedException {

  private final List<UUID> tenants;

  UnknownTenantException(List<UUID> tenants) {
    super(ErrorCode.BAD_INPUT, (tenants.size() == 1 ? "tenant " + tenants.get(0) + " does" : "tenants " + tenants + " do")
        + " not exist; nothing was purged (PurgeOptions.withIfExists(), seed purge --if-exists, skips ids that"
        + " name no tenant)");
    this.tenants = List.copyOf(tenants);
  }

  public List<UUID> tenants() {
    return tenants;
  }
}
