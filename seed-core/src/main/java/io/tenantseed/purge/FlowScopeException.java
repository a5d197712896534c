package io.tenantseed.purge;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** The flow exists, but not in the tenant and engagement the caller named: nothing is touched. */
public final class FlowScopeException extends SeedException {
  FlowScopeException(String message) {
    super(ErrorCode.REFUSED, message);
  }
}
