package io.tenantseed.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The keys a tenant's builders gave their entities, and the one rule for looking them up.
 * Users and engagements are keyed within the tenant; master flows and data imports within
 * their engagement, so two engagements may each have a flow {@code "full-migration"}.
 * A key looked up from inside an engagement is that engagement's when it has it; looked up
 * for the whole tenant, a flow or import key must then name exactly one, else the lookup
 * names every engagement that has it and how to choose one.
 *
 * <pre>
 * keys.inTenant(Kind.FLOW, "full-migration", "masterFlowId"); // the one flow of that key, or an error naming both engagements
 * keys.inEngagement(Kind.FLOW, "cloud", "full-migration"); // engagement "cloud"'s flow
 * </pre>
 *
 * <p>Filled while a tenant is built, then only read (the graph keeps a {@link #copy()}).
 */
final class GraphKeys {

  /** What a key names. */
  enum Kind {
    USER("user", false), ENGAGEMENT("engagement", false), FLOW("flow", true), IMPORT("data import", true);

    final String what;
    final boolean perEngagement;

    Kind(String what, boolean perEngagement) {
      this.what = what;
      this.perEngagement = perEngagement;
    }
  }

  static final GraphKeys NONE = new GraphKeys(Map.of(), Map.of());

  /** Users and engagements: kind/key to id. */
  private final Map<String, UUID> tenantKeys;
  /** Flows and imports: kind/key to the id under each engagement key that has one, in build order. */
  private final Map<String, Map<String, UUID>> engagementKeys;

  GraphKeys() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  private GraphKeys(Map<String, UUID> tenantKeys, Map<String, Map<String, UUID>> engagementKeys) {
    this.tenantKeys = tenantKeys;
    this.engagementKeys = engagementKeys;
  }

  /** Registers a user or engagement key; false if the tenant has it already. */
  boolean add(Kind kind, String key, UUID id) {
    return tenantKeys.putIfAbsent(kind + "/" + key, id) == null;
  }

  /** Registers a flow or import key of engagement {@code engagementKey}; false if that engagement has it already. */
  boolean add(Kind kind, String engagementKey, String key, UUID id) {
    return engagementKeys.computeIfAbsent(kind + "/" + key, k -> new LinkedHashMap<>())
        .putIfAbsent(engagementKey, id) == null;
  }

  /** Whether the tenant has user or engagement {@code key}. */
  boolean has(Kind kind, String key) {
    return tenantKeys.containsKey(kind + "/" + key);
  }

  /** Whether engagement {@code engagementKey} has flow or import {@code key}. */
  boolean has(Kind kind, String engagementKey, String key) {
    return engagementKeys.getOrDefault(kind + "/" + key, Map.of()).containsKey(engagementKey);
  }

  /** An immutable copy. */
  GraphKeys copy() {
    Map<String, Map<String, UUID>> scoped = new LinkedHashMap<>();
    engagementKeys.forEach((key, byEngagement) -> scoped.put(key, java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(byEngagement))));
    return new GraphKeys(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tenantKeys)),
        java.util.Collections.unmodifiableMap(scoped));
  }

  /**
   * The id of {@code key} for the whole tenant; {@code byEngagement} names the call that
   * chooses an engagement instead ({@code "Ref.masterFlow"}), for the message.
   *
   * @throws IllegalArgumentException when there is none, or (for a flow or import) when
   *     several engagements have the key: the message names them and the overload to use
   */
  UUID inTenant(Kind kind, String key, String byEngagement) {
    if (!kind.perEngagement) {
      UUID id = tenantKeys.get(kind + "/" + key);
      if (id == null) {
        throw new IllegalArgumentException("this tenant has no " + kind.what + " '" + key + "'");
      }
      return id;
    }
    Map<String, UUID> ids = engagementKeys.getOrDefault(kind + "/" + key, Map.of());
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("this tenant has no " + kind.what + " '" + key + "'");
    }
    if (ids.size() > 1) {
      String engagements = ids.keySet().stream().map(e -> "'" + e + "'").collect(Collectors.joining(" and "));
      String first = ids.keySet().iterator().next();
      throw new IllegalArgumentException("the " + kind.what + " key '" + key + "' is ambiguous: engagements "
          + engagements + " each have one; name the engagement: " + byEngagement + "(\"" + first + "\", \"" + key
          + "\")");
    }
    return ids.values().iterator().next();
  }

  /**
   * The id of flow or import {@code key} of engagement {@code engagementKey}.
   *
   * @throws IllegalArgumentException when that engagement has none (naming the engagements that do)
   */
  UUID inEngagement(Kind kind, String engagementKey, String key) {
    Map<String, UUID> byEngagement = engagementKeys.getOrDefault(kind + "/" + key, Map.of());
    UUID id = byEngagement.get(engagementKey);
    if (id == null) {
      throw new IllegalArgumentException("engagement '" + engagementKey + "' has no " + kind.what + " '" + key + "'"
          + (byEngagement.isEmpty() ? "" : " (engagements with one: " + String.join(", ", byEngagement.keySet()) + ")"));
    }
    return id;
  }

  /**
   * The id {@code key} stands for seen from a row of engagement {@code engagementKey} (null
   * for a tenant's row): the engagement's own flow or import when it has one, else the
   * tenant's one of that key.
   */
  UUID seenFrom(Kind kind, String engagementKey, String key, String byEngagement) {
    if (kind.perEngagement && engagementKey != null) {
      UUID own = engagementKeys.getOrDefault(kind + "/" + key, Map.of()).get(engagementKey);
      if (own != null) {
        return own;
      }
    }
    return inTenant(kind, key, byEngagement);
  }
}
