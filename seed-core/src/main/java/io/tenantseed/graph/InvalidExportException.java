package io.tenantseed.graph;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/**
 * A canonical export that cannot be read back: not JSON, another format, a value of the
 * wrong type or one its column would change (rounded, or text PostgreSQL cannot hold), a row
 * of another tenant, a reference to a row the export does not hold. The message names the
 * table, the row and the column.
 */
public final class InvalidExportException extends SeedException {
  InvalidExportException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }

  InvalidExportException(String message, Throwable cause) {
    super(ErrorCode.BAD_INPUT, message, cause);
  }
}
