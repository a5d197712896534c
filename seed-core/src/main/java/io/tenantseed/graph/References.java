package io.tenantseed.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Resolves the {@link Ref}s of generic rows to ids, once the whole graph is known: keys of
 * users and engagements in the tenant, of flows and imports as {@link GraphKeys} looks them
 * up from the referring row's engagement; assets and generic rows by index within the
 * referring row's scope (an engagement, or the whole tenant).
 */
final class References {

  /** How deep references between generic rows may chain before they count as a cycle. */
  private static final int MAX_DEPTH = 16;
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private final UUID tenantId;
  private GraphKeys keys = GraphKeys.NONE;
  /** Asset runs by engagement key, and all of them under "". */
  private final Map<String, List<TenantGraph.Run>> assets = new HashMap<>();
  /** Generic runs by scope (engagement key, or "" for the tenant) and table. */
  private final Map<String, List<TenantGraph.Run>> rows = new HashMap<>();

  References(UUID tenantId) {
    this.tenantId = tenantId;
  }

  void keys(GraphKeys keys) {
    this.keys = keys;
  }

  void assets(String engagementKey, TenantGraph.Run run) {
    assets.computeIfAbsent(engagementKey, k -> new ArrayList<>()).add(run);
    assets.computeIfAbsent("", k -> new ArrayList<>()).add(run);
  }

  void rows(String engagementKey, String table, TenantGraph.Run run) {
    rows.computeIfAbsent(engagementKey + "|" + table, k -> new ArrayList<>()).add(run);
  }

  /**
   * The id {@code ref} stands for, seen from the row at {@code from} in engagement
   * {@code engagementKey} (null for a tenant's row).
   */
  UUID resolve(Ref ref, Scope from, String engagementKey) {
    return switch (ref.kind) {
      case USER -> key(GraphKeys.Kind.USER, ref, from, engagementKey);
      case ENGAGEMENT -> key(GraphKeys.Kind.ENGAGEMENT, ref, from, engagementKey);
      case MASTER_FLOW -> key(GraphKeys.Kind.FLOW, ref, from, engagementKey);
      case DATA_IMPORT -> key(GraphKeys.Kind.IMPORT, ref, from, engagementKey);
      case ASSET -> id(nth(assets.getOrDefault(engagementKey == null ? "" : engagementKey, List.of()), ref, from,
          engagementKey == null ? "the tenant" : "engagement '" + engagementKey + "'", "assets"));
      case ROW -> id(nth(rows.getOrDefault((engagementKey == null ? "" : engagementKey) + "|" + ref.table, List.of()),
          ref, from, engagementKey == null ? "the tenant" : "engagement '" + engagementKey + "'", ref.table + " rows"));
    };
  }

  private UUID key(GraphKeys.Kind kind, Ref ref, Scope from, String engagementKey) {
    try {
      if (ref.engagementKey != null) {
        return keys.inEngagement(kind, ref.engagementKey, ref.key);
      }
      return keys.seenFrom(kind, engagementKey, ref.key,
          kind == GraphKeys.Kind.FLOW ? "Ref.masterFlow" : "Ref.dataImport");
    } catch (IllegalArgumentException e) {
      throw from.invalid(ref + ": " + e.getMessage());
    }
  }

  private Row nth(List<TenantGraph.Run> runs, Ref ref, Scope from, String scope, String what) {
    long total = runs.stream().mapToLong(TenantGraph.Run::count).sum();
    if (ref.index < 0 || ref.index >= total) {
      throw from.invalid(ref + " is out of range: " + scope + " has " + total + " " + what);
    }
    int[] depth = DEPTH.get();
    if (depth[0] >= MAX_DEPTH) {
      throw from.invalid(ref + ": references between rows form a cycle (or a chain deeper than " + MAX_DEPTH + ")");
    }
    depth[0]++;
    try {
      long remaining = ref.index;
      for (TenantGraph.Run run : runs) {
        if (remaining < run.count()) {
          return run.generate((int) remaining);
        }
        remaining -= run.count();
      }
      throw new IllegalStateException("unreachable");
    } finally {
      depth[0]--;
    }
  }

  /** A row's id: the one it sets, else the one the writer draws for it. */
  private UUID id(Row row) {
    Object id = row.get("id");
    if (id instanceof UUID uuid) {
      return uuid;
    }
    if (id != null) {
      return Ids.parse(id.toString());
    }
    return Ids.drawn(tenantId, row.path(), "id");
  }

  /** Generic rows of one table in one scope, customised one by one. */
  record GenericRun(String table, Scope scope, String engagementKey, UUID engagementId, int start, int size,
      java.util.function.BiConsumer<Integer, RowBuilder> each, References references) implements TenantGraph.Run {

    @Override
    public long count() {
      return size;
    }

    @Override
    public Row generate(int offset) {
      int index = start + offset;
      Scope at = scope.child("rows/" + table + "/" + index);
      Map<String, String> reserved = new HashMap<>();
      Map<String, Object> byScope = new java.util.LinkedHashMap<>();
      reserved.put("client_account_id", "its tenant scope");
      byScope.put("client_account_id", at.tenantId());
      if (engagementId != null) {
        reserved.put("engagement_id", "its engagement scope");
        byScope.put("engagement_id", engagementId);
      }
      RowBuilder builder = new RowBuilder(table, reserved);
      try {
        each.accept(offset, builder);
      } catch (IllegalArgumentException e) {
        throw at.invalid(e.getMessage());
      }
      return builder.build(at, byScope, ref -> references.resolve(ref, at, engagementKey));
    }
  }
}
