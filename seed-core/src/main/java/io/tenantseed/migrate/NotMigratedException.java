package io.tenantseed.migrate;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** The database lacks the schema an operation needs: it has not been migrated yet. */
public final class NotMigratedException extends SeedException {

  public NotMigratedException(String message, Throwable cause) {
    super(ErrorCode.MIGRATION_FAILED, message, cause);
  }
}
