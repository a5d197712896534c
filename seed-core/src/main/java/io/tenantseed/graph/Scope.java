package io.tenantseed.graph;

import java.util.Map;
import java.util.UUID;

/**
 * What a builder knows about where it sits: the tenant, the graph's clock, its own path (for
 * ids, random draws and messages), and the keys it may refer to.
 */
record Scope(UUID tenantId, FixtureClock clock, String domain, String path, Map<String, UUID> users) {

  Scope child(String segment) {
    return new Scope(tenantId, clock, domain, path.isEmpty() ? segment : path + "/" + segment, users);
  }

  UUID derive(String suffix) {
    return Ids.derive(tenantId, suffix.isEmpty() ? path : path + "/" + suffix);
  }

  Draws draws() {
    return Draws.of(path);
  }

  /** For messages: {@code tenant <id>/engagement[...]/...}. */
  String describe() {
    return "tenant " + tenantId + (path.isEmpty() ? "" : "/" + path);
  }

  InvalidTenantGraphException invalid(String problem) {
    return new InvalidTenantGraphException(describe() + ": " + problem);
  }

  /** The id of user {@code key}, or a message naming this entity and the missing key. */
  UUID user(String key, String role) {
    if (key == null) {
      return null;
    }
    UUID id = users.get(key);
    if (id == null) {
      throw invalid(role + " names user '" + key + "', which this tenant does not define (users: "
          + new java.util.TreeSet<>(users.keySet()) + ")");
    }
    return id;
  }
}
