package io.tenantseed.graph;


import io.tenantseed.schema.migration.Migration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.jooq.UniqueKey;

/**
 * The unique keys and references of an export among the tables the generated schema classes
 * know, checked while its rows stream past, table after table: what it keeps is each key's
 * values (a set of a million asset ids is some 80 MB) and the distinct values of each
 * reference, never the rows. Errors are reported by {@link #finish} in the order a check of
 * the whole document would find them: the first duplicate key of the first table with one,
 * then the first row whose reference is not in the export.
 *
 * <pre>
 * ExportKeys keys = new ExportKeys();
 * keys.table("assets");
 * keys.row(asset, 1);          // ... every row, numbered from 1
 * keys.finish(Set.of("client_accounts", "assets", "engagements"));
 * </pre>
 *
 * <p>Not thread-safe: one per export read.
 */
final class ExportKeys {

  private final Map<Field<?>, Set<Object>> keys = new HashMap<>();
  private final List<Reference> references = new ArrayList<>();
  private InvalidExportException firstDuplicate;
  private List<Key> current = List.of();
  private List<Reference> currentReferences = List.of();

  /** Values of one unique key of the current table, and its first duplicate. */
  private record Key(UniqueKey<?> key, Field<?> field, Set<Object> seen, InvalidExportException[] error) {}

  /** The distinct values of one reference, each with the number of the first row holding it. */
  private record Reference(String table, String column, ForeignKey<?, ?> key, Map<Object, Integer> values) {}

  /** Rows of {@code tableName} follow. */
  void table(String tableName) {
    end();
    Table<?> table = Migration.MIGRATION.getTable(tableName);
    current = new ArrayList<>();
    currentReferences = new ArrayList<>();
    if (table == null) {
      return;
    }
    for (UniqueKey<?> key : table.getKeys()) {
      if (key.getFields().size() == 1) {
        current.add(new Key(key, key.getFields().get(0), new HashSet<>(), new InvalidExportException[1]));
      }
    }
    for (ForeignKey<?, ?> reference : table.getReferences()) {
      if (reference.getFields().size() == 1) {
        currentReferences.add(new Reference(tableName, reference.getFields().get(0).getName(), reference,
            new LinkedHashMap<>()));
      }
    }
  }

  /** Row {@code index} (from 1) of the current table. */
  void row(Row row, int index) {
    for (Key key : current) {
      if (key.error()[0] != null) {
        continue;
      }
      String name = key.field().getName();
      Object value = row.get(name);
      String table = key.key().getTable().getName();
      if (value == null && key.key().isPrimary()) {
        key.error()[0] = new InvalidExportException(table + " row " + index + ": " + name + " is missing");
      } else if (value != null && !key.seen().add(value)) {
        key.error()[0] = new InvalidExportException(table + " row " + index + ": " + name + " " + value
            + " appears twice in the export");
      }
    }
    for (Reference reference : currentReferences) {
      Object value = row.get(reference.column());
      if (value != null) {
        reference.values().putIfAbsent(value, index);
      }
    }
  }

  private void end() {
    for (Key key : current) {
      keys.put(key.field(), key.seen());
      if (firstDuplicate == null) {
        firstDuplicate = key.error()[0];
      }
    }
    references.addAll(currentReferences);
    current = List.of();
    currentReferences = List.of();
  }

  /**
   * The values of each single-column key, by its field, once every table has been read;
   * {@code tables} are the export's tables (a reference to a table it lacks is not checked).
   *
   * @throws InvalidExportException for the first duplicate key or unresolved reference
   */
  Map<Field<?>, Set<Object>> finish(Set<String> tables) {
    end();
    if (firstDuplicate != null) {
      throw firstDuplicate;
    }
    for (Reference reference : references) {
      String parent = reference.key().getKey().getTable().getName();
      if (!tables.contains(parent)) {
        continue;
      }
      Set<Object> present = keys.getOrDefault(reference.key().getKeyFields().get(0), Set.of());
      for (Map.Entry<Object, Integer> value : reference.values().entrySet()) {
        if (!present.contains(value.getKey())) {
          throw new InvalidExportException(reference.table() + " row " + value.getValue() + ": " + reference.column()
              + " " + value.getKey() + " references a " + parent + " row that is not in the export");
        }
      }
    }
    return keys;
  }
}
