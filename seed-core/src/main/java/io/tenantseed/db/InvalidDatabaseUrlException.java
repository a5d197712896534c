package io.tenantseed.db;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** A database URL that cannot be understood. The message never repeats a password. */
public final class InvalidDatabaseUrlException extends SeedException {
  InvalidDatabaseUrlException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }
}
