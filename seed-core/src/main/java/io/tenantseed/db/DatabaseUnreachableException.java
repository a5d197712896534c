package io.tenantseed.db;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** PostgreSQL did not answer at the configured address, or the database does not exist. */
public final class DatabaseUnreachableException extends SeedException {
  public DatabaseUnreachableException(String message, Throwable cause) {
    super(ErrorCode.DATABASE_UNREACHABLE, message, cause);
  }
}
