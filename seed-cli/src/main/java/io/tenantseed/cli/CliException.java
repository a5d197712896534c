package io.tenantseed.cli;

import io.tenantseed.ErrorCode;

/**
 * A failure the command itself detects (bad combination of options, an unreadable file, an
 * unconfirmed destructive action), with the exit code of its {@link ErrorCode}.
 */
final class CliException extends RuntimeException {

  private final ErrorCode errorCode;

  CliException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  CliException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  static CliException badInput(String message) {
    return new CliException(ErrorCode.BAD_INPUT, message);
  }

  static CliException refused(String message) {
    return new CliException(ErrorCode.REFUSED, message);
  }

  ErrorCode errorCode() {
    return errorCode;
  }
}
