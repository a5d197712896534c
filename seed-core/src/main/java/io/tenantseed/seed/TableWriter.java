package io.tenantseed.seed;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the rows of one table: multi-row INSERTs, or a COPY stream for large tables. Every
 * value travels in PostgreSQL's text form ({@link TextValues}) and is cast to the column's
 * type as the catalog reports it, so both paths share one encoding. The SQL text is built
 * only from the generated schema classes and the catalog, never from values. Values are read
 * by position: the records are the table's own, whose fields are {@code table.fields()} in
 * order (looking each field up by name costs more than writing it).
 */
final class TableWriter {

  /** Rows per INSERT statement (and never more than PostgreSQL's 65535 parameters). */
  private static final int ROWS_PER_INSERT = 1_000;
  /** Bytes buffered before they are sent to COPY. */
  private static final int COPY_BUFFER = 256 * 1024;
  /** Rows between two progress reports on large tables. */
  private static final int PROGRESS_EVERY = 10_000;

  /** Column types per table, read once from the catalog, in the order of the schema class's fields. */
  private final Map<String, List<String>> columnTypes = new ConcurrentHashMap<>();
  /** Column types per table and column name, as the catalog lists them, for every table of the schemas read. */
  private final Map<String, Map<String, String>> columnsByName = new ConcurrentHashMap<>();

  static String qualified(Table<?> table) {
    return table.getSchema().getName() + "." + table.getName();
  }

  long write(Connection connection, Table<?> table, Stream<? extends TableRecord<?>> rows, boolean large,
      LongConsumer progress) throws SQLException {
    try (rows) {
      if (large && !rowSecurityActive(connection, table)) {
        return copy(connection, table, rows.iterator(), progress);
      }
      return insert(connection, table, rows.iterator(), progress);
    }
  }

  private long insert(Connection connection, Table<?> table, Iterator<? extends TableRecord<?>> rows,
      LongConsumer progress) throws SQLException {
    Field<?>[] fields = table.fields();
    List<String> types = types(connection, table);
    int perStatement = rowsPerInsert(table);
    List<TableRecord<?>> chunk = new ArrayList<>(Math.min(perStatement, 64));
    long written = 0;
    long reported = 0;
    while (rows.hasNext()) {
      chunk.add(rows.next());
      if (chunk.size() == perStatement || !rows.hasNext()) {
        written += insertChunk(connection, table, fields, types, chunk);
        chunk.clear();
        if (written - reported >= PROGRESS_EVERY || !rows.hasNext()) {
          progress.accept(written);
          reported = written;
        }
      }
    }
    return written;
  }

  private static int insertChunk(Connection connection, Table<?> table, Field<?>[] fields, List<String> types,
      List<TableRecord<?>> chunk) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insertSql(table, types, chunk.size()))) {
      bind(statement, 1, fields.length, chunk);
      return statement.executeUpdate();
    }
  }

  /** The most rows one INSERT of {@code table} takes (PostgreSQL allows 65535 parameters). */
  static int rowsPerInsert(Table<?> table) {
    return Math.min(ROWS_PER_INSERT, 65_535 / table.fields().length);
  }

  /** One multi-row INSERT of {@code rows} rows of {@code table}, its values cast to the catalog's column types. */
  String insertSql(Connection connection, Table<?> table, int rows) throws SQLException {
    return insertSql(table, types(connection, table), rows);
  }

  private static String insertSql(Table<?> table, List<String> types, int rows) {
    String row = types.stream().map(type -> "?::" + type).collect(Collectors.joining(", ", "(", ")"));
    return "insert into " + identifier(table) + " " + columns(table.fields()) + " values "
        + String.join(", ", java.util.Collections.nCopies(rows, row));
  }

  /** Binds the values of {@code rows} (records of one table of {@code columns} fields) from {@code parameter} on; returns the next. */
  static int bind(PreparedStatement statement, int parameter, int columns, List<? extends TableRecord<?>> rows)
      throws SQLException {
    for (TableRecord<?> record : rows) {
      for (int i = 0; i < columns; i++) {
        String text = TextValues.text(record.get(i));
        if (text == null) {
          statement.setNull(parameter++, Types.VARCHAR);
        } else {
          statement.setString(parameter++, text);
        }
      }
    }
    return parameter;
  }

  private long copy(Connection connection, Table<?> table, Iterator<? extends TableRecord<?>> rows,
      LongConsumer progress) throws SQLException {
    Field<?>[] fields = table.fields();
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("copy " + identifier(table) + " " + columns(fields) + " from stdin");
    try {
      StringBuilder line = new StringBuilder(512);
      byte[] buffer = new byte[COPY_BUFFER];
      int used = 0;
      long rowsSent = 0;
      while (rows.hasNext()) {
        TableRecord<?> record = rows.next();
        line.setLength(0);
        for (int i = 0; i < fields.length; i++) {
          if (i > 0) {
            line.append('\t');
          }
          TextValues.copyField(record.get(i), line);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (used + bytes.length > buffer.length) {
          copy.writeToCopy(buffer, 0, used);
          used = 0;
        }
        if (bytes.length > buffer.length) {
          copy.writeToCopy(bytes, 0, bytes.length);
        } else {
          System.arraycopy(bytes, 0, buffer, used, bytes.length);
          used += bytes.length;
        }
        if (++rowsSent % PROGRESS_EVERY == 0) {
          progress.accept(rowsSent);
        }
      }
      if (used > 0) {
        copy.writeToCopy(buffer, 0, used);
      }
      long written = copy.endCopy();
      progress.accept(written);
      return written;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static boolean rowSecurityActive(Connection connection, Table<?> table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select row_security_active(cast(? as regclass))")) {
      statement.setString(1, identifier(table));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /**
   * The catalog's type of each column of {@code table}, in the order of the schema class's
   * fields. Read once per writer, for every table of the table's schema in one query.
   */
  private List<String> types(Connection connection, Table<?> table) throws SQLException {
    String key = qualified(table);
    List<String> types = columnTypes.get(key);
    if (types != null) {
      return types;
    }
    Map<String, String> byName = columnsByName.get(key);
    if (byName == null) {
      readSchema(connection, table.getSchema().getName());
      byName = columnsByName.getOrDefault(key, Map.of());
    }
    List<String> ordered = new ArrayList<>();
    for (Field<?> field : table.fields()) {
      String type = byName.get(field.getName());
      if (type == null) {
        throw new SQLException("column " + field.getName() + " of " + key + " does not exist in the database: "
            + "is its schema migrated?", "42703");
      }
      ordered.add(type);
    }
    columnTypes.put(key, List.copyOf(ordered));
    return ordered;
  }

  /** Every column type of every table of {@code schema}, into {@link #columnsByName}. */
  private void readSchema(Connection connection, String schema) throws SQLException {
    Map<String, Map<String, String>> bySchemaTable = new java.util.HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
          from pg_catalog.pg_attribute a
          join pg_catalog.pg_class c on c.oid = a.attrelid
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = ? and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped""")) {
      statement.setString(1, schema);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          bySchemaTable.computeIfAbsent(schema + "." + result.getString(1), t -> new java.util.HashMap<>())
              .put(result.getString(2), result.getString(3));
        }
      }
    }
    columnsByName.putAll(bySchemaTable);
  }

  private static String identifier(Table<?> table) {
    return quote(table.getSchema().getName()) + "." + quote(table.getName());
  }

  private static String columns(Field<?>[] fields) {
    return Stream.of(fields).map(field -> quote(field.getName())).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
