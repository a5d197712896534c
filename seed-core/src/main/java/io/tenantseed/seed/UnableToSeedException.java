package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import java.util.UUID;

/**
 * Writing a tenant failed; nothing of it was kept. The message names the tenant, the table
 * being written, and PostgreSQL's reason. When the database refused the tenant's own values
 * (a constraint, a key another tenant's row has, a value its column cannot hold) the error
 * code is {@link ErrorCode#BAD_INPUT}; otherwise {@link ErrorCode#UNEXPECTED}.
 */
public final class UnableToSeedException extends SeedException {

  private final UUID tenantId;
  private final String table;

  UnableToSeedException(ErrorCode errorCode, UUID tenantId, String table, String message, Throwable cause) {
    super(errorCode, message, cause);
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
