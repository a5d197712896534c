package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.internal.Column;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jooq.EnumType;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Inet;

/**
 * How the export prints one value. The database side first reads a value into the Java type a
 * graph holds for it ({@link #reader(Column)}), then both sides print it with
 * {@link #write}: one printer, so a graph and the database it was seeded into export the same
 * bytes.
 *
 * <pre>
 * ExportValues.write(generator, new BigDecimal("4.5"), 2);            // 4.50
 * ExportValues.write(generator, OffsetDateTime.parse("2025-01-20T13:00+01:00"), -1); // "2025-01-20T12:00:00Z"
 * </pre>
 */
final class ExportValues {

  private ExportValues() {}

  /** The texts of numeric's values that are not numbers, as PostgreSQL prints them. */
  static final java.util.Set<String> NON_FINITE = java.util.Set.of("NaN", "Infinity", "-Infinity");

  /** Reads column {@code index} of a result set as the Java value a graph would hold for it. */
  @FunctionalInterface
  interface Reader {
    Object read(ResultSet result, int index) throws SQLException;
  }

  /**
   * The SQL that selects {@code column} for the export (quoted name given): inet as
   * PostgreSQL's abbrev() prints it (a cast to text would add /32, and jOOQ's Inet would read
   * ::ffff:10.0.0.1 back as IPv4), arrays as arrays of their elements' text.
   */
  static String select(Column column, String quoted) {
    if (column.array()) {
      return quoted + "::text[]";
    }
    return "inet".equals(column.baseType()) ? "abbrev(" + quoted + ")" : quoted;
  }

  /** The reader of a column selected with {@link #select}. */
  static Reader reader(Column column) {
    if (column.array()) {
      return (result, index) -> {
        Array array = result.getArray(index);
        return array == null ? null : array.getArray();
      };
    }
    return switch (column.baseType()) {
      case "int2", "int4", "int8" -> (result, index) -> {
        long value = result.getLong(index);
        return result.wasNull() ? null : value;
      };
      // NaN and ±Infinity (numeric holds them since PostgreSQL 14) have no BigDecimal: they
      // are exported as their text, a JSON string, which the import reads back into the column.
      case "numeric" -> (result, index) -> {
        String text = result.getString(index);
        return text == null ? null : NON_FINITE.contains(text) ? text : new BigDecimal(text);
      };
      case "bool" -> (result, index) -> {
        boolean value = result.getBoolean(index);
        return result.wasNull() ? null : value;
      };
      case "timestamptz" -> (result, index) -> result.getObject(index, OffsetDateTime.class);
      case "timestamp" -> (result, index) -> result.getObject(index, LocalDateTime.class);
      case "date" -> (result, index) -> result.getObject(index, LocalDate.class);
      case "json", "jsonb" -> (result, index) -> {
        String text = result.getString(index);
        return text == null ? null : JSONB.valueOf(text);
      };
      default -> ResultSet::getString;
    };
  }

  /**
   * Writes {@code value}: numbers plain, a BigDecimal at {@code scale} when it is not -1
   * (rounded half away from zero, as PostgreSQL rounds to a column's scale), timestamps with
   * time zone as ISO instants in UTC, local timestamps and dates in ISO form, JSON canonical
   * (keys sorted, numbers exact), addresses as PostgreSQL prints them, arrays as arrays of
   * their elements' text, anything else as its text.
   *
   * @throws TooDeep if a JSON value nests deeper than {@link Json#MAX_VALUE_DEPTH}
   */
  static void write(JsonGenerator out, Object value, int scale) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof BigDecimal decimal) {
      out.writeNumber(scale >= 0 ? decimal.setScale(scale, RoundingMode.HALF_UP) : decimal);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger number) {
      out.writeNumber(number);
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else if (value instanceof JSONB json) {
      writeJson(out, parse(json.data()));
    } else if (value instanceof JSON json) {
      writeJson(out, parse(json.data()));
    } else if (value instanceof JsonNode node) {
      writeJson(out, node); // a value already in its canonical form (a rewritten expected file)
    } else if (value instanceof Object[] array) {
      out.writeStartArray();
      for (Object element : array) {
        if (element instanceof Object[]) {
          write(out, element, -1);
        } else if (element == null) {
          out.writeNull();
        } else {
          out.writeString(text(element, -1));
        }
      }
      out.writeEndArray();
    } else {
      out.writeString(text(value, scale));
    }
  }

  /**
   * The text of a single value as the export prints it (without JSON quoting): what rows
   * are ordered by. Numbers in plain notation.
   */
  static String text(Object value, int scale) {
    if (value instanceof OffsetDateTime timestamp) {
      return DateTimeFormatter.ISO_INSTANT.format(timestamp);
    }
    if (value instanceof LocalDateTime timestamp) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
    }
    if (value instanceof BigDecimal decimal) {
      return (scale >= 0 ? decimal.setScale(scale, RoundingMode.HALF_UP) : decimal).toPlainString();
    }
    if (value instanceof Inet inet) {
      return inetText(inet);
    }
    if (value instanceof EnumType label) {
      return label.getLiteral();
    }
    return String.valueOf(value);
  }

  /** Compares two texts as {@code COLLATE "C"} does (by UTF-8 bytes, that is by code points). */
  static int compareText(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Compares two lists of key texts, column by column, with {@link #compareText}. */
  static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = compareText(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** A JSON value nested deeper than {@link Json#MAX_VALUE_DEPTH}: the caller names the row. */
  static final class TooDeep extends RuntimeException {
    TooDeep(Throwable cause) {
      super(cause);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
        throw new TooDeep(e);
      }
      throw new IllegalStateException("a JSON value beyond the export's limits: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON value that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@code node} with every object's keys in alphabetical order. */
  private static void writeJson(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.writeStartObject();
      for (String name : names) {
        out.writeFieldName(name);
        writeJson(out, node.get(name));
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node) {
        writeJson(out, element);
      }
      out.writeEndArray();
    } else if (node.isBigDecimal()) {
      out.writeNumber(node.decimalValue());
    } else {
      Json.MAPPER.writeTree(out, node);
    }
  }

  /** An address as PostgreSQL prints it: without a prefix for a single host. */
  static String inetText(Inet inet) {
    byte[] bytes = inet.address().getAddress();
    String address = bytes.length == 16 ? ipv6Text(bytes) : inet.address().getHostAddress();
    Integer prefix = inet.prefix();
    int full = bytes.length * 8;
    return prefix == null || prefix == full ? address : address + "/" + prefix;
  }

  /**
   * An IPv6 address as PostgreSQL's inet output writes it: the first longest run of two or
   * more zero groups as {@code ::}, lower-case hex, and an IPv4-mapped or -compatible address
   * ({@code ::ffff:10.0.0.1}, {@code ::10.0.0.1}) with its last 32 bits dotted.
   */
  static String ipv6Text(byte[] bytes) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
    }
    int bestBase = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && words[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestBase = start;
        bestLength = i - start;
      }
    }
    if (bestLength < 2) {
      bestBase = -1;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase != -1 && i >= bestBase && i < bestBase + bestLength) {
        if (i == bestBase) {
          text.append(':');
        }
        continue;
      }
      if (i != 0) {
        text.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLength == 6 || bestLength == 5 && words[5] == 0xffff)) {
        text.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
            .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
        return text.toString();
      }
      text.append(Integer.toHexString(words[i]));
    }
    if (bestBase != -1 && bestBase + bestLength == 8) {
      text.append(':');
    }
    return text.toString();
  }
}
