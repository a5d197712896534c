package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Inet;

/**
 * The values of an export, read exactly or refused. A column the generated schema classes know
 * is read as its jOOQ type ({@link #typed}); any other as a generic value ({@link #generic}):
 * a string, a whole number as Long (else a BigDecimal, exactly as written), a boolean, null,
 * or a JSON object or array as {@code JSONB}. Text that PostgreSQL cannot hold is refused
 * either way.
 *
 * <pre>
 * ImportValues.generic(node, "assessments row 3 (id 5f3c...), column notes"); // "ok"
 * ImportValues.inet("::ffff:10.0.0.1");                                          // stays IPv6
 * </pre>
 *
 * <p>Stateless.
 */
final class ImportValues {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private ImportValues() {}

  /**
   * The value of {@code node} for a column the generated schema classes do not know: the
   * database's catalog types it when the row is written.
   */
  static Object generic(JsonNode node, Object at) {
    if (node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return storableText(node.textValue(), at);
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    storableJson(node, at);
    try {
      return JSONB.valueOf(CanonicalImport.READER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new InvalidExportException(at + ": not a JSON value", e);
    }
  }

  /**
   * The value of {@code node} for {@code field}, a column the generated schema classes know:
   * exactly the type the column holds, or refused.
   */
  static Object typed(Field<?> field, JsonNode node, Object where) {
    if (node.isNull()) {
      return null;
    }
    Class<?> type = field.getType();
    Object at = new At(where, field.getName());
    try {
      if (type == UUID.class) {
        return uuid(node, at);
      }
      if (type == String.class && node.isTextual()) {
        return storableText(node.textValue(), at);
      }
      if ((type == Integer.class) && node.isIntegralNumber() && node.canConvertToInt()) {
        return node.intValue();
      }
      if (type == Long.class && node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      if (type == BigDecimal.class && node.isNumber()) {
        return decimal(field, node.decimalValue(), at);
      }
      if (type == BigDecimal.class && node.isTextual() && ExportValues.NON_FINITE.contains(node.textValue())) {
        // How the export writes a numeric NaN or ±Infinity, which no BigDecimal holds: stored as
        // that text, which PostgreSQL reads as the same value.
        return node.textValue();
      }
      if (type == Boolean.class && node.isBoolean()) {
        return node.booleanValue();
      }
      if (type == OffsetDateTime.class && node.isTextual()) {
        OffsetDateTime timestamp = timestamp(node.textValue());
        if (timestamp.getNano() % 1_000 != 0) {
          throw new InvalidExportException(at + ": '" + node.textValue() + "' is more precise than the microseconds"
              + " PostgreSQL keeps (it would be rounded)");
        }
        return timestamp;
      }
      if (type == LocalDate.class && node.isTextual()) {
        return LocalDate.parse(node.textValue());
      }
      if (type == JSONB.class) {
        storableJson(node, at);
        return JSONB.valueOf(CanonicalImport.READER.writeValueAsString(node));
      }
      if (type == Inet.class && node.isTextual()) {
        return inet(node.textValue());
      }
      if (type == String[].class && node.isArray()) {
        String[] values = new String[node.size()];
        for (int i = 0; i < values.length; i++) {
          JsonNode element = node.get(i);
          if (!element.isTextual() && !element.isNull()) {
            throw new InvalidExportException(at + ": element " + (i + 1) + " is not a string");
          }
          values[i] = element.isNull() ? null : storableText(element.textValue(), at + ", element " + (i + 1));
        }
        return values;
      }
    } catch (DateTimeParseException | IllegalArgumentException | JsonProcessingException e) {
      throw new InvalidExportException(at + ": '" + node.asText() + "' is not a valid " + describe(type), e);
    }
    throw new InvalidExportException(at + ": expected " + describe(type) + ", found " + node.getNodeType()
        .toString().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(node.toString()));
  }

  /**
   * {@link OffsetDateTime#parse}, quicker for what an export writes ({@code
   * 2025-01-20T12:00:00.123456Z}, which a million rows hold several times each): anything
   * else, and any field out of range, goes to {@code OffsetDateTime.parse} for its result or
   * its exception.
   */
  static OffsetDateTime timestamp(String text) {
    int length = text.length();
    if (length >= 20 && length <= 30 && length != 21 && text.charAt(length - 1) == 'Z' && text.charAt(4) == '-'
        && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
        && (length == 20 || text.charAt(19) == '.')) {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      int nanos = 0;
      if (length > 20) {
        int fraction = digits(text, 20, length - 1);
        nanos = fraction < 0 ? -1 : fraction * (int) Math.pow(10, 9 - (length - 21));
      }
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0) {
        try {
          return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          // out of range: parse says so in its own words
        }
      }
    }
    return OffsetDateTime.parse(text);
  }

  /** The number of the ASCII digits from {@code from} to {@code to}, or -1 if one is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * {@code value} as the column stores it, or refused: PostgreSQL would round a number with
   * more fractional digits than the column's scale (before its CHECK sees it), and refuses
   * one with more integer digits than the precision leaves room for. Trailing zeros beyond
   * the scale change nothing and are accepted.
   */
  private static BigDecimal decimal(Field<?> field, BigDecimal value, Object at) {
    var type = field.getDataType();
    if (!type.scaleDefined() && !type.precisionDefined()) {
      return value;
    }
    int scale = type.scaleDefined() ? type.scale() : 0;
    BigDecimal exact = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    String declared = "numeric(" + type.precision() + "," + scale + ")";
    if (exact.scale() > scale) {
      throw new InvalidExportException(at + ": " + value.toPlainString() + " has more decimal places than the "
          + scale + " of " + declared + " (it would be rounded)");
    }
    if (type.precisionDefined() && exact.precision() - exact.scale() > type.precision() - scale) {
      throw new InvalidExportException(at + ": " + abbreviate(value.toString()) + " does not fit " + declared);
    }
    return value;
  }

  /**
   * {@code text}, if PostgreSQL text can hold it: not a NUL character, nor half of a UTF-16
   * surrogate pair (which has no UTF-8 form, and would be written as '?').
   */
  private static String storableText(String text, Object at) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String problem = null;
      if (c == 0) {
        problem = "a NUL character (0x00)";
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        problem = "a lone UTF-16 surrogate (U+" + String.format("%04X", (int) c) + ")";
      }
      if (problem != null) {
        throw new InvalidExportException(at + ": " + problem + " at character " + (i + 1)
            + ", which PostgreSQL text cannot hold");
      }
    }
    return text;
  }

  /** Every string and key of a JSON value storable, as {@link #storableText} checks. */
  private static void storableJson(JsonNode node, Object at) {
    if (node.isTextual()) {
      storableText(node.textValue(), at);
    } else if (node.isObject()) {
      node.properties().forEach(entry -> {
        storableText(entry.getKey(), at);
        storableJson(entry.getValue(), at);
      });
    } else if (node.isArray()) {
      node.forEach(element -> storableJson(element, at));
    }
  }

  static UUID uuid(JsonNode node, Object where) {
    if (!node.isTextual()) {
      throw new InvalidExportException(where + ": expected a UUID, found " + abbreviate(node.toString()));
    }
    try {
      return Ids.parse(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidExportException(where + ": '" + abbreviate(node.textValue()) + "' is not a UUID");
    }
  }

  /**
   * A literal address with an optional prefix, parsed without any name lookup (a lookup
   * would make the result depend on the machine's resolver).
   *
   * @throws IllegalArgumentException if it is not a literal IPv4 or IPv6 address
   */
  static Inet inet(String text) {
    String address = text;
    Integer prefix = null;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      address = text.substring(0, slash);
      try {
        prefix = Integer.valueOf(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no numeric prefix", e);
      }
    }
    try {
      Matcher v4 = IPV4.matcher(address);
      InetAddress parsed = null;
      if (v4.matches()) {
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(v4.group(i + 1));
          if (octet > 255) {
            throw new UnknownHostException(address);
          }
          octets[i] = (byte) octet;
        }
        parsed = InetAddress.getByAddress(octets);
      } else if (IPV6.matcher(address).matches()) {
        parsed = InetAddress.getByName(address); // hex digits, colons and dots: a literal, never looked up
        if (parsed instanceof Inet4Address mapped) {
          // Java reads ::ffff:a.b.c.d as IPv4; PostgreSQL keeps it IPv6, and so must the import.
          byte[] bytes = new byte[16];
          bytes[10] = (byte) 0xff;
          bytes[11] = (byte) 0xff;
          System.arraycopy(mapped.getAddress(), 0, bytes, 12, 4);
          parsed = Inet6Address.getByAddress(null, bytes, -1);
        }
      }
      if (parsed != null && (prefix == null || prefix >= 0 && prefix <= parsed.getAddress().length * 8)) {
        return prefix == null ? Inet.valueOf(parsed) : Inet.valueOf(parsed, prefix);
      }
    } catch (UnknownHostException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a literal IPv4 or IPv6 address");
  }

  private static String describe(Class<?> type) {
    return switch (type.getSimpleName()) {
      case "UUID" -> "UUID";
      case "String" -> "string";
      case "Integer", "Long" -> "whole number";
      case "BigDecimal" -> "number";
      case "Boolean" -> "boolean";
      case "OffsetDateTime" -> "timestamp (ISO 8601)";
      case "LocalDate" -> "date (yyyy-mm-dd)";
      case "JSONB" -> "JSON value";
      case "Inet" -> "IP address";
      case "String[]" -> "array of strings";
      default -> type.getSimpleName();
    };
  }

  /**
   * "assets row 3 (id 5f3c...), column notes": where a value is, put into words only when a
   * message needs it (a million rows of forty columns would build forty million strings).
   */
  record At(Object where, String column) {
    @Override
    public String toString() {
      return where + ", column " + column;
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }}
