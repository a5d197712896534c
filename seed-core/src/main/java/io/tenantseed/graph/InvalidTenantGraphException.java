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
  /** A graph that cannot be built or written, for the reason {@code message} (one line, naming the entity's path). */
  public InvalidTenantGraphException(String message) {
    super(ErrorCode.BAD_INPUT, message);
  }
}
