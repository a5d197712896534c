package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.migrate.NotMigratedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;

/**
 * The canonical JSON form of a tenant: one document, tables in foreign-key order, rows
 * ordered by primary key, columns and JSON keys in alphabetical order, numbers at their
 * column's scale, timestamps in UTC, addresses as PostgreSQL prints them, {@code \n} line ends. The same tenant always yields the
 * same bytes, whether it comes from a {@link TenantGraph} or is read back from the database,
 * so its SHA-256 is a fingerprint and two exports compare with {@code diff}.
 *
 * <pre>
 * String json = CanonicalExport.toJson(graph);
 * String sha256 = CanonicalExport.fingerprint(graph);
 * </pre>
 *
 * <p>The export holds one tenant in memory while it sorts rows; it is meant for tenants of
 * fixture size (thousands of rows), not for a million assets. Stateless and thread-safe.
 */
public final class CanonicalExport {

  /** The {@code format} member of every export, changed whenever the format changes. */
  public static final String FORMAT = "tenant-seed/1";

  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private CanonicalExport() {}

  /** The export of {@code graph}. */
  public static void write(TenantGraph graph, OutputStream out) {
    write(graph.tenantId(), graph.tables(), graph::rows, out);
  }

  /**
   * The export of any source of rows: {@code rows} gives the rows of each of {@code tables}
   * (from a graph, or fetched from the database), written in the export's table order: the
   * tenant's own table first, then the others alphabetically.
   */
  static void write(UUID tenantId, List<String> tables, Function<String, Stream<Row>> rows, OutputStream out) {
    ObjectNode document = JsonNodeFactory.withExactBigDecimals(true).objectNode();
    document.put("format", FORMAT);
    document.put("tenant_id", tenantId.toString());
    ObjectNode tablesNode = document.putObject("tables");
    for (String table : order(tables)) {
      List<ObjectNode> objects = new ArrayList<>();
      try (Stream<Row> stream = rows.apply(table)) {
        stream.forEach(row -> objects.add(row(table, row)));
      }
      objects.sort(rowOrder(table));
      ArrayNode array = tablesNode.putArray(table);
      objects.forEach(array::add);
    }
    try {
      Json.MAPPER.writer(PRINTER)
          .with(SerializationFeature.INDENT_OUTPUT)
          .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writeValue(out, document);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("writing the export of tenant " + tenantId + " failed", e);
    }
  }

  /** The export's table order: the tenant's own table first, then the others alphabetically. */
  static List<String> order(List<String> tables) {
    List<String> ordered = new ArrayList<>(tables);
    ordered.sort(Comparator.comparing((String table) -> !table.equals(TenantGraph.ROOT)).thenComparing(t -> t));
    return ordered;
  }

  /** Rows by their primary key's text (the generated class's key; else {@code id}; else the whole row). */
  private static Comparator<ObjectNode> rowOrder(String table) {
    Table<?> known = ColumnValues.knownTable(table);
    List<String> key = known != null && known.getPrimaryKey() != null
        ? known.getPrimaryKey().getFields().stream().map(Field::getName).toList() : List.of("id");
    return (a, b) -> {
      for (String column : key) {
        int order = a.path(column).asText("").compareTo(b.path(column).asText(""));
        if (order != 0) {
          return order;
        }
      }
      return a.toString().compareTo(b.toString());
    };
  }

  /**
   * The export of tenant {@code tenantId} as stored in the database behind {@code db}: what
   * was written, read back. Equal, byte for byte, to the export of the graph it was seeded from.
   *
   * @throws NotMigratedException if the database lacks a table or column the migrations define
   */
  public static void write(DSLContext db, UUID tenantId, OutputStream out) {
    requireSchema(db);
    write(tenantId, TenantBuilder.BUILT_TABLES, name -> {
      Table<?> table = ColumnValues.knownTable(name);
      Field<UUID> tenantColumn = table == CLIENT_ACCOUNTS ? CLIENT_ACCOUNTS.ID : table.field("client_account_id", UUID.class);
      // inet as PostgreSQL prints it (abbrev() is its output function; a cast to text adds /32):
      // jOOQ's Inet would read ::ffff:10.0.0.1 back as the IPv4 address 10.0.0.1.
      List<Field<?>> columns = table.fieldStream()
          .<Field<?>>map(field -> field.getType() == Inet.class
              ? DSL.function("abbrev", String.class, field).as(field.getName()) : field)
          .toList();
      String[] names = table.fieldStream().map(Field::getName).toArray(String[]::new);
      return db.select(columns).from(table).where(tenantColumn.eq(tenantId)).fetchStream()
          .map(record -> new Row(name, "", names, record.intoArray()));
    }, out);
  }

  /**
   * Every table and column the migrations define exists in the database (see
   * {@link MigratedSchema}).
   *
   * @throws NotMigratedException naming every table and column the database lacks
   */
  private static void requireSchema(DSLContext db) {
    MigratedSchema.require(db, "cannot export");
  }

  /** The export of tenant {@code tenantId} read from the database, as a string. */
  public static String toJson(DSLContext db, UUID tenantId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(db, tenantId, bytes);
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The export of {@code graph} as a string. */
  public static String toJson(TenantGraph graph) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(graph, bytes);
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The SHA-256 of the export of {@code graph}, in lower-case hex. */
  public static String fingerprint(TenantGraph graph) {
    MessageDigest sha256 = sha256();
    write(graph, new OutputStream() {
      @Override
      public void write(int b) {
        sha256.update((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        sha256.update(b, off, len);
      }
    });
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * A SHA-256 of every row of {@code graph} in the order the graph generates them, each in
   * its canonical form: like {@link #fingerprint} it changes whenever any value changes, but
   * it streams, so it suits graphs too large to export. (It is not the hash of an export.)
   */
  public static String streamingDigest(TenantGraph graph) {
    MessageDigest sha256 = sha256();
    for (String table : order(graph.tables())) {
      sha256.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (Stream<Row> rows = graph.rows(table)) {
        rows.forEach(record -> {
          try {
            sha256.update(Json.MAPPER.writeValueAsBytes(row(table, record)));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
        });
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static ObjectNode row(String table, Row record) {
    Table<?> known = ColumnValues.knownTable(table);
    ObjectNode row = Json.MAPPER.createObjectNode();
    List<String> columns = new ArrayList<>(record.columns());
    columns.sort(null);
    for (String column : columns) {
      try {
        row.set(column, value(known == null ? null : known.field(column), record.get(column)));
      } catch (TooDeep e) {
        throw new InvalidExportException("cannot export " + table + " row (" + key(record) + "), column " + column
            + ": its JSON value nests deeper than " + Json.MAX_VALUE_DEPTH
            + " levels, more than an export can be read back with", e);
      }
    }
    return row;
  }

  private static JsonNode value(Field<?> field, Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
    if (value == null) {
      return nodes.nullNode();
    }
    if (value instanceof BigDecimal decimal) {
      // PostgreSQL rounds half away from zero to the column's scale; so does the export.
      if (field == null || !field.getDataType().scaleDefined()) {
        return nodes.numberNode(decimal);
      }
      return nodes.numberNode(decimal.setScale(field.getDataType().scale(), RoundingMode.HALF_UP));
    }
    if (value instanceof Integer number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Long number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Short number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Boolean bool) {
      return nodes.booleanNode(bool);
    }
    if (value instanceof OffsetDateTime timestamp) {
      return nodes.textNode(DateTimeFormatter.ISO_INSTANT.format(timestamp));
    }
    if (value instanceof LocalDate date) {
      return nodes.textNode(date.toString());
    }
    if (value instanceof JSONB json) {
      return canonical(parse(json));
    }
    if (value instanceof Inet inet) {
      return nodes.textNode(inetText(inet));
    }
    if (value instanceof Object[] array) {
      ArrayNode node = nodes.arrayNode();
      for (Object element : array) {
        node.add(element == null ? nodes.nullNode() : nodes.textNode(element.toString()));
      }
      return node;
    }
    return nodes.textNode(value.toString());
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

  private static String key(Row record) {
    Object id = record.get("id");
    return id != null ? "id " + id : record.path();
  }

  /** A jsonb value deeper than {@link Json#MAX_VALUE_DEPTH}: the row then names itself. */
  private static final class TooDeep extends RuntimeException {
    TooDeep(Throwable cause) {
      super(cause);
    }
  }

  private static JsonNode parse(JSONB json) {
    try {
      return Json.MAPPER.readTree(json.data());
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
        throw new TooDeep(e);
      }
      throw new IllegalStateException("a jsonb value beyond the export's limits: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a jsonb value that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The same tree with every object's keys in alphabetical order. */
  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = Json.MAPPER.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      for (String name : names) {
        sorted.set(name, canonical(node.get(name)));
      }
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      node.forEach(element -> array.add(canonical(element)));
      return array;
    }
    return node;
  }
}
