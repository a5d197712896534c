package io.tenantseed;

/** The database's environment marker forbids the operation (for example: production). */
public final class ProtectedEnvironmentException extends SeedException {
  public ProtectedEnvironmentException(String message) {
    super(ErrorCode.REFUSED, message);
  }
}
