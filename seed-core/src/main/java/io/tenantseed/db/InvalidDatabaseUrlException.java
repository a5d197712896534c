package io.tenantseed.db;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** A database URL that cannot be understood. The message never repeats a password. */
public final class InvalidDatabaseUrlException extends SeedException {
  InvalidDatabaseUrlException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }

  /**
   * The server refused a connection option of the URL as it started the session (an
   * {@code options=-c name=value} setting it does not know or whose value it cannot take).
   */
  public static InvalidDatabaseUrlException refusedByServer(String message, Throwable cause) {
    return new InvalidDatabaseUrlException(message, cause);
  }

  private InvalidDatabaseUrlException(String message, Throwable cause) {
    super(ErrorCode.BAD_INPUT, message, cause);
  }
}
