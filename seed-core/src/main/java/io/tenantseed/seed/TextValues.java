package io.tenantseed.seed;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Inet;

/** Values in PostgreSQL's text input form, and escaped for COPY's text format. */
final class TextValues {

  private TextValues() {}

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
    return value.toString(); // UUID, Integer, Long
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

  /** Appends {@code value} as one field of a COPY text-format line. */
  static void copyField(Object value, StringBuilder line) {
    String text = text(value);
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
