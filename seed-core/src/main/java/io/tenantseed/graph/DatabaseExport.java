package io.tenantseed.graph;

import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The export of one tenant as the database holds it, driven by the live catalog: every tenant
 * table and every column but the generated ones ({@code GENERATED ALWAYS AS (...) STORED}, which
 * the database computes on load), streamed row by row from a cursor (a fetch size inside one
 * read-only, repeatable-read transaction, so every table is read from the same snapshot) into
 * an {@link ExportWriter}. Rows come ordered by the database: by the text of their primary
 * key's columns in {@code COLLATE "C"} order (a uuid by itself, which orders as its text). Only
 * the rows of a table without a primary key are held, to be ordered by their canonical text.
 *
 * <pre>
 * try (Connection connection = dataSource.getConnection()) {
 *   DatabaseExport.write(connection, tenantId, () -&gt; new ExportWriter(out, tenantId));
 * }
 * </pre>
 *
 * <p>Stateless.
 */
final class DatabaseExport {

  /** Rows fetched per round trip: small enough for any row width, large enough to stream fast. */
  static final int FETCH_SIZE = 2_000;

  private DatabaseExport() {}

  /** Writes the export; the connection's auto-commit and transaction are left as they were found. */
  static void write(Connection connection, UUID tenantId, Supplier<ExportWriter> out) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (!autoCommit) {
      // The caller's transaction: read inside it, as it sees the data.
      writeAll(connection, tenantId, out);
      return;
    }
    Transactions.useTransaction(connection, c -> {
      try (Statement statement = c.createStatement()) {
        statement.execute("set transaction isolation level repeatable read, read only");
      }
      writeAll(c, tenantId, out);
    });
  }

  private static void writeAll(Connection connection, UUID tenantId, Supplier<ExportWriter> out) throws SQLException {
    SchemaCatalog catalog = SchemaCatalog.of(connection, CanonicalExport.SCHEMA);
    try (ExportWriter export = out.get()) {
      for (String table : CanonicalExport.tableOrder(catalog.root, catalog.tenantTables)) {
        export.startTable(table);
        writeTable(connection, catalog, table, tenantId, export);
        export.endTable();
      }
    }
  }

  private static void writeTable(Connection connection, SchemaCatalog catalog, String table, UUID tenantId,
      ExportWriter export) throws SQLException {
    List<Column> columns = new ArrayList<>(catalog.columns(table));
    // A generated column is the database's to compute: a load may not give it, so an export
    // that held it could not be loaded back.
    columns.removeIf(Column::generated);
    columns.sort(Comparator.comparing(Column::name));
    int size = columns.size();
    String[] names = new String[size];
    int[] scales = new int[size];
    ExportValues.Reader[] readers = new ExportValues.Reader[size];
    StringBuilder select = new StringBuilder("select ");
    for (int i = 0; i < size; i++) {
      Column column = columns.get(i);
      names[i] = column.name();
      scales[i] = column.array() ? -1 : column.scale();
      readers[i] = ExportValues.reader(column);
      select.append(i == 0 ? "" : ", ").append(ExportValues.select(column, SchemaCatalog.quote(column.name())));
    }
    List<String> key = catalog.primaryKeys.getOrDefault(table, List.of());
    select.append(" from ").append(catalog.qualified(table)).append(" where ")
        .append(SchemaCatalog.quote(catalog.tenantColumn(table))).append(" = ?");
    if (!key.isEmpty()) {
      select.append(" order by ");
      for (int i = 0; i < key.size(); i++) {
        select.append(i == 0 ? "" : ", ").append(orderBy(catalog.column(table, key.get(i))));
      }
    }
    int[] keyIndexes = key.stream().mapToInt(column -> indexOf(names, column)).toArray();
    List<Map.Entry<String, Object[]>> unkeyed = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(select.toString())) {
      statement.setFetchSize(FETCH_SIZE);
      statement.setObject(1, tenantId);
      try (ResultSet result = statement.executeQuery(); RowPipe pipe = new RowPipe(result, readers, FETCH_SIZE)) {
        for (Object[][] batch = pipe.next(); batch != null; batch = pipe.next()) {
          for (Object[] values : batch) {
            if (key.isEmpty()) {
              unkeyed.add(Map.entry(ExportWriter.canonicalText(table, names, values, scales, ""), values));
            } else {
              export.row(table, names, values, scales, () -> rowKey(names, values, keyIndexes));
            }
          }
        }
      }
    }
    unkeyed.sort(Map.Entry.comparingByKey(ExportValues::compareText));
    for (Map.Entry<String, Object[]> row : unkeyed) {
      export.row(table, names, row.getValue(), scales, () -> "");
    }
  }

  /**
   * The order of one key column, the order {@link ExportValues#compareText} gives its text: a
   * uuid orders by its bytes, which is the order of its hex text.
   */
  private static String orderBy(Column column) {
    String quoted = SchemaCatalog.quote(column.name());
    if (column.array()) {
      return quoted + "::text collate \"C\"";
    }
    if ("uuid".equals(column.baseType())) {
      return quoted;
    }
    if (List.of("text", "varchar", "bpchar").contains(column.baseType())) {
      return quoted + " collate \"C\"";
    }
    return ExportValues.select(column, quoted) + "::text collate \"C\"";
  }

  private static String rowKey(String[] names, Object[] values, int[] keyIndexes) {
    StringBuilder key = new StringBuilder();
    for (int index : keyIndexes) {
      key.append(key.length() == 0 ? "" : ", ").append(names[index]).append(' ').append(values[index]);
    }
    return key.toString();
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("key column " + name + " is not a column");
  }
}
