package io.tenantseed.db;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** PostgreSQL refused the user name or password. The message names the user, never the password. */
public final class AuthenticationFailedException extends SeedException {
  public AuthenticationFailedException(String message, Throwable cause) {
    super(ErrorCode.AUTHENTICATION_FAILED, message, cause);
  }
}
