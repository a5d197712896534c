package io.tenantseed.migrate;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/**
 * A migration could not be applied, or the applied migrations no longer match the files.
 * The message names the migration file and carries PostgreSQL's own message.
 */
public final class UnableToMigrateException extends SeedException {
  UnableToMigrateException(String message, Throwable cause) {
    super(ErrorCode.MIGRATION_FAILED, message, cause);
  }
}
