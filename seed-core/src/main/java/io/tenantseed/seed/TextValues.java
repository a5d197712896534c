package io.tenantseed.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tenantseed.internal.Column;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import org.jooq.EnumType;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Inet;

/**
 * Values in PostgreSQL's text input form, and escaped for COPY's text format: what the
 * writer sends, cast to the column's type, for every value a row may hold.
 *
 * <pre>
 * TextValues.text(new String[] {"a", null});                      // {"a",NULL}
 * TextValues.text(JSONB.valueOf("[\"x\", 1]"), textArrayColumn);   // {"x","1"}: a JSON array into an array column
 * TextValues.text(new Object[] {"x", 1}, jsonbColumn);            // ["x",1]: an array into a json column
 * TextValues.text(new Object[] {new Object[] {1, 2}});            // {{"1","2"}}: nested, a multi-dimensional array
 * </pre>
 */
final class TextValues {

  private static final ObjectMapper JSON_READER = new ObjectMapper();

  private TextValues() {}

  /**
   * The text form of {@code value} for {@code column}: as {@link #text(Object)}, except that a
   * JSON array (an import whose reader did not know the column) becomes an array literal for
   * an array column.
   */
  static String text(Object value, Column column) {
    if (column.array() && value instanceof JSONB json && json.data().stripLeading().startsWith("[")) {
      return jsonArrayLiteral(json.data());
    }
    if (!column.array() && value instanceof Object[] array
        && (column.baseType().equals("json") || column.baseType().equals("jsonb"))) {
      return jsonArray(array).toString(); // a List set on a column the generated classes do not know
    }
    return text(value);
  }

  /** {@code array} as a JSON array: numbers, booleans and null as themselves, JSON as JSON, nested arrays nested. */
  private static ArrayNode jsonArray(Object[] array) {
    ArrayNode json = JSON_READER.createArrayNode();
    for (Object element : array) {
      if (element == null) {
        json.addNull();
      } else if (element instanceof Object[] nested) {
        json.add(jsonArray(nested));
      } else if (element instanceof Boolean bool) {
        json.add(bool);
      } else if (element instanceof BigDecimal decimal) {
        json.add(decimal);
      } else if (element instanceof Long || element instanceof Integer || element instanceof Short) {
        json.add(((Number) element).longValue());
      } else if (element instanceof JSONB nested) {
        try {
          json.add(JSON_READER.readTree(nested.data()));
        } catch (JsonProcessingException e) {
          json.add(nested.data()); // not JSON after all: kept as the text it is
        }
      } else {
        json.add(text(element));
      }
    }
    return json;
  }

  private static String jsonArrayLiteral(String json) {
    JsonNode array;
    try {
      array = JSON_READER.readTree(json);
    } catch (JsonProcessingException e) {
      return json; // not JSON after all: PostgreSQL names what is wrong with it
    }
    Object[] elements = new Object[array.size()];
    for (int i = 0; i < elements.length; i++) {
      JsonNode element = array.get(i);
      elements[i] = element.isNull() ? null : element.isValueNode() ? element.asText() : element.toString();
    }
    return arrayLiteral(elements);
  }

  /** The text form of {@code value}, or null for SQL NULL. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String string) {
      return string;
    }
    if (value instanceof Boolean bool) {
      return bool ? "t" : "f";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof OffsetDateTime timestamp) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof JSONB json) {
      return json.data();
    }
    if (value instanceof Inet inet) {
      String address = inet.address().getHostAddress();
      return inet.prefix() == null ? address : address + "/" + inet.prefix();
    }
    if (value instanceof Object[] array) {
      return arrayLiteral(array);
    }
    if (value instanceof Collection<?> collection) {
      return arrayLiteral(collection.toArray());
    }
    if (value instanceof JSON json) {
      return json.data();
    }
    if (value instanceof LocalDateTime timestamp) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
    }
    if (value instanceof ZonedDateTime timestamp) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp.toOffsetDateTime());
    }
    if (value instanceof Instant instant) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    if (value instanceof LocalTime || value instanceof OffsetTime) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof EnumType label) {
      return label.getLiteral();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    return value.toString(); // UUID, the other numbers, CharSequence, Character
  }

  /** {"a","b \"quoted\"",NULL}: every element quoted, so no element is mistaken for syntax. */
  private static String arrayLiteral(Object[] array) {
    StringBuilder literal = new StringBuilder("{");
    for (int i = 0; i < array.length; i++) {
      if (i > 0) {
        literal.append(',');
      }
      if (array[i] == null) {
        literal.append("NULL");
      } else if (array[i] instanceof Object[] nested) {
        literal.append(arrayLiteral(nested)); // a dimension of a multi-dimensional array: unquoted
      } else {
        literal.append('"');
        String element = text(array[i]);
        for (int c = 0; c < element.length(); c++) {
          char ch = element.charAt(c);
          if (ch == '"' || ch == '\\') {
            literal.append('\\');
          }
          literal.append(ch);
        }
        literal.append('"');
      }
    }
    return literal.append('}').toString();
  }

  /** Appends {@code text} (a value's text form, or null) as one field of a COPY text-format line. */
  static void copyText(String text, StringBuilder line) {
    if (text == null) {
      line.append("\\N");
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> line.append(c);
      }
    }
  }
}
