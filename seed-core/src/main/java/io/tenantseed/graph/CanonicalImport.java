package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.schema.migration.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;

/**
 * Reads a {@link CanonicalExport} back into a {@link TenantGraph}, for {@code seed load
 * --file}: what one database exported, another can seed. The export is checked before
 * anything is written: its format, every value's type, that every row belongs to the export's
 * tenant, that primary keys are unique, and that every reference between the export's rows
 * points at a row the export holds (the assets listed in assessment flows' application groups
 * too). For the tables and columns the generated schema classes know, values are taken
 * exactly or refused: a number with more decimal places than its column's scale (PostgreSQL
 * would round it before its CHECK), a timestamp finer than microseconds; a NUL or a lone
 * UTF-16 surrogate in any text or JSON string is refused everywhere; {@code ::ffff:10.0.0.1}
 * stays an IPv6 address. A table or column they do not know (added by a later migration) is
 * read as generic values, typed by the database's catalog when written. Messages name the
 * table, the row (its number and primary key) and the column. When the graph is seeded,
 * {@link io.tenantseed.seed.Seeder} also refuses values that identify another tenant's rows or
 * flows.
 *
 * <pre>
 * TenantGraph graph;
 * try (Connection connection = dataSource.getConnection()) {
 *   // refuses a table or column this database does not have
 *   graph = CanonicalImport.read(Files.newInputStream(path), SchemaCatalog.of(connection, "migration"));
 * }
 * Seeder.forDataSource(dataSource).seed(graph);
 * </pre>
 *
 * <p>The graph is registered as fixture {@code export}, versioned by a digest of its rows.
 * The whole export is held in memory. Stateless.
 */
public final class CanonicalImport {

  /** The registry's fixture name for graphs read from an export. */
  public static final String FIXTURE_NAME = "export";

  static final ObjectMapper READER = JsonMapper.builder(Json.factory(Json.MAX_DOCUMENT_DEPTH))
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)) // 1.50 in a jsonb value stays 1.50
      .build();

  private CanonicalImport() {}

  /**
   * The tenant of the export in {@code in}, checked offline only (any table name is taken);
   * the stream is read to its end, not closed.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  public static TenantGraph read(InputStream in) {
    Document document = parse(in);
    return graph(document);
  }

  /**
   * The tenant of the export in {@code in}, checked offline and against {@code catalog}, the
   * catalog of the database it is to be seeded into: a table or column the database lacks is
   * refused, and the references of tables the generated schema classes do not know are checked
   * with the catalog's foreign keys.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  public static TenantGraph read(InputStream in, SchemaCatalog catalog) {
    Document document = parse(in);
    ImportChecks.againstCatalog(document.rows, document.tenantId, catalog);
    return graph(document);
  }

  /**
   * {@link #read(InputStream, SchemaCatalog)} against the live catalog of the database behind
   * {@code dataSource} (schema {@code migration}), read once the file has passed its offline
   * checks: what {@code seed load --file} calls.
   *
   * @throws InvalidExportException naming what is wrong and where
   * @throws io.tenantseed.migrate.NotMigratedException if the database has no schema {@code migration}
   */
  public static TenantGraph read(InputStream in, DataSource dataSource) {
    Document document = parse(in);
    DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
    // A table the migrations define and the database lacks is a schema changed by hand, named
    // as the seed names it, not a table of the export the database does not know.
    Object name = document.rows.getOrDefault(CLIENT_ACCOUNTS.getName(), List.of()).stream().findFirst()
        .map(row -> row.get(CLIENT_ACCOUNTS.NAME.getName())).orElse(null);
    SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
    MigratedSchema.require(db, "seeding tenant " + document.tenantId + " (" + name + ") failed");
    ImportChecks.againstCatalog(document.rows, document.tenantId, catalog);
    return graph(document);
  }

  /**
   * The checks of {@link #read(InputStream, SchemaCatalog)} against {@code catalog} for a graph
   * read without one (or built otherwise); row numbers count in the graph's order.
   *
   * @throws InvalidExportException naming the table, row and column
   */
  public static void check(TenantGraph graph, SchemaCatalog catalog) {
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    for (String table : graph.tables()) {
      try (Stream<Row> stream = graph.rows(table)) {
        rows.put(table, stream.toList());
      }
    }
    ImportChecks.againstCatalog(rows, graph.tenantId(), catalog);
  }

  /** The export's tenant and rows, by table in the export's order. */
  private record Document(UUID tenantId, Map<String, List<Row>> rows) {}

  private static Document parse(InputStream in) {
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
    UUID tenantId = ImportValues.uuid(document.path("tenant_id"), "tenant_id");
    JsonNode tables = document.path("tables");
    if (!tables.isObject()) {
      throw new InvalidExportException("the export has no \"tables\" object");
    }
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = tables.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String table = entry.getKey();
      JsonNode array = entry.getValue();
      if (array.isNull()) {
        rows.put(table, List.of());
        continue;
      }
      if (!array.isArray()) {
        throw new InvalidExportException(table + " is not an array of rows");
      }
      Shapes shapes = new Shapes();
      List<Row> read = new ArrayList<>(array.size());
      int index = 0;
      for (JsonNode row : array) {
        read.add(row(table, row, index++, tenantId, shapes));
      }
      rows.put(table, read);
    }
    ImportChecks.keysAndReferences(rows);
    ImportChecks.assetGroups(rows);
    return new Document(tenantId, rows);
  }

  private static TenantGraph graph(Document document) {
    String root = CLIENT_ACCOUNTS.getName();
    List<Row> accounts = document.rows.getOrDefault(root, List.of());
    if (accounts.size() != 1) {
      throw new InvalidExportException(root + " must hold exactly the tenant's own row, not "
          + accounts.size() + " rows");
    }
    return TenantGraph.fromRows(document.tenantId, FIXTURE_NAME, null, document.rows);
  }

  private static Row row(String tableName, JsonNode row, int index, UUID tenantId, Shapes shapes) {
    String where = tableName + " row " + (index + 1);
    if (!row.isObject()) {
      throw new InvalidExportException(where + " is not a JSON object");
    }
    Table<?> table = Migration.MIGRATION.getTable(tableName);
    where += rowKey(table, row);
    String[] columns = new String[row.size()];
    Object[] values = new Object[row.size()];
    Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
    for (int i = 0; fields.hasNext(); i++) {
      Map.Entry<String, JsonNode> entry = fields.next();
      Field<?> field = table == null ? null : table.field(entry.getKey());
      String at = where + ", column " + entry.getKey();
      columns[i] = entry.getKey();
      values[i] = field == null ? ImportValues.generic(entry.getValue(), at) : ImportValues.typed(field, entry.getValue(), where);
    }
    String path = table == CLIENT_ACCOUNTS ? "" : path(tableName, index, columns, values);
    Row read = new Row(tableName, path, shapes.shape(columns), values);
    // A table the schema classes do not know names its tenant in the same column, if it has it
    // (the catalog check requires it); its value is the generic text of a uuid.
    String tenantColumn = table == CLIENT_ACCOUNTS ? CLIENT_ACCOUNTS.ID.getName() : SchemaCatalog.TENANT_COLUMN;
    if (table != null || read.has(tenantColumn)) {
      Object owner = read.get(tenantColumn);
      if (!tenantId.equals(owner) && !(owner instanceof String text && tenantId.toString().equalsIgnoreCase(text))) {
        throw new InvalidExportException(where + ": " + tenantColumn + " is " + owner
            + ", not the export's tenant " + tenantId);
      }
    }
    return read;
  }

  /** Where an imported row sits in the graph: its table and key, so drawn values do not depend on the file's order. */
  private static String path(String table, int index, String[] columns, Object[] values) {
    Object id = null;
    for (int i = 0; i < columns.length; i++) {
      id = "id".equals(columns[i]) ? values[i] : id;
    }
    return "export/" + table + "/" + (id != null ? ExportValues.text(id, -1) : "row-" + (index + 1));
  }

  /** " (id 5f3c...)": the row's primary key (its id for a table the schema classes do not know). */
  private static String rowKey(Table<?> table, JsonNode row) {
    List<String> key = table == null ? List.of("id") : table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
    StringBuilder text = new StringBuilder();
    for (String column : key) {
      JsonNode value = row.path(column);
      if (value.isValueNode() && !value.isNull()) {
        text.append(text.length() == 0 ? " (" : ", ").append(column).append(' ')
            .append(ImportValues.abbreviate(value.asText()));
      }
    }
    return text.length() == 0 ? "" : text.append(')').toString();
  }

  /** {@link #rowKey(Table, JsonNode)} of a row already read. */
  static String rowKey(String table, Row row) {
    Table<?> typed = Migration.MIGRATION.getTable(table);
    List<String> key = typed == null ? List.of("id") : typed.getPrimaryKey().getFields().stream().map(Field::getName).toList();
    StringBuilder text = new StringBuilder();
    for (String column : key) {
      Object value = row.get(column);
      if (value != null) {
        text.append(text.length() == 0 ? " (" : ", ").append(column).append(' ')
            .append(ImportValues.abbreviate(ExportValues.text(value, -1)));
      }
    }
    return text.length() == 0 ? "" : text.append(')').toString();
  }

  /** A literal address (see {@link ImportValues#inet}). */
  static Inet inet(String text) {
    return ImportValues.inet(text);
  }

  /** One column-name array per distinct column list of a table: a million rows share a handful. */
  private static final class Shapes {
    private final Map<List<String>, String[]> shapes = new HashMap<>();

    String[] shape(String[] columns) {
      return shapes.computeIfAbsent(Arrays.asList(columns), list -> columns);
    }
  }
}
