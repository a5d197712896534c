package io.tenantseed.purge;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** A purge or flow deletion failed and was rolled back: nothing was removed. */
public final class UnableToPurgeException extends SeedException {
  UnableToPurgeException(String message, Throwable cause) {
    super(ErrorCode.UNEXPECTED, message, cause);
  }
}
