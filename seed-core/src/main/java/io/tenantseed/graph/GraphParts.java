package io.tenantseed.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.TableRecord;

/**
 * What the builders of one tenant produce while it is built: each builder adds its own rows,
 * claims its ids and keys, and registers its generated runs here; {@link TenantBuilder#build()}
 * turns the result into a graph. Refuses two entities with one id, two of one kind with one
 * key, and two values of a column unique per tenant, naming both entities.
 */
final class GraphParts {

  final UUID tenantId;
  final References references;
  private final Map<UUID, String> owners = new HashMap<>();
  private final GraphKeys keys = new GraphKeys();
  private final Map<String, List<Row>> rows = new LinkedHashMap<>();
  private final Map<String, List<TenantGraph.Run>> runs = new LinkedHashMap<>();
  private final List<TenantGraph.AssetRun> assetRuns = new ArrayList<>();
  private final Map<String, Map<Object, String>> uniques = new HashMap<>();

  GraphParts(UUID tenantId, List<String> tables) {
    this.tenantId = tenantId;
    this.references = new References(tenantId);
    tables.forEach(table -> rows.put(table, new ArrayList<>()));
  }

  /** Claims {@code id} for the entity at {@code scope}. */
  void claim(UUID id, Scope scope) {
    String other = owners.putIfAbsent(id, scope.path());
    if (other != null) {
      throw scope.invalid("id " + id + " is also the id of " + other);
    }
  }

  /** Registers user or engagement {@code key}; refuses one the tenant has already. */
  void key(GraphKeys.Kind kind, String key, UUID id, Scope scope) {
    if (!keys.add(kind, key, id)) {
      throw scope.invalid("the " + kind.what + " key '" + key + "' is used twice");
    }
  }

  /** Registers flow or import {@code key} of engagement {@code engagementKey}; refuses one the engagement has already. */
  void key(GraphKeys.Kind kind, String engagementKey, String key, UUID id, Scope scope) {
    if (!keys.add(kind, engagementKey, key, id)) {
      throw duplicate(kind, engagementKey, key, scope);
    }
  }

  boolean hasKey(GraphKeys.Kind kind, String key) {
    return keys.has(kind, key);
  }

  /** Refuses {@code key} where engagement {@code engagementKey} has it already (before its rows are built). */
  void checkUnused(GraphKeys.Kind kind, String engagementKey, String key, Scope scope) {
    if (keys.has(kind, engagementKey, key)) {
      throw duplicate(kind, engagementKey, key, scope);
    }
  }

  private static InvalidTenantGraphException duplicate(GraphKeys.Kind kind, String engagementKey, String key,
      Scope scope) {
    return scope.invalid("the " + kind.what + " key '" + key + "' is used twice in engagement '" + engagementKey
        + "' (a key is unique within its engagement)");
  }

  /** Refuses a second {@code value} of a column unique per tenant. */
  void unique(String what, Object value, Scope scope) {
    if (value == null) {
      return;
    }
    String other = uniques.computeIfAbsent(what, w -> new HashMap<>()).putIfAbsent(value, scope.path());
    if (other != null) {
      throw scope.invalid("the " + what + " '" + value + "' is also the " + what + " of " + other);
    }
  }

  void add(Row row) {
    rows.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
  }

  void run(String table, TenantGraph.Run run) {
    rows.computeIfAbsent(table, t -> new ArrayList<>());
    runs.computeIfAbsent(table, t -> new ArrayList<>()).add(run);
    if (run instanceof TenantGraph.AssetRun assets) {
      assetRuns.add(assets);
    }
  }

  /** Every run of assets, in the order of the tenant's assets (where each engagement's assets are). */
  List<TenantGraph.AssetRun> assetRuns() {
    return assetRuns;
  }

  GraphKeys keys() {
    return keys;
  }

  List<String> tables() {
    return List.copyOf(rows.keySet());
  }

  Map<String, List<Row>> rows() {
    return rows;
  }

  Map<String, List<TenantGraph.Run>> runs() {
    return runs;
  }

  /**
   * The row a builder's record stands for: the fields the builder set (jOOQ marks them
   * changed, a null included), in the table's order, then the values set by name over them.
   */
  static Row row(TableRecord<?> record, Scope scope, ColumnValues extra) {
    Field<?>[] fields = record.fields();
    List<String> names = new ArrayList<>(fields.length);
    List<Object> values = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      if (record.changed(i)) {
        names.add(fields[i].getName());
        values.add(record.get(i));
      }
    }
    Row row = new Row(record.getTable().getName(), scope.path(), names.toArray(String[]::new), values.toArray());
    return extra.applyTo(row, scope);
  }
}
