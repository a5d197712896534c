package io.tenantseed.graph;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;

/**
 * A tenant description that cannot be built: a dangling reference, a duplicate id or key, an
 * asset group naming an asset that does not exist. The message names the entity by its path,
 * e.g. {@code tenant 1111.../engagement/cloud-migration-2025/flow/full-migration/assessment}:
 * the same path its id is derived from.
 */
public final class InvalidTenantGraphException extends SeedException {
  InvalidTenantGraphException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }
}
