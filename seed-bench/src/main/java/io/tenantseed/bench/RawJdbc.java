package io.tenantseed.bench;

import io.tenantseed.graph.TenantGraph;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.postgres.extensions.types.Inet;

/**
 * The baseline a user would write by hand: one prepared {@code INSERT} per table listing
 * every column, rows added with {@code addBatch}, one transaction, {@code app.client_id} set
 * for it. No framework, no bookkeeping, no checks.
 */
final class RawJdbc {

  private RawJdbc() {}

  /** Writes every row of {@code graph} on {@code connection} (auto-commit on) and commits. */
  static void insertTenant(Connection connection, TenantGraph graph) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement scope = connection.prepareStatement("SELECT set_config('app.client_id', ?, true)")) {
        scope.setString(1, graph.tenantId().toString());
        scope.execute();
      }
      for (String name : graph.tables()) {
        Table<?> table = io.tenantseed.schema.migration.Migration.MIGRATION.getTable(name);
        insert(connection, table, records(graph, table), Integer.MAX_VALUE);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** The graph's rows of {@code table} as records of its generated class, every column in the class's order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Stream<? extends TableRecord<?>> records(TenantGraph graph, Table<?> table) {
    return graph.rows(table).map(row -> (TableRecord<?>) row.into((Table) table));
  }

  /** Inserts {@code rows} into {@code table}, executing the batch every {@code batchSize} rows. */
  static long insert(Connection connection, Table<?> table, Stream<? extends TableRecord<?>> rows, int batchSize)
      throws SQLException {
    Field<?>[] fields = table.fields();
    try (PreparedStatement statement = connection.prepareStatement(sql(table, fields))) {
      long written = 0;
      int pending = 0;
      for (Iterator<? extends TableRecord<?>> it = rows.iterator(); it.hasNext(); ) {
        TableRecord<?> row = it.next();
        for (int i = 0; i < fields.length; i++) {
          bind(connection, statement, i + 1, row.get(i));
        }
        statement.addBatch();
        written++;
        if (++pending == batchSize) {
          statement.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        statement.executeBatch();
      }
      return written;
    }
  }

  private static String sql(Table<?> table, Field<?>[] fields) {
    StringJoiner columns = new StringJoiner(", ");
    StringJoiner values = new StringJoiner(", ");
    for (Field<?> field : fields) {
      columns.add(field.getName());
      values.add(field.getType() == JSONB.class ? "?::jsonb" : field.getType() == Inet.class ? "?::inet" : "?");
    }
    return "INSERT INTO migration." + table.getName() + " (" + columns + ") VALUES (" + values + ")";
  }

  private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value instanceof JSONB json) {
      statement.setString(index, json.data());
    } else if (value instanceof Inet inet) {
      statement.setString(index, inet.address().getHostAddress());
    } else if (value instanceof String[] array) {
      statement.setArray(index, connection.createArrayOf("text", array));
    } else {
      statement.setObject(index, value);
    }
  }
}
