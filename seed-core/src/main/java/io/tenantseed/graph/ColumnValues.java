package io.tenantseed.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.schema.migration.Migration;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.exception.DataTypeException;
import org.jooq.postgres.extensions.types.Inet;

/**
 * The columns a builder's user set by name ({@code set("data_source", "import")}), applied
 * over the builder's own values when it builds its row. A column the generated schema classes
 * know is converted to its type when the row is built, so an impossible value is refused
 * there, naming the entity and the column; any other column is checked against the live
 * catalog when the graph is seeded. Columns the scope sets by construction (the tenant and
 * engagement columns) and the builder's id are refused here, naming what sets them.
 */
final class ColumnValues {

  private final String table;
  private final Map<String, String> reserved;
  private final Map<String, Object> values = new LinkedHashMap<>();
  /** The first thing wrong with what was set, raised when the row is built, where its path is known. */
  private String problem;

  /**
   * @param reserved columns that may not be set by name, each with what sets it instead
   *     (e.g. {@code "id" -> "id(...)"})
   */
  ColumnValues(String table, Map<String, String> reserved) {
    this.table = table;
    this.reserved = reserved;
  }

  void set(String column, Object value) {
    Objects.requireNonNull(column, "column");
    String instead = reserved.get(column);
    if (instead != null) {
      refuse("column " + column + " of " + table + " is set by " + instead + ", not by set(...)");
      return;
    }
    try {
      values.put(column, normalize(value));
    } catch (IllegalArgumentException e) {
      refuse("column " + column + " of " + table + ": " + e.getMessage());
    }
  }

  <T> void set(Field<T> field, T value) {
    Objects.requireNonNull(field, "field");
    Table<?> known = knownTable(table);
    Table<?> owner = field instanceof org.jooq.TableField<?, ?> tableField ? tableField.getTable() : null;
    if (owner != null && !owner.getName().equals(table) || known != null && known.field(field.getName()) == null) {
      refuse("column " + (owner == null ? "" : owner.getName() + ".") + field.getName() + " is not a column of "
          + table);
      return;
    }
    set(field.getName(), value);
  }

  private void refuse(String what) {
    if (problem == null) {
      problem = what;
    }
  }

  /** Raises the first problem of what was set, naming the entity at {@code scope}. */
  void check(Scope scope) {
    if (problem != null) {
      throw scope.invalid(problem);
    }
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** {@code row} with these values over its own; values of columns the schema classes know converted to their type. */
  Row applyTo(Row row, Scope scope) {
    check(scope);
    if (values.isEmpty()) {
      return row;
    }
    return row.withAll(converted(scope));
  }

  /** These values as a row of their own (a generic row). */
  Map<String, Object> converted(Scope scope) {
    check(scope);
    Table<?> known = knownTable(table);
    Map<String, Object> converted = new LinkedHashMap<>();
    values.forEach((column, value) -> {
      Field<?> field = known == null ? null : known.field(column);
      converted.put(column, field == null ? value : convert(field, value, scope));
    });
    return converted;
  }

  /** The generated class of {@code table}, or null for a table the migrations of this build did not have. */
  static Table<?> knownTable(String table) {
    return Migration.MIGRATION.getTable(table);
  }

  private Object convert(Field<?> field, Object value, Scope scope) {
    if (value == null) {
      return null;
    }
    Class<?> type = field.getType();
    if (type.isInstance(value)) {
      return value;
    }
    try {
      if (type == Inet.class && value instanceof CharSequence text) {
        return CanonicalImport.inet(text.toString());
      }
      if (type == JSONB.class && value instanceof Object[] array) {
        return Json.jsonb(Json.tree(List.of(array)));
      }
      Object converted = field.getDataType().convert(value);
      if (converted == null) {
        throw new DataTypeException("no conversion");
      }
      return converted;
    } catch (DataTypeException | IllegalArgumentException e) {
      throw scope.invalid("column " + field.getName() + " of " + table + " cannot take the value " + describe(value)
          + " (it is of type " + field.getDataType().getTypeName() + ")");
    }
  }

  private static String describe(Object value) {
    String text = value instanceof Object[] array ? java.util.Arrays.toString(array) : String.valueOf(value);
    return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "' (" + value.getClass().getSimpleName() + ")";
  }

  /**
   * A value as a row holds it: immutable, and in the form the writer and the export know.
   * Lists become arrays, maps and JSON trees become jsonb, floating-point numbers exact
   * decimals, instants UTC timestamps, enum constants their names.
   */
  static Object normalize(Object value) {
    if (value == null || value instanceof String || value instanceof java.util.UUID || value instanceof Boolean
        || value instanceof BigDecimal || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof java.math.BigInteger || value instanceof java.time.LocalDate
        || value instanceof java.time.LocalDateTime || value instanceof OffsetDateTime
        || value instanceof java.time.LocalTime || value instanceof java.time.OffsetTime || value instanceof JSONB
        || value instanceof Inet) {
      return value;
    }
    if (value instanceof Byte number) {
      return number.shortValue();
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof java.time.ZonedDateTime zoned) {
      return zoned.toOffsetDateTime();
    }
    if (value instanceof int[] || value instanceof long[] || value instanceof short[] || value instanceof double[]
        || value instanceof float[] || value instanceof boolean[] || value instanceof char[]) {
      int length = java.lang.reflect.Array.getLength(value);
      Object[] boxed = new Object[length];
      for (int i = 0; i < length; i++) {
        boxed[i] = normalize(java.lang.reflect.Array.get(value, i));
      }
      return boxed;
    }
    if ((value instanceof Double number && !Double.isFinite(number))
        || (value instanceof Float single && !Float.isFinite(single))) {
      return value.toString(); // NaN, Infinity: what a numeric or float column takes as text
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ColumnValues::normalize).toArray();
    }
    if (value instanceof Object[] array) {
      Object[] copy = new Object[array.length];
      for (int i = 0; i < array.length; i++) {
        copy[i] = normalize(array[i]);
      }
      return copy;
    }
    if (value instanceof Map<?, ?> || value instanceof JsonNode) {
      return Json.jsonb(Json.tree(value));
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.toString());
    }
    if (value instanceof Instant instant) {
      return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return value.toString(); // a StringBuilder would stay mutable inside the row
    }
    throw new IllegalArgumentException("cannot take a value of type " + value.getClass().getName()
        + " (give a String, a number, a Boolean, a UUID, a java.time value, a List or array, a Map or JSON tree)");
  }
}
