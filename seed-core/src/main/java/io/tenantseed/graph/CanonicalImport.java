package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tenantseed.graph.ExportReader.Document;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.schema.migration.Migration;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * TenantGraph big = CanonicalImport.read(Path.of("tenant.json"), dataSource); // streamed from the file
 * {
 * }
 * Seeder.forDataSource(dataSource).seed(graph);
 * </pre>
 *
 * <p>The graph is registered as fixture {@code export}, versioned by a digest of its rows.
 * An export file's large tables are read again from the file, not held. Stateless.
 */
public final class CanonicalImport {

  /** The registry's fixture name for graphs read from an export. */
  public static final String FIXTURE_NAME = "export";

  static final ObjectMapper READER = JsonMapper.builder(Json.factory(Json.MAX_DOCUMENT_DEPTH))
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // 1.50 in a jsonb value stays 1.50
      .build();

  private CanonicalImport() {}

  /**
   * The tenant of the export in {@code in}, checked offline only (any table name is taken);
   * the stream is read to its end, not closed. Every row is held in memory: for a large
   * export, read its file with {@link #read(Path, DataSource)}.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  public static TenantGraph read(InputStream in) {
    return graph(parse(ExportReader.read(in)));
  }

  /**
   * The tenant of the export in {@code in}, checked offline and against {@code catalog}, the
   * catalog of the database it is to be seeded into: a table or column the database lacks is
   * refused, and the references of tables the generated schema classes do not know are checked
   * with the catalog's foreign keys. Every row is held in memory.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  public static TenantGraph read(InputStream in, SchemaCatalog catalog) {
    Document document = parse(ExportReader.read(in));
    ImportChecks.againstCatalog(document.tables(), document.tenantId(), catalog);
    return graph(document);
  }

  /**
   * {@link #read(InputStream, SchemaCatalog)} against the live catalog of the database behind
   * {@code dataSource} (schema {@code migration}), read once the file has passed its offline
   * checks. Every row is held in memory.
   *
   * @throws InvalidExportException naming what is wrong and where
   * @throws io.tenantseed.migrate.NotMigratedException if the database has no schema {@code migration}
   */
  public static TenantGraph read(InputStream in, DataSource dataSource) {
    return checked(parse(ExportReader.read(in)), dataSource);
  }

  /**
   * {@link #read(InputStream, DataSource)} of an export file, streamed: what {@code seed load
   * --file} calls. A table of more than a few thousand rows is not held but parsed again from
   * the file each time the graph's {@link TenantGraph#rows(String)} is read, so a million
   * assets load in a small heap; the file must stay unchanged until the graph is seeded.
   *
   * @throws InvalidExportException naming what is wrong and where
   * @throws UncheckedIOException if the file cannot be read
   * @throws io.tenantseed.migrate.NotMigratedException if the database has no schema {@code migration}
   */
  public static TenantGraph read(Path file, DataSource dataSource) {
    DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
    SchemaCatalog catalog;
    try {
      catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
    } catch (RuntimeException e) {
      catalog = null; // the database's trouble is reported once the file has passed its own checks, as for a stream
    }
    // With the catalog at hand, one pass over the file checks it against both.
    Document document = parse(ExportReader.read(file, catalog == null ? null : new ImportChecks.CatalogRows(catalog)));
    return checked(document, dataSource);
  }

  /**
   * {@link #read(Path, DataSource)} under tenant id {@code tenantId} instead of the export's:
   * a clone ({@link TenantClone}) whose ids are remapped and whose unique values are made its
   * own, so that it lives beside the original. The export's own id, or null, reads it as it is.
   *
   * @throws InvalidExportException naming what is wrong and where
   */
  public static TenantGraph read(Path file, DataSource dataSource, UUID tenantId) {
    return as(read(file, dataSource), dataSource, tenantId);
  }

  /** {@link #read(InputStream, DataSource)} under tenant id {@code tenantId}, as {@link #read(Path, DataSource, UUID)}. */
  public static TenantGraph read(InputStream in, DataSource dataSource, UUID tenantId) {
    return as(read(in, dataSource), dataSource, tenantId);
  }

  /** {@link #read(InputStream, SchemaCatalog)} under tenant id {@code tenantId}, as {@link #read(Path, DataSource, UUID)}. */
  public static TenantGraph read(InputStream in, SchemaCatalog catalog, UUID tenantId) {
    TenantGraph graph = read(in, catalog);
    return tenantId == null || tenantId.equals(graph.tenantId()) ? graph
        : TenantClone.of(graph.tenantId(), tenantId, catalog).apply(graph);
  }

  private static TenantGraph as(TenantGraph graph, DataSource dataSource, UUID tenantId) {
    if (tenantId == null || tenantId.equals(graph.tenantId())) {
      return graph;
    }
    SchemaCatalog catalog = DSL.using(dataSource, SQLDialect.POSTGRES)
        .connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
    return TenantClone.of(graph.tenantId(), tenantId, catalog).apply(graph);
  }

  private static TenantGraph checked(Document document, DataSource dataSource) {
    DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
    // A table the migrations define and the database lacks is a schema changed by hand, named
    // as the seed names it, not a table of the export the database does not know.
    ExportReader.ExportTable accounts = document.tables().get(CLIENT_ACCOUNTS.getName());
    Object name = accounts == null || accounts.held() == null ? null : accounts.held().stream().findFirst()
        .map(row -> row.get(CLIENT_ACCOUNTS.NAME.getName())).orElse(null);
    SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, CanonicalExport.SCHEMA));
    MigratedSchema.require(db, "seeding tenant " + document.tenantId() + " (" + name + ") failed");
    ImportChecks.againstCatalog(document.tables(), document.tenantId(), catalog, document.catalogRows());
    return graph(document);
  }

  /**
   * The checks of {@link #read(InputStream, SchemaCatalog)} against {@code catalog} for a graph
   * read without one (or built otherwise); row numbers count in the graph's order.
   *
   * @throws InvalidExportException naming the table, row and column
   */
  public static void check(TenantGraph graph, SchemaCatalog catalog) {
    Map<String, TenantGraph.Source> rows = new LinkedHashMap<>();
    for (String table : graph.tables()) {
      rows.put(table, new GraphTable(graph, table));
    }
    ImportChecks.againstCatalog(rows, graph.tenantId(), catalog);
  }

  /** One table of a graph, as the checks read it. */
  private record GraphTable(TenantGraph graph, String table) implements TenantGraph.Source {
    @Override
    public long count() {
      return graph.rowCount(table);
    }

    @Override
    public Stream<Row> rows() {
      return graph.rows(table);
    }
  }

  /** The export read and checked offline: its format, values, tenant, keys and references. */
  private static Document parse(Document document) {
    Map<Field<?>, Set<Object>> keys = document.keys().finish(document.tables().keySet());
    ImportChecks.assetGroups(document.tables(), keys.getOrDefault(ASSETS.ID, Set.of()));
    return document;
  }

  private static TenantGraph graph(Document document) {
    String root = CLIENT_ACCOUNTS.getName();
    ExportReader.ExportTable accounts = document.tables().get(root);
    long count = accounts == null ? 0 : accounts.count();
    if (count != 1) {
      throw new InvalidExportException(root + " must hold exactly the tenant's own row, not " + count + " rows");
    }
    Map<String, List<Row>> held = new LinkedHashMap<>();
    Map<String, TenantGraph.Source> files = new LinkedHashMap<>();
    document.tables().forEach((table, rows) -> {
      if (rows.held() != null) {
        held.put(table, rows.held());
      } else {
        files.put(table, rows);
      }
    });
    return TenantGraph.fromSources(document.tenantId(), FIXTURE_NAME, null, held, files);
  }

  /** " (id 5f3c...)": the primary key of a row read (its id for a table the schema classes do not know). */
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
}
