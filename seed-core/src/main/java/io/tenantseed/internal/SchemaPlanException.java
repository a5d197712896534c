package io.tenantseed.internal;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/**
 * The live catalog does not allow a safe plan: no tenant table, tenant tables whose foreign
 * keys cannot be ordered, or keys that loop. Raised before anything is changed.
 */
public final class SchemaPlanException extends SeedException {
  public SchemaPlanException(String message) {
    super(ErrorCode.UNEXPECTED, message);
  }
}
