package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.graph.TenantGraph.Source;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.schema.migration.Migration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;
import org.jooq.ForeignKey;
import org.jooq.JSONB;
import org.jooq.Table;

/**
 * The checks of an import across rows (unique keys and references among the tables the
 * generated schema classes know are {@link ExportKeys}'): the asset groups of assessment flows, and, against
 * a live catalog, that every table and column exists and that references of the tables the
 * generated classes do not know resolve too.
 *
 * <pre>
 * ImportChecks.assetGroups(rows, assetIds);   // offline, after ExportKeys
 * ImportChecks.againstCatalog(rows, catalog); // "unknown table 'x' in the export (tables: ...)"
 * </pre>
 *
 * <p>Rows are by table name, each table's rows in the export's order (row numbers in messages
 * count from 1 in that order). Stateless.
 */
final class ImportChecks {

  private ImportChecks() {}

  /**
   * The asset ids in assessment flows' application groups name assets of the export, as a
   * graph's groups do (listing one more than once stays possible: the runbook's bad data).
   */
  static void assetGroups(Map<String, ? extends Source> rows, Set<Object> assets) {
    Source flows = rows.get(ASSESSMENT_FLOWS.getName());
    if (flows != null) {
      forEach(flows, (flow, index) -> assetGroups(flow, index, assets));
    }
  }

  private static void assetGroups(Row flow, int index, Set<Object> assets) {
    {  // one flow's groups
      String where = "assessment_flows row " + index + ", column application_asset_groups";
      if (!(flow.get(ASSESSMENT_FLOWS.APPLICATION_ASSET_GROUPS.getName()) instanceof JSONB value)) {
        return;
      }
      JsonNode groups;
      try {
        groups = CanonicalImport.READER.readTree(value.data());
      } catch (JsonProcessingException e) {
        throw new InvalidExportException(where + ": not JSON", e);
      }
      if (!groups.isArray()) {
        throw new InvalidExportException(where + ": expected an array of groups, found "
            + ImportValues.abbreviate(groups.toString()));
      }
      int group = 0;
      for (JsonNode node : groups) {
        String at = where + ", group " + ++group;
        JsonNode ids = node.path("asset_ids");
        if (ids.isMissingNode()) {
          continue;
        }
        if (!ids.isArray()) {
          throw new InvalidExportException(at + ": asset_ids is not an array");
        }
        for (JsonNode id : ids) {
          UUID asset = ImportValues.uuid(id, at);
          if (!assets.contains(asset)) {
            throw new InvalidExportException(at + ": asset " + asset + " is not in the export");
          }
        }
      }
    }
  }

  /**
   * Every table is a tenant table of {@code catalog}, every column one of its table's; each
   * row of a table the schema classes do not know names the tenant, has a unique primary key,
   * and keeps a number within its column's scale; and every foreign key of the catalog the
   * schema classes do not know resolves inside the export where its parent table is there.
   */
  static void againstCatalog(Map<String, ? extends Source> rows, UUID tenantId, SchemaCatalog catalog) {
    againstCatalog(rows, tenantId, catalog, null);
  }

  /**
   * {@link #againstCatalog(Map, UUID, SchemaCatalog)} where {@code checked} has seen every
   * row already (as they streamed past), so that only its first error is left to report.
   */
  static void againstCatalog(Map<String, ? extends Source> rows, UUID tenantId, SchemaCatalog catalog,
      CatalogRows checked) {
    List<String> known = CanonicalExport.tableOrder(catalog.root, catalog.tenantTables);
    for (String table : rows.keySet()) {
      if (!catalog.isTenantTable(table)) {
        throw new InvalidExportException("unknown table '" + table + "' in the export (tables: "
            + String.join(", ", known) + ")");
      }
    }
    if (checked != null) {
      checked.finish();
    } else {
      CatalogRows each = new CatalogRows(catalog);
      for (Map.Entry<String, ? extends Source> entry : rows.entrySet()) {
        each.table(entry.getKey(), tenantId);
        forEach(entry.getValue(), each::row);
      }
      each.finish();
    }
    for (SchemaCatalog.ForeignKey reference : catalog.foreignKeys) {
      if (rows.containsKey(reference.table()) && rows.containsKey(reference.parent()) && !typed(reference)) {
        checkReference(rows, reference);
      }
    }
  }

  /**
   * The checks of each row against the catalog, fed row by row: its columns exist (looked up
   * once per column list), its numbers keep their scale; a row of a table the schema classes
   * do not know names the tenant and has a unique primary key. The first failure is kept for
   * {@link #finish}, so that the export's own errors are reported before it.
   */
  static final class CatalogRows {
    private final SchemaCatalog catalog;
    private final Map<String[], Column[]> shapes = new java.util.IdentityHashMap<>();
    private String table;
    private UUID tenantId;
    private boolean generic;
    private List<String> key;
    private Set<List<String>> keys;
    private InvalidExportException error;

    CatalogRows(SchemaCatalog catalog) {
      this.catalog = catalog;
    }

    /** Rows of {@code table}, of the export of tenant {@code tenantId}, follow. */
    void table(String name, UUID tenant) {
      table = name;
      tenantId = tenant;
      generic = Migration.MIGRATION.getTable(name) == null;
      key = catalog.primaryKeys.getOrDefault(name, List.of());
      keys = new HashSet<>();
      shapes.clear();
    }

    /** Row {@code index} (from 1) of the current table. */
    void row(Row row, int index) {
      if (error != null) {
        return;
      }
      Column[] columns = shapes.computeIfAbsent(row.shape(), shape -> {
        Column[] found = new Column[shape.length];
        for (int i = 0; i < shape.length; i++) {
          found[i] = catalog.column(table, shape[i]);
        }
        return found;
      });
      for (int i = 0; i < columns.length && error == null; i++) {
        Column column = columns[i];
        if (column == null) {
          error = new InvalidExportException(where(row, index) + ": unknown column '" + row.column(i)
              + "' (the database's " + table + " has no such column)");
        } else if (row.value(i) instanceof BigDecimal decimal && !column.array() && column.scale() >= 0
            && decimal.stripTrailingZeros().scale() > column.scale()) {
          error = new InvalidExportException(where(row, index) + ", column " + column.name() + ": "
              + decimal.toPlainString() + " has more decimal places than the " + column.scale() + " of "
              + column.type() + " (it would be rounded)");
        }
      }
      if (!generic || error != null) {
        return;
      }
      String tenantColumn = catalog.tenantColumn(table);
      if (!tenantId.toString().equals(text(row.get(tenantColumn)))) {
        error = new InvalidExportException(where(row, index) + ": " + tenantColumn + " is " + row.get(tenantColumn)
            + ", not the export's tenant " + tenantId);
      } else if (!key.isEmpty() && !keys.add(tuple(row, key))) {
        error = new InvalidExportException(where(row, index) + ": primary key (" + String.join(", ", key)
            + ") appears twice in the export");
      }
    }

    private String where(Row row, int index) {
      return table + " row " + index + CanonicalImport.rowKey(table, row);
    }

    /** Throws the first failure, if any. */
    void finish() {
      keys = null;
      if (error != null) {
        throw error;
      }
    }
  }

  /** Whether the generated schema classes know this foreign key, so the offline check covered it. */
  private static boolean typed(SchemaCatalog.ForeignKey reference) {
    Table<?> table = Migration.MIGRATION.getTable(reference.table());
    return table != null && reference.columns().size() == 1
        && table.getReferences().stream().anyMatch(known -> known.getName().equals(reference.name()));
  }

  private static void checkReference(Map<String, ? extends Source> rows, SchemaCatalog.ForeignKey reference) {
    Set<List<String>> present = new HashSet<>();
    forEach(rows.get(reference.parent()), (parent, index) -> present.add(tuple(parent, reference.parentColumns())));
    forEach(rows.get(reference.table()), (row, index) -> {
      if (reference.columns().stream().anyMatch(column -> row.get(column) == null)) {
        return; // a null in a reference matches nothing and needs nothing (MATCH SIMPLE)
      }
      List<String> value = tuple(row, reference.columns());
      if (!present.contains(value)) {
        throw new InvalidExportException(reference.table() + " row " + index + CanonicalImport.rowKey(reference.table(), row)
            + ": " + String.join(", ", reference.columns()) + " " + String.join(", ", value) + " references a "
            + reference.parent() + " row that is not in the export");
      }
    });
  }

  /** {@code each} of every row of {@code rows} with its number (from 1), the rows' stream closed afterwards. */
  private static void forEach(Source rows, ObjIntConsumer<Row> each) {
    try (Stream<Row> stream = rows.rows()) {
      int[] index = {0};
      stream.forEachOrdered(row -> each.accept(row, ++index[0]));
    }
  }

  private static List<String> tuple(Row row, List<String> columns) {
    List<String> values = new ArrayList<>(columns.size());
    for (String column : columns) {
      values.add(text(row.get(column)));
    }
    return values;
  }

  /** A key value as text, uuids in lower case whether typed or generic. */
  private static String text(Object value) {
    if (value instanceof String text && text.length() == 36) {
      try {
        return Ids.parse(text).toString();
      } catch (IllegalArgumentException e) {
        return text;
      }
    }
    return value == null ? null : ExportValues.text(value, -1);
  }
}
