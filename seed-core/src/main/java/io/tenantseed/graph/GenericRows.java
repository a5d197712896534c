package io.tenantseed.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The {@code rows(table, count, each)} calls of one scope (the tenant, or an engagement):
 * rows of one table are numbered across calls, so that each row's path, id and drawn values
 * stay where they are when another call is added after it.
 */
final class GenericRows {

  private record Call(String table, int start, int count, BiConsumer<Integer, RowBuilder> each) {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Integer> next = new HashMap<>();

  void add(String table, int count, BiConsumer<Integer, RowBuilder> each) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(each, "each");
    if (table.equals(TenantGraph.ROOT)) {
      throw new IllegalArgumentException("the tenant's own row of " + table + " is described by tenant(id) and its"
          + " setters, set(column, value) included, not by rows(...)");
    }
    if (table.isBlank() || table.contains(".")) {
      throw new IllegalArgumentException("'" + table + "' is not a table name (give it without its schema)");
    }
    if (count < 0) {
      throw new IllegalArgumentException("row count of " + table + " must not be negative: " + count);
    }
    int start = next.getOrDefault(table, 0);
    next.put(table, Math.addExact(start, count));
    calls.add(new Call(table, start, count, each));
  }

  /** Adds this scope's runs to the graph being built. */
  void register(Scope scope, String engagementKey, UUID engagementId, GraphParts parts) {
    for (Call call : calls) {
      References.GenericRun run = new References.GenericRun(call.table(), scope, engagementKey, engagementId,
          call.start(), call.count(), call.each(), parts.references);
      parts.run(call.table(), run);
      parts.references.rows(engagementKey == null ? "" : engagementKey, call.table(), run);
    }
  }
}
