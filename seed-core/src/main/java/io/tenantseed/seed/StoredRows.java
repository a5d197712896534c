package io.tenantseed.seed;

import io.tenantseed.graph.Row;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Whether the rows stored under a tenant id are a graph's: the same number of rows in every
 * tenant table of the catalog (counted first, in one query, so that a large tenant is never
 * read when the counts already differ), then, in a second query, every row of the graph
 * found by its primary key with the same value in each column the row sets. The values are
 * compared by the database, each cast to its column's type: canonically by type (a numeric at
 * its column's scale, jsonb whatever its key order, a timestamp whatever its offset), as the
 * canonical export prints them; a type without an equality (point, xml) by its output text. A column a row leaves out (its DEFAULT, a drawn value) is not
 * compared.
 *
 * <pre>
 * if (StoredRows.equal(connection, catalog, graph)) { ... }   // the stored tenant is the graph
 * </pre>
 *
 * <p>A graph whose rows do not all set their table's primary key cannot be matched row by
 * row, and never equals what is stored. Runs inside the caller's transaction. Stateless.
 */
final class StoredRows {

  private StoredRows() {}

  static boolean equal(Connection connection, SchemaCatalog catalog, TenantGraph graph) throws SQLException {
    return countsEqual(connection, catalog, graph) && valuesEqual(connection, catalog, graph);
  }

  private static boolean countsEqual(Connection connection, SchemaCatalog catalog, TenantGraph graph)
      throws SQLException {
    List<String> tables = catalog.insertOrder();
    StringBuilder sql = new StringBuilder("select ");
    for (int i = 0; i < tables.size(); i++) {
      String table = tables.get(i);
      sql.append(i == 0 ? "" : ", ").append("(select count(*) from ").append(catalog.qualified(table))
          .append(" where ").append(SchemaCatalog.quote(catalog.tenantColumn(table))).append(" = ?::uuid)");
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 1; i <= tables.size(); i++) {
        statement.setString(i, graph.tenantId().toString());
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        for (int i = 0; i < tables.size(); i++) {
          if (result.getLong(i + 1) != graph.rowCount(tables.get(i))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** One scalar subquery per table and shape: how many of the graph's rows of that shape are stored as they are. */
  private static boolean valuesEqual(Connection connection, SchemaCatalog catalog, TenantGraph graph)
      throws SQLException {
    UUID tenant = graph.tenantId();
    List<String> parts = new ArrayList<>();
    List<List<String[]>> parameters = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (String table : graph.tables()) {
      Map<List<String>, List<Row>> byShape = new LinkedHashMap<>();
      try (Stream<Row> rows = graph.rows(table)) {
        rows.forEach(row -> byShape.computeIfAbsent(row.columns(), shape -> new ArrayList<>()).add(row));
      }
      for (Map.Entry<List<String>, List<Row>> run : byShape.entrySet()) {
        List<String> names = run.getKey();
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
          columns.add(catalog.column(table, name)); // the writer's check has seen every one
        }
        List<String> key = catalog.primaryKeys.get(table);
        if (key == null || !names.containsAll(key)) {
          return false; // its rows cannot be told apart by what the graph sets
        }
        parts.add(matching(catalog, table, names, columns));
        parameters.add(texts(run.getValue(), columns));
        expected.add(run.getValue().size());
      }
    }
    if (parts.isEmpty()) {
      return true;
    }
    try (PreparedStatement statement = connection.prepareStatement("select " + String.join(", ", parts))) {
      int parameter = 1;
      for (List<String[]> arrays : parameters) {
        for (String[] array : arrays) {
          statement.setArray(parameter++, connection.createArrayOf("text", array));
        }
        statement.setString(parameter++, tenant.toString());
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        for (int i = 0; i < expected.size(); i++) {
          if (result.getLong(i + 1) != expected.get(i)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * {@code (select count(*) from unnest(?::text[], ...) v(c0, ...) join t x on key = ...
   * where x.tenant = ?::uuid and x.a is not distinct from v.c0::type and ...)}. json has no
   * equality: its values are compared as jsonb; geometric types and xml by their text.
   */
  private static String matching(SchemaCatalog catalog, String table, List<String> names, List<Column> columns) {
    List<String> types = TableWriter.types(columns);
    List<String> keys = catalog.primaryKeys.getOrDefault(table, List.of());
    StringBuilder sql = new StringBuilder("(select count(*) from unnest(");
    StringBuilder aliases = new StringBuilder();
    StringBuilder join = new StringBuilder();
    StringBuilder same = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("?::text[]");
      aliases.append(i == 0 ? "" : ", ").append("c").append(i);
      boolean json = columns.get(i).baseType().equals("json") && !columns.get(i).array();
      // No = for these (point, xml), or one that is no equality (box = compares areas): their
      // output text, of the stored value and of the given one read by the type, is compared.
      String as = json ? "::jsonb" : withoutEquality(columns.get(i)) ? "::text" : "";
      String stored = "x." + SchemaCatalog.quote(names.get(i)) + as;
      String given = "v.c" + i + "::" + types.get(i) + as;
      if (keys.contains(names.get(i))) {
        join.append(join.length() == 0 ? "" : " and ").append(stored).append(" = ").append(given);
      } else {
        same.append(" and ").append(stored).append(" is not distinct from ").append(given);
      }
    }
    return sql.append(") v(").append(aliases).append(") join ").append(catalog.qualified(table)).append(" x on ")
        .append(join).append(" where x.").append(SchemaCatalog.quote(catalog.tenantColumn(table)))
        .append(" = ?::uuid").append(same).append(')').toString();
  }

  /** Whether values of {@code column} are compared by their text: geometric types and xml. */
  private static boolean withoutEquality(Column column) {
    return column.category() == 'G' || column.baseType().equals("xml");
  }

  /** Per column, the text of every row's value, in row order. */
  private static List<String[]> texts(List<Row> rows, List<Column> columns) {
    List<String[]> arrays = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String[] values = new String[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        values[r] = TextValues.text(rows.get(r).value(i), columns.get(i));
      }
      arrays.add(values);
    }
    return arrays;
  }
}
