package io.tenantseed.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

  static final GraphKeys NONE = new GraphKeys(Map.of(), Map.of(), false);

  /** The keys of a graph read from an export: none, since an export keeps rows, not the builders' keys. */
  static final GraphKeys FROM_EXPORT = new GraphKeys(Map.of(), Map.of(), true);

  /** Users and engagements: kind/key to id. */
  private final Map<String, UUID> tenantKeys;
  /** Flows and imports: kind/key to the id under each engagement key that has one, in build order. */
  private final Map<String, Map<String, UUID>> engagementKeys;
  /** Whether the graph was read from an export, for messages: then a key is missing because no key is kept. */
  private final boolean fromExport;

  GraphKeys() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>(), false);
  }

  private GraphKeys(Map<String, UUID> tenantKeys, Map<String, Map<String, UUID>> engagementKeys, boolean fromExport) {
    this.tenantKeys = tenantKeys;
    this.engagementKeys = engagementKeys;
    this.fromExport = fromExport;
  }

  /** The failure for a key this tenant does not have: {@code missing}, unless the graph has no keys at all. */
  private IllegalArgumentException noSuchKey(Kind kind, String key, String missing) {
    return new IllegalArgumentException(fromExport
        ? "this graph carries no keys (it was read from an export, which keeps rows but not the builders' keys),"
            + " so it cannot look up " + kind.what + " '" + key + "': find the row by its columns instead"
        : missing);
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
        java.util.Collections.unmodifiableMap(scoped), fromExport);
  }

  /**
   * The id of {@code key} for the whole tenant; {@code byEngagement} names the call that
   * chooses an engagement instead ({@code "Ref.masterFlow"}), for the message.
   *
   * @throws IllegalArgumentException when there is none
   * @throws AmbiguousKeyException (for a flow or import) when several engagements have the
   *     key: the message names them and {@code byEngagement}
   */
  UUID inTenant(Kind kind, String key, String byEngagement) {
    if (!kind.perEngagement) {
      UUID id = tenantKeys.get(kind + "/" + key);
      if (id == null) {
        throw noSuchKey(kind, key, "this tenant has no " + kind.what + " '" + key + "'");
      }
      return id;
    }
    Map<String, UUID> ids = engagementKeys.getOrDefault(kind + "/" + key, Map.of());
    if (ids.isEmpty()) {
      throw noSuchKey(kind, key, "this tenant has no " + kind.what + " '" + key + "'");
    }
    if (ids.size() > 1) {
      throw new AmbiguousKeyException(kind.what, key, List.copyOf(ids.keySet()), byEngagement);
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
      throw noSuchKey(kind, key, "engagement '" + engagementKey + "' has no " + kind.what + " '" + key + "'"
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
