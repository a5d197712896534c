package io.tenantseed.purge;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/** No flow has the given id. */
public final class UnknownFlowException extends SeedException {
  UnknownFlowException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }
}
