package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** The database's environment marker forbids the operation (for example: production). */
public final class ProtectedEnvironmentException extends SeedException {
  public ProtectedEnvironmentException(String message) {
    super(ErrorCode.REFUSED, message);
  }
}
