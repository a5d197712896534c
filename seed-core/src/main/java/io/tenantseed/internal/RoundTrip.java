package io.tenantseed.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Several SQL statements sent to PostgreSQL in one round trip, each a part with its own SQL,
 * its own parameters (numbered from 1 within the part) and its own result, read back by the
 * part's handle rather than by counting results and parameters across the whole text.
 *
 * <pre>
 * RoundTrip trip = new RoundTrip();
 * trip.statement("set transaction isolation level read committed");
 * RoundTrip.Part&lt;Long&gt; assets = trip.query("select count(*) from migration.assets where client_account_id = ?",
 *     parameters -&gt; parameters.setObject(1, tenantId), result -&gt; result.next() ? result.getLong(1) : 0L);
 * RoundTrip.Part&lt;Integer&gt; unregistered = trip.statement("delete from seed_meta.tenants where tenant_id = ?",
 *     parameters -&gt; parameters.setObject(1, tenantId));
 * trip.execute(connection);
 * long rows = assets.value();
 * int registryRows = unregistered.value();
 * </pre>
 *
 * <p>The parts run in the order they were added and reach the server together, as one
 * multi-statement text with a single sync: the server stops at the first that fails, the
 * driver reports that failure from {@link #execute}, and with auto-commit on they share one
 * implicit transaction. A binder must set each of its part's parameters (the {@code ?} outside
 * quotes and comments), no more, no fewer. Not thread-safe; runs once.
 */
public final class RoundTrip {

  /** Sets one part's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(Parameters parameters) throws SQLException;
  }

  /** Reads one part's rows (the result set before its first row) into its value. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(ResultSet result) throws SQLException;
  }

  private static final Binder NONE = parameters -> {};

  private final List<Part<?>> parts = new ArrayList<>();
  private boolean executed;

  /** A statement without parameters: a setting, a commit. Its value is its update count (null if it returns rows). */
  public Part<Integer> statement(String sql) {
    return add(new Part<>(sql, NONE, null));
  }

  /** A statement whose value is its update count (null if it returns rows, which are not read). */
  public Part<Integer> statement(String sql, Binder binder) {
    return add(new Part<>(sql, binder, null));
  }

  /** A query whose value is what {@code reader} makes of its rows. */
  public <T> Part<T> query(String sql, Binder binder, Reader<T> reader) {
    return add(new Part<>(sql, binder, Objects.requireNonNull(reader, "reader")));
  }

  private <P extends Part<?>> P add(P part) {
    if (executed) {
      throw new IllegalStateException("the round trip has run already; a part cannot be added");
    }
    parts.add(part);
    return part;
  }

  /** Sends every part in one round trip and reads each part's result into its value. */
  public void execute(Connection connection) throws SQLException {
    if (executed) {
      throw new IllegalStateException("the round trip has run already");
    }
    if (parts.isEmpty()) {
      throw new IllegalStateException("the round trip has no part");
    }
    executed = true;
    try (PreparedStatement statement = connection.prepareStatement(text())) {
      int offset = 0;
      for (Part<?> part : parts) {
        Parameters parameters = new Parameters(statement, offset, part);
        part.binder.bind(parameters);
        parameters.requireAllSet();
        offset += part.placeholders;
      }
      boolean rows = statement.execute();
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          rows = statement.getMoreResults();
        }
        parts.get(i).read(statement, rows);
      }
    }
  }

  /** The parts' SQL, each checked where it was given (statement and query take SQL text). */
  private String text() {
    return parts.stream().map(part -> part.sql).collect(Collectors.joining(";\n"));
  }

  /**
   * One statement of a round trip: its value is there once the round trip has run.
   *
   * @param <T> what its result becomes
   */
  public static final class Part<T> {

    private final String sql;
    private final int placeholders;
    private final Binder binder;
    private final Reader<T> reader;
    private T value;
    private boolean read;

    private Part(String sql, Binder binder, Reader<T> reader) {
      this.sql = Objects.requireNonNull(sql, "sql");
      this.placeholders = placeholders(sql);
      this.binder = Objects.requireNonNull(binder, "binder");
      this.reader = reader;
    }

    /** Its result: the reader's value for a query, else the update count (null where it returned rows). */
    public T value() {
      if (!read) {
        throw new IllegalStateException("the round trip of this part has not run: " + start(sql));
      }
      return value;
    }

    @SuppressWarnings("unchecked") // without a reader, T is Integer (see statement)
    private void read(PreparedStatement statement, boolean rows) throws SQLException {
      if (reader == null) {
        value = rows ? null : (T) Integer.valueOf(statement.getUpdateCount());
      } else {
        if (!rows) {
          throw new IllegalStateException("a query part returned no rows: " + start(sql));
        }
        try (ResultSet result = statement.getResultSet()) {
          value = reader.read(result);
        }
      }
      read = true;
    }
  }

  /** One part's parameters, numbered from 1 within the part. */
  public static final class Parameters {

    private final PreparedStatement statement;
    private final int offset;
    private final Part<?> part;
    private final BitSet set = new BitSet();

    private Parameters(PreparedStatement statement, int offset, Part<?> part) {
      this.statement = statement;
      this.offset = offset;
      this.part = part;
    }

    public void setObject(int index, Object value) throws SQLException {
      statement.setObject(at(index), value);
    }

    public void setString(int index, String value) throws SQLException {
      statement.setString(at(index), value);
    }

    public void setInt(int index, int value) throws SQLException {
      statement.setInt(at(index), value);
    }

    public void setBoolean(int index, boolean value) throws SQLException {
      statement.setBoolean(at(index), value);
    }

    /** An array of the SQL element type {@code type} ({@code uuid}, {@code text}, {@code int4}). */
    public void setArray(int index, String type, Collection<?> values) throws SQLException {
      statement.setArray(at(index), statement.getConnection().createArrayOf(type, values.toArray()));
    }

    /** An array made once and bound to several parameters. */
    public void setArray(int index, java.sql.Array value) throws SQLException {
      statement.setArray(at(index), value);
    }

    private int at(int index) {
      if (index < 1 || index > part.placeholders) {
        throw new IllegalArgumentException("parameter " + index + " of a part with " + part.placeholders
            + ": " + start(part.sql));
      }
      set.set(index);
      return offset + index;
    }

    private void requireAllSet() {
      if (set.cardinality() != part.placeholders) {
        throw new IllegalStateException("a part's binder set " + set.cardinality() + " of its " + part.placeholders
            + " parameters: " + start(part.sql));
      }
    }
  }

  /**
   * The {@code ?} placeholders of {@code sql} as the driver counts them: outside quoted
   * literals and identifiers and comments, {@code ??} being an escaped question mark.
   */
  static int placeholders(String sql) {
    int count = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        i = end < 0 ? sql.length() : end;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == '?') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '?') {
          i++;
        } else {
          count++;
        }
      }
    }
    return count;
  }

  private static String start(String sql) {
    String line = sql.strip().replaceAll("\\s+", " ");
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
