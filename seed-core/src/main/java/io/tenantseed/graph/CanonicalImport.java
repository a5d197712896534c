package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tenantseed.schema.migration.tables.records.AssetsRecord;
import io.tenantseed.schema.migration.tables.records.ClientAccountsRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;

/**
 * Reads a {@link CanonicalExport} back into a {@link TenantGraph}, for {@code seed load
 * --file}: what one database exported, another can seed. The export is checked before
 * anything is written: its format, every table and column name, every value's type, that
 * every row belongs to the export's tenant, that primary keys are unique, and that every
 * reference between the export's rows points at a row the export holds (the assets listed in
 * assessment flows' application groups too). Values are taken exactly or refused: a number
 * with more decimal places than its column's scale (PostgreSQL would round it before its
 * CHECK), a timestamp finer than microseconds, a NUL or a lone UTF-16 surrogate in any text
 * or JSON string; {@code ::ffff:10.0.0.1} stays an IPv6 address. Messages name the table,
 * the row (its number and primary key) and the column. Strings and numbers as long as
 * PostgreSQL holds are read (Jackson's own limits are lower). When the graph is seeded,
 * {@link io.tenantseed.seed.Seeder} also refuses values that identify another tenant's rows
 * or flows.
 *
 * <pre>
 * TenantGraph graph = CanonicalImport.read(Files.newInputStream(path));
 * Seeder.forDataSource(dataSource).seed(graph);
 * </pre>
 *
 * <p>The graph is registered as fixture {@code export}, versioned by a digest of its rows.
 * The whole export is held in memory (as {@link CanonicalExport} does). Stateless.
 */
public final class CanonicalImport {

  /** The registry's fixture name for graphs read from an export. */
  public static final String FIXTURE_NAME = "export";

  private static final ObjectMapper READER = JsonMapper.builder(Json.factory(Json.MAX_DOCUMENT_DEPTH))
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)) // 1.50 in a jsonb value stays 1.50
      .build();
  private static final DSLContext CREATE = DSL.using(SQLDialect.POSTGRES);
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private CanonicalImport() {}

  /**
   * The tenant of the export in {@code in}; the stream is read to its end, not closed.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  @SuppressWarnings("unchecked")
  public static TenantGraph read(InputStream in) {
    JsonNode document;
    try {
      document = READER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidExportException("not a JSON document: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the export failed", e);
    }
    if (document == null || !document.isObject()) {
      throw new InvalidExportException("not a tenant export: the document is not a JSON object");
    }
    String format = document.path("format").asText(null);
    if (!CanonicalExport.FORMAT.equals(format)) {
      throw new InvalidExportException("not a tenant export of format " + CanonicalExport.FORMAT + " (format: "
          + (format == null ? "missing" : "'" + format + "'") + ")");
    }
    UUID tenantId = uuid(document.path("tenant_id"), "tenant_id");
    JsonNode tables = document.path("tables");
    if (!tables.isObject()) {
      throw new InvalidExportException("the export has no \"tables\" object");
    }
    Map<String, Table<? extends TableRecord<?>>> known = new LinkedHashMap<>();
    TenantBuilder.BUILT_TABLES.forEach(table -> known.put(table, (Table<? extends TableRecord<?>>) ColumnValues.knownTable(table)));
    tables.fieldNames().forEachRemaining(name -> {
      if (!known.containsKey(name)) {
        throw new InvalidExportException("unknown table '" + name + "' in the export (tables: "
            + String.join(", ", known.keySet()) + ")");
      }
    });

    Map<Table<?>, List<TableRecord<?>>> rows = new LinkedHashMap<>();
    for (Table<? extends TableRecord<?>> table : known.values()) {
      JsonNode array = tables.path(table.getName());
      if (array.isMissingNode() || array.isNull()) {
        rows.put(table, List.of());
        continue;
      }
      if (!array.isArray()) {
        throw new InvalidExportException(table.getName() + " is not an array of rows");
      }
      List<TableRecord<?>> records = new ArrayList<>();
      int index = 0;
      for (JsonNode row : array) {
        records.add(record(table, row, index++, tenantId));
      }
      rows.put(table, records);
    }
    checkKeysAndReferences(rows);
    checkAssetGroups(rows);

    List<TableRecord<?>> accounts = rows.get(CLIENT_ACCOUNTS);
    if (accounts.size() != 1) {
      throw new InvalidExportException("client_accounts must hold exactly the tenant's own row, not "
          + accounts.size() + " rows");
    }
    Map<String, List<Row>> graphRows = new LinkedHashMap<>();
    rows.forEach((table, records) -> graphRows.put(table.getName(), records.stream().map(CanonicalImport::row).toList()));
    return TenantGraph.fromRows(tenantId, FIXTURE_NAME, null, graphRows);
  }

  /** Every column of an imported record: an export lists them all. */
  private static Row row(TableRecord<?> record) {
    String[] names = java.util.Arrays.stream(record.fields()).map(Field::getName).toArray(String[]::new);
    return new Row(record.getTable().getName(), "", names, record.intoArray());
  }

  private static TableRecord<?> record(Table<? extends TableRecord<?>> table, JsonNode row, int index, UUID tenantId) {
    String where = table.getName() + " row " + (index + 1);
    if (!row.isObject()) {
      throw new InvalidExportException(where + " is not a JSON object");
    }
    where += rowKey(table, row);
    TableRecord<?> record = CREATE.newRecord(table);
    Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      Field<?> field = table.field(entry.getKey());
      if (field == null) {
        throw new InvalidExportException(where + ": unknown column '" + entry.getKey() + "'");
      }
      set(record, field, value(field, entry.getValue(), where));
    }
    Field<?> tenantColumn = table == CLIENT_ACCOUNTS ? CLIENT_ACCOUNTS.ID : table.field("client_account_id");
    Object owner = record.get(tenantColumn);
    if (!tenantId.equals(owner)) {
      throw new InvalidExportException(where + ": " + tenantColumn.getName() + " is " + owner
          + ", not the export's tenant " + tenantId);
    }
    record.changed(false);
    return record;
  }

  /** " (id 5f3c...)": the row's primary key as the export gives it, so a message names the row itself. */
  private static String rowKey(Table<?> table, JsonNode row) {
    StringBuilder key = new StringBuilder();
    for (Field<?> field : table.getPrimaryKey().getFields()) {
      JsonNode value = row.path(field.getName());
      if (value.isValueNode() && !value.isNull()) {
        key.append(key.length() == 0 ? " (" : ", ").append(field.getName()).append(' ')
            .append(abbreviate(value.asText()));
      }
    }
    return key.length() == 0 ? "" : key.append(')').toString();
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(TableRecord<?> record, Field<T> field, Object value) {
    record.set(field, (T) value);
  }

  private static Object value(Field<?> field, JsonNode node, String where) {
    if (node.isNull()) {
      return null;
    }
    Class<?> type = field.getType();
    String at = where + ", column " + field.getName();
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
      if (type == Boolean.class && node.isBoolean()) {
        return node.booleanValue();
      }
      if (type == OffsetDateTime.class && node.isTextual()) {
        OffsetDateTime timestamp = OffsetDateTime.parse(node.textValue());
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
        return JSONB.valueOf(READER.writeValueAsString(node));
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
   * {@code value} as the column stores it, or refused: PostgreSQL would round a number with
   * more fractional digits than the column's scale (before its CHECK sees it), and refuses
   * one with more integer digits than the precision leaves room for. Trailing zeros beyond
   * the scale change nothing and are accepted.
   */
  private static BigDecimal decimal(Field<?> field, BigDecimal value, String at) {
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
  private static String storableText(String text, String at) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String problem = null;
      if (c == 0) {
        problem = "a NUL character (0x00)";
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        problem = "a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
      }
      if (problem != null) {
        throw new InvalidExportException(at + ": " + problem + " at character " + (i + 1)
            + ", which PostgreSQL text cannot hold");
      }
    }
    return text;
  }

  /** Every string and key of a JSON value storable, as {@link #storableText} checks. */
  private static void storableJson(JsonNode node, String at) {
    if (node.isTextual()) {
      storableText(node.textValue(), at);
    } else if (node.isObject()) {
      node.fields().forEachRemaining(entry -> {
        storableText(entry.getKey(), at);
        storableJson(entry.getValue(), at);
      });
    } else if (node.isArray()) {
      node.forEach(element -> storableJson(element, at));
    }
  }

  private static UUID uuid(JsonNode node, String where) {
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

  /** Unique primary keys, and every single-column reference between the export's tables resolved. */
  private static void checkKeysAndReferences(Map<Table<?>, List<TableRecord<?>>> rows) {
    Map<Field<?>, Set<Object>> keys = new HashMap<>();
    for (Map.Entry<Table<?>, List<TableRecord<?>>> entry : rows.entrySet()) {
      Table<?> table = entry.getKey();
      for (var key : table.getKeys()) {
        if (key.getFields().size() != 1) {
          continue;
        }
        Field<?> field = key.getFields().get(0);
        Set<Object> seen = new HashSet<>();
        int index = 0;
        for (TableRecord<?> record : entry.getValue()) {
          index++;
          Object value = record.get(field);
          if (value == null && key == table.getPrimaryKey()) {
            throw new InvalidExportException(table.getName() + " row " + index + ": " + field.getName() + " is missing");
          }
          if (value != null && !seen.add(value)) {
            throw new InvalidExportException(table.getName() + " row " + index + ": " + field.getName() + " " + value
                + " appears twice in the export");
          }
        }
        keys.put(field, seen);
      }
    }
    for (Map.Entry<Table<?>, List<TableRecord<?>>> entry : rows.entrySet()) {
      Table<?> table = entry.getKey();
      for (ForeignKey<?, ?> reference : table.getReferences()) {
        if (reference.getFields().size() != 1 || !rows.containsKey(reference.getKey().getTable())) {
          continue;
        }
        Field<?> column = reference.getFields().get(0);
        Field<?> target = reference.getKeyFields().get(0);
        Set<Object> present = keys.getOrDefault(target, Set.of());
        int index = 0;
        for (TableRecord<?> record : entry.getValue()) {
          index++;
          Object value = record.get(column);
          if (value != null && !present.contains(value)) {
            throw new InvalidExportException(table.getName() + " row " + index + ": " + column.getName() + " " + value
                + " references a " + reference.getKey().getTable().getName() + " row that is not in the export");
          }
        }
      }
    }
  }

  /**
   * The asset ids in assessment flows' application groups name assets of the export, as a
   * graph's groups do (listing one more than once stays possible: the runbook's bad data).
   */
  private static void checkAssetGroups(Map<Table<?>, List<TableRecord<?>>> rows) {
    Set<Object> assets = new HashSet<>();
    rows.get(ASSETS).forEach(asset -> assets.add(asset.get(ASSETS.ID)));
    int index = 0;
    for (TableRecord<?> flow : rows.get(ASSESSMENT_FLOWS)) {
      String where = "assessment_flows row " + ++index + ", column application_asset_groups";
      JSONB value = flow.get(ASSESSMENT_FLOWS.APPLICATION_ASSET_GROUPS);
      if (value == null) {
        continue;
      }
      JsonNode groups;
      try {
        groups = READER.readTree(value.data());
      } catch (JsonProcessingException e) {
        throw new InvalidExportException(where + ": not JSON", e);
      }
      if (!groups.isArray()) {
        throw new InvalidExportException(where + ": expected an array of groups, found "
            + abbreviate(groups.toString()));
      }
      int group = 0;
      for (JsonNode node : groups) {
        String at = where + ", group " + ++group;
        JsonNode ids = node.path("asset_ids");
        if (ids.isMissingNode()) {
          continue;
        }
        if (!ids.isArray()) {
          throw new InvalidExportException(at + ": asset_ids is not an array");
        }
        for (JsonNode id : ids) {
          UUID asset = uuid(id, at);
          if (!assets.contains(asset)) {
            throw new InvalidExportException(at + ": asset " + asset + " is not in the export");
          }
        }
      }
    }
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

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
