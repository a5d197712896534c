package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.UUID;

/** The tenant to be seeded exists already, and the caller did not ask to replace it. */
public final class TenantExistsException extends SeedException {

  private final UUID tenantId;

  TenantExistsException(UUID tenantId, String message) {
    super(ErrorCode.TENANT_EXISTS, message);
    this.tenantId = tenantId;
  }

  public UUID tenantId() {
    return tenantId;
  }
}
