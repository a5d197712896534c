package io.tenantseed.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Field;

/**
 * One row of a {@link TenantGraph}: its table, the path of the entity it describes (for ids,
 * drawn values and messages), and the values of the columns the graph sets, in the order they
 * were set. A column the row does not set is not there at all: the writer leaves it out, so
 * the database gives it its DEFAULT (or a value drawn from its type, for a NOT NULL column
 * without one). An explicit null is a value.
 *
 * <pre>
 * Row asset = graph.asset(17);
 * asset.table();                          // "assets"
 * asset.get(ASSETS.ASSET_NAME);           // "vm-prod-017", typed by the jOOQ field
 * asset.get("data_source");               // a column set with a.set("data_source", "import")
 * asset.has("ai_summary_text");           // false: the database's DEFAULT applies
 * </pre>
 *
 * <p>Immutable: values are immutable types (String, UUID, numbers, java.time, {@code JSONB},
 * {@code Inet}); an array value is copied on the way in and on the way out. Thread-safe.
 */
public final class Row {

  private final String table;
  private final String path;
  private final String[] columns;
  private final Object[] values;

  /**
   * A row whose {@code columns} (shared between rows of the same shape, never changed) hold
   * {@code values}; the values array becomes the row's own.
   */
  Row(String table, String path, String[] columns, Object[] values) {
    if (columns.length != values.length) {
      throw new IllegalArgumentException(columns.length + " columns but " + values.length + " values");
    }
    this.table = table;
    this.path = path;
    this.columns = columns;
    for (int i = 0; i < values.length; i++) {
      values[i] = copyIfArray(values[i]);
    }
    this.values = values;
  }

  /** A row of {@code table} at {@code path} holding {@code values} (column to value, in order). */
  public static Row of(String table, String path, Map<String, ?> values) {
    Objects.requireNonNull(table, "table");
    String[] columns = values.keySet().toArray(String[]::new);
    Object[] normalized = values.values().stream().map(ColumnValues::normalize).toArray();
    return new Row(table, path == null ? "" : path, columns, normalized);
  }

  /** The table's name, without its schema. */
  public String table() {
    return table;
  }

  /** Where in the graph this row comes from, e.g. {@code engagement/cloud/asset/17}; empty for the tenant's own row. */
  public String path() {
    return path;
  }

  /** The columns this row sets, in the order they were set. */
  public List<String> columns() {
    return Collections.unmodifiableList(Arrays.asList(columns));
  }

  /** The same column names array as other rows of this shape: for writers that group rows by shape. */
  String[] shape() {
    return columns;
  }

  public int size() {
    return columns.length;
  }

  /** The name of column {@code index} of {@link #columns()}. */
  public String column(int index) {
    return columns[index];
  }

  /** The value of column {@code index} of {@link #columns()}. */
  public Object value(int index) {
    return copyIfArray(values[index]);
  }

  /** Whether the row sets {@code column} (to a value or to null). */
  public boolean has(String column) {
    return indexOf(column) >= 0;
  }

  /** The value of {@code column}, or null when the row sets it to null or does not set it (see {@link #has}). */
  public Object get(String column) {
    int index = indexOf(column);
    return index < 0 ? null : copyIfArray(values[index]);
  }

  /** The value of {@code field}'s column, converted to the field's type; null if unset. */
  public <T> T get(Field<T> field) {
    return field.getDataType().convert(get(field.getName()));
  }

  /**
   * A new record of {@code table}'s generated class holding this row's values of the columns
   * that class knows (a detached copy: changing it changes nothing in the graph).
   *
   * @throws IllegalArgumentException if the row is not of {@code table}
   */
  public <R extends org.jooq.TableRecord<R>> R into(org.jooq.Table<R> table) {
    if (!table.getName().equals(this.table)) {
      throw new IllegalArgumentException("a row of " + this.table + ", not of " + table.getName());
    }
    R record = Records.create(table);
    for (int i = 0; i < columns.length; i++) {
      @SuppressWarnings("unchecked")
      Field<Object> field = (Field<Object>) table.field(columns[i]);
      if (field != null) {
        record.set(field, field.getDataType().convert(copyIfArray(values[i])));
      }
    }
    record.changed(false);
    return record;
  }

  /** The values, column to value, in the order of {@link #columns()}: a copy. */
  public Map<String, Object> values() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < columns.length; i++) {
      map.put(columns[i], copyIfArray(values[i]));
    }
    return Collections.unmodifiableMap(map);
  }

  /** This row with {@code column} set to {@code value} (replaced if set, else appended). */
  Row with(String column, Object value) {
    int index = indexOf(column);
    if (index >= 0) {
      Object[] copy = values.clone();
      copy[index] = value;
      return new Row(table, path, columns, copy);
    }
    String[] names = Arrays.copyOf(columns, columns.length + 1);
    names[columns.length] = column;
    Object[] copy = Arrays.copyOf(values, values.length + 1);
    copy[values.length] = value;
    return new Row(table, path, names, copy);
  }

  /** This row with the values of {@code extra} set over its own. */
  Row withAll(Map<String, Object> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<String> names = new ArrayList<>(Arrays.asList(columns));
    List<Object> copy = new ArrayList<>(Arrays.asList(values));
    extra.forEach((column, value) -> {
      int index = names.indexOf(column);
      if (index >= 0) {
        copy.set(index, value);
      } else {
        names.add(column);
        copy.add(value);
      }
    });
    return new Row(table, path, names.toArray(String[]::new), copy.toArray());
  }

  private int indexOf(String column) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** A copy of an array value, nested arrays included; other values are immutable. */
  private static Object copyIfArray(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (!(value instanceof Object[] array)) {
      return value;
    }
    Object[] copy = array.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copyIfArray(copy[i]);
    }
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row row && table.equals(row.table) && path.equals(row.path)
        && Arrays.equals(columns, row.columns) && Arrays.deepEquals(values, row.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, path, Arrays.asList(columns), Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(table).append(path.isEmpty() ? "" : " " + path).append(" {");
    for (int i = 0; i < columns.length; i++) {
      text.append(i == 0 ? "" : ", ").append(columns[i]).append('=')
          .append(values[i] instanceof Object[] array ? Arrays.toString(array) : values[i]);
    }
    return text.append('}').toString();
  }
}
