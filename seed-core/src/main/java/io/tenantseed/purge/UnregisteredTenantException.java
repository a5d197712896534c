package io.tenantseed.purge;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.List;
import java.util.UUID;

/** A tenant to purge exists, but tenant-seed did not seed it; purging it needs {@code force}. */
public final class UnregisteredTenantException extends SeedException {

  private final List<UUID> tenants;

  UnregisteredTenantException(List<UUID> tenants) {
    super(ErrorCode.REFUSED, (tenants.size() == 1 ? "tenant " + tenants.get(0) + " is" : "tenants " + tenants + " are")
        + " not registered in seed_meta.tenants (tenant-seed did not seed "
        + (tenants.size() == 1 ? "it" : "them") + "); refusing to purge without force");
    this.tenants = List.copyOf(tenants);
  }

  public List<UUID> tenants() {
    return tenants;
  }
}
