package io.tenantseed.seed;

import io.tenantseed.graph.Row;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the rows of one table: multi-row INSERTs, or a COPY stream for large tables. The
 * column list of each statement is the {@link RowShapes.Shape shape} of its rows (the columns
 * they set, then the required columns they leave out, drawn): rows come in runs of one shape,
 * and a change of shape starts a new statement or COPY. Every value travels in PostgreSQL's
 * text form ({@link TextValues}), cast in an INSERT to the column's type as the catalog
 * reports it (a varchar or char without its length: too long a value is refused on both paths,
 * never truncated), so both paths share one encoding. The SQL text is built only from the
 * catalog's names and types, never from values.
 *
 * <pre>
 * TableWriter writer = new TableWriter(catalog, shapes);
 * long written = writer.write(connection, "assets", graph.rows("assets"), true, rows -&gt; { });
 * </pre>
 *
 * <p>Not thread-safe: one per seed (its shapes are).
 */
final class TableWriter {

  /** Rows per INSERT statement (and never more than PostgreSQL's 65535 parameters). */
  static final int ROWS_PER_INSERT = 1_000;
  /** Bytes buffered before they are sent to COPY. */
  private static final int COPY_BUFFER = 256 * 1024;
  /** Rows between two progress reports on large tables. */
  private static final int PROGRESS_EVERY = 10_000;

  private final SchemaCatalog catalog;
  private final RowShapes shapes;

  TableWriter(SchemaCatalog catalog, RowShapes shapes) {
    this.catalog = catalog;
    this.shapes = shapes;
  }

  /** Rows of one shape that go into one INSERT. */
  record Chunk(RowShapes.Shape shape, List<Row> rows) {}

  /** Writes {@code rows} (of {@code table}), through COPY when {@code large} and row-level security allows it. */
  long write(Connection connection, String table, Stream<Row> rows, boolean large, LongConsumer progress)
      throws SQLException {
    try (rows) {
      if (large && !rowSecurityActive(connection, table)) {
        return copy(connection, table, rows.iterator(), progress);
      }
      return insert(connection, table, rows.iterator(), progress);
    }
  }

  private long insert(Connection connection, String table, Iterator<Row> rows, LongConsumer progress)
      throws SQLException {
    long written = 0;
    long reported = 0;
    for (Iterator<Chunk> chunks = chunks(rows); chunks.hasNext(); ) {
      written += insertChunk(connection, chunks.next());
      if (written - reported >= PROGRESS_EVERY || !chunks.hasNext()) {
        progress.accept(written);
        reported = written;
      }
    }
    return written;
  }

  private long insertChunk(Connection connection, Chunk chunk) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insertSql(chunk))) {
      bind(statement, 1, chunk);
      return statement.executeUpdate();
    }
  }

  /** {@code rows} in runs of one shape, each cut to what one INSERT takes. */
  Iterator<Chunk> chunks(Iterator<Row> rows) {
    return new Iterator<>() {
      private Row next = rows.hasNext() ? rows.next() : null;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Chunk next() {
        RowShapes.Shape shape = shapes.of(next);
        int limit = rowsPerInsert(shape.width());
        List<Row> run = new ArrayList<>(Math.min(limit, 64));
        do {
          run.add(next);
          next = rows.hasNext() ? rows.next() : null;
        } while (next != null && run.size() < limit && shape.fits(next));
        return new Chunk(shape, run);
      }
    };
  }

  /** The most rows one INSERT of {@code width} columns takes (PostgreSQL allows 65535 parameters). */
  static int rowsPerInsert(int width) {
    return width == 0 ? 1 : Math.min(ROWS_PER_INSERT, 65_535 / width);
  }

  /** One multi-row INSERT of the rows of {@code chunk}, its values cast to the catalog's column types. */
  String insertSql(Chunk chunk) {
    RowShapes.Shape shape = chunk.shape();
    if (shape.width() == 0) {
      return "insert into " + identifier(shape.table()) + " default values"; // every column fills itself
    }
    String row = types(shape.columns()).stream().map(type -> "?::" + type).collect(Collectors.joining(", ", "(", ")"));
    return "insert into " + identifier(shape.table()) + " " + columns(shape.names()) + " values "
        + String.join(", ", Collections.nCopies(chunk.rows().size(), row));
  }

  /** Binds the values of {@code chunk} from {@code parameter} on; returns the next. */
  static int bind(PreparedStatement statement, int parameter, Chunk chunk) throws SQLException {
    RowShapes.Shape shape = chunk.shape();
    int width = shape.width();
    for (Row row : chunk.rows()) {
      for (int i = 0; i < width; i++) {
        String text = shape.text(row, i);
        if (text == null) {
          statement.setNull(parameter++, Types.VARCHAR);
        } else {
          statement.setString(parameter++, text);
        }
      }
    }
    return parameter;
  }

  /** Binds the values of {@code chunk} to a part of a round trip, from its first parameter. */
  static void bind(io.tenantseed.internal.RoundTrip.Parameters parameters, Chunk chunk) throws SQLException {
    RowShapes.Shape shape = chunk.shape();
    int width = shape.width();
    int parameter = 1;
    for (Row row : chunk.rows()) {
      for (int i = 0; i < width; i++) {
        parameters.setString(parameter++, shape.text(row, i));
      }
    }
  }

  /** One COPY per run of one shape: its column list is the shape's. */
  private long copy(Connection connection, String table, Iterator<Row> rows, LongConsumer progress)
      throws SQLException {
    long written = 0;
    Row first = rows.hasNext() ? rows.next() : null;
    while (first != null) {
      RowShapes.Shape shape = shapes.of(first);
      if (shape.width() == 0) {
        written += insertChunk(connection, new Chunk(shape, List.of(first)));
        first = rows.hasNext() ? rows.next() : null;
        continue;
      }
      Run run = copyRun(connection, shape, first, rows, written, progress);
      written += run.written();
      first = run.next();
    }
    progress.accept(written);
    return written;
  }

  /** What a COPY of one run wrote, and the first row of the next run (null at the end). */
  private record Run(long written, Row next) {}

  private Run copyRun(Connection connection, RowShapes.Shape shape, Row first, Iterator<Row> rows, long before,
      LongConsumer progress) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("copy " + identifier(shape.table()) + " " + columns(shape.names()) + " from stdin");
    long sent = before;
    try {
      StringBuilder line = new StringBuilder(512);
      byte[] buffer = new byte[COPY_BUFFER];
      int used = 0;
      int width = shape.width();
      Row row = first;
      while (row != null && shape.fits(row)) {
        line.setLength(0);
        for (int i = 0; i < width; i++) {
          if (i > 0) {
            line.append('\t');
          }
          TextValues.copyText(shape.text(row, i), line);
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
        row = rows.hasNext() ? rows.next() : null;
        // Not after the run's last row: those are reported once the server has taken them all.
        if (++sent % PROGRESS_EVERY == 0 && row != null && shape.fits(row)) {
          progress.accept(sent);
        }
      }
      if (used > 0) {
        copy.writeToCopy(buffer, 0, used);
      }
      return new Run(copy.endCopy(), row);
    } catch (SQLException e) {
      // The server reads a COPY as it comes, but its refusal of one line is read only later,
      // usually at the end, after every row was sent and reported: report what it took before
      // that line. Where the error names no line (a foreign key checked after the input), only
      // the statements before this one are known to have been taken.
      long accepted = Math.min(before + CopyFailure.acceptedLines(e).orElse(0), sent);
      try {
        progress.accept(accepted);
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure);
      }
      throw e;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private boolean rowSecurityActive(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select row_security_active(cast(? as regclass))")) {
      statement.setString(1, identifier(table));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /**
   * The {@link Column#castType() cast type} of each of {@code columns}, in their order: what
   * each value is cast to (a varchar without its length, so that the assignment refuses a
   * value too long, as COPY does, rather than the cast truncating it).
   */
  static List<String> types(List<Column> columns) {
    return columns.stream().map(Column::castType).toList();
  }

  private String identifier(String table) {
    return quote(catalog.schema) + "." + quote(table);
  }

  private static String columns(List<String> names) {
    return names.stream().map(TableWriter::quote).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
