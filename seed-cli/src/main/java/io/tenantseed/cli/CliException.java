package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

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

  /**
   * Why a file could not be read or written, without the path again ({@code FileSystemException}
   * messages repeat it, and for some kinds are nothing but the path).
   */
  static String reason(IOException failure) {
    if (failure instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (failure instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (failure instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }
}
