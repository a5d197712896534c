package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.UUID;

/**
 * Writing a tenant failed; nothing of it was kept. The message names the tenant, the table
 * being written, and PostgreSQL's reason.
 */
public final class UnableToSeedException extends SeedException {

  private final UUID tenantId;
  private final String table;

  UnableToSeedException(UUID tenantId, String table, String message, Throwable cause) {
    super(ErrorCode.UNEXPECTED, message, cause);
    this.tenantId = tenantId;
    this.table = table;
  }

  public UUID tenantId() {
    return tenantId;
  }

  /** The table being written when it failed, or null if it failed before the first one. */
  public String table() {
    return table;
  }
}
