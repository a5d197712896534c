package io.tenantseed.graph;

import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.schema.migration.Migration;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The canonical JSON form of a tenant, format {@value #FORMAT}: the tenant's own table first,
 * then the other tables in alphabetical order; in each, rows ordered by the text of their
 * primary key's columns (by their canonical text for a table without one), columns and JSON
 * keys in alphabetical order, numbers at their column's scale, timestamps with time zone in
 * UTC, addresses as PostgreSQL prints them, {@code \n} line ends. The same tenant always
 * yields the same bytes, so its SHA-256 is a fingerprint and two exports compare with
 * {@code diff}.
 *
 * <pre>
 * String json = CanonicalExport.toJson(graph);           // the graph's tables and set columns
 * String sha256 = CanonicalExport.fingerprint(graph);
 * CanonicalExport.write(db, tenantId, Files.newOutputStream(path)); // every tenant table of the catalog
 * </pre>
 *
 * <p>The export of the database lists every tenant table of the live catalog and every
 * column, and streams: a million assets need no more memory than fifty. The export of a graph
 * lists the graph's tables and the columns each row sets (a column a row leaves to its
 * DEFAULT is not there); it holds the graph's rows of one table at a time while it orders
 * them. Stateless and thread-safe.
 */
public final class CanonicalExport {

  /** The {@code format} member of every export, changed whenever the format changes. */
  public static final String FORMAT = "tenant-seed/1";

  /** The schema of the tenant tables. */
  static final String SCHEMA = Migration.MIGRATION.getName();

  private CanonicalExport() {}

  /** The export of {@code graph}. */
  public static void write(TenantGraph graph, OutputStream out) {
    try (ExportWriter export = new ExportWriter(out, graph.tenantId())) {
      for (String table : tableOrder(graph.rootTable(), graph.tables())) {
        export.startTable(table);
        GraphTable shape = new GraphTable(table);
        List<Row> rows;
        try (Stream<Row> stream = graph.rows(table)) {
          rows = stream.toList();
        }
        for (GraphTable.Sorted row : shape.sorted(rows)) {
          export.row(table, row.columns(), row.values(), row.scales(), row.key());
        }
        export.endTable();
      }
    }
  }

  /**
   * The export of tenant {@code tenantId} as stored in the database behind {@code db}: every
   * tenant table of its catalog, every column, streamed.
   *
   * @throws NotMigratedException if the database lacks a table or column the migrations define
   */
  public static void write(DSLContext db, UUID tenantId, OutputStream out) {
    MigratedSchema.require(db, "cannot export");
    db.connection(connection -> write(connection, tenantId, out));
  }

  /**
   * {@link #write(DSLContext, UUID, OutputStream)} on {@code connection}: in a read-only
   * transaction of its own when the connection is in auto-commit, else in the caller's.
   */
  public static void write(Connection connection, UUID tenantId, OutputStream out) throws SQLException {
    DatabaseExport.write(connection, tenantId, () -> new ExportWriter(out, tenantId));
  }

  /**
   * {@link #write(DSLContext, UUID, OutputStream)} as characters, for a console: streamed
   * too (the export of a million assets is larger than a string can be).
   */
  public static void write(DSLContext db, UUID tenantId, Writer out) {
    MigratedSchema.require(db, "cannot export");
    db.connection(connection -> DatabaseExport.write(connection, tenantId, () -> new ExportWriter(out, tenantId)));
  }

  /** The export of tenant {@code tenantId} read from the database, as a string. */
  public static String toJson(DSLContext db, UUID tenantId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(db, tenantId, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The export of {@code graph} as a string. */
  public static String toJson(TenantGraph graph) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(graph, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
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
    for (String table : tableOrder(graph.rootTable(), graph.tables())) {
      sha256.update(table.getBytes(StandardCharsets.UTF_8));
      GraphTable shape = new GraphTable(table);
      try (Stream<Row> rows = graph.rows(table)) {
        rows.forEach(row -> {
          GraphTable.Sorted sorted = shape.sort(row);
          sha256.update(ExportWriter.canonicalText(table, sorted.columns(), sorted.values(), sorted.scales(),
              sorted.key()).getBytes(StandardCharsets.UTF_8));
        });
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The tables of an export: the tenant's own ({@code root}) first, then the others in alphabetical order. */
  static List<String> tableOrder(String root, Collection<String> tables) {
    List<String> order = new ArrayList<>(tables);
    order.remove(root);
    order.sort(Comparator.naturalOrder());
    order.add(0, root);
    return order;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * What the graph export knows of one table from the generated schema classes: each
   * column's numeric scale and the primary key. A table they do not know is ordered by its
   * {@code id} when every row has one, else by each row's canonical text.
   */
  private static final class GraphTable {

    /** A row ready to write; {@code key} names it in a message and is built only then. */
    record Sorted(String[] columns, Object[] values, int[] scales, Supplier<String> key) {}

    private final String name;
    private final Table<?> table;
    private final Map<String, Integer> scales = new HashMap<>();
    /** The last shape seen, sorted: the rows of one builder share theirs, so a million assets sort one. */
    private String[] shape;
    private String[] sortedColumns;
    private int[] sortedIndexes;
    private int[] sortedScales;

    GraphTable(String name) {
      this.name = name;
      this.table = Migration.MIGRATION.getTable(name);
    }

    /** The row with its columns in alphabetical order. */
    Sorted sort(Row row) {
      if (row.shape() != shape) {
        shape = row.shape();
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        String[] names = shape;
        Arrays.sort(order, Comparator.comparing(i -> names[i]));
        sortedColumns = new String[order.length];
        sortedIndexes = new int[order.length];
        sortedScales = new int[order.length];
        for (int i = 0; i < order.length; i++) {
          sortedIndexes[i] = order[i];
          sortedColumns[i] = shape[order[i]];
          sortedScales[i] = scale(sortedColumns[i]);
        }
      }
      Object[] values = new Object[sortedColumns.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.value(sortedIndexes[i]);
      }
      return new Sorted(sortedColumns, values, sortedScales, () -> key(row));
    }

    /** The rows sorted for the export. */
    List<Sorted> sorted(List<Row> rows) {
      List<String> key = keyColumns(rows);
      List<Map.Entry<List<String>, Sorted>> keyed = new ArrayList<>(rows.size());
      for (Row row : rows) {
        Sorted sorted = sort(row);
        List<String> order = key.isEmpty()
            ? List.of(ExportWriter.canonicalText(name, sorted.columns, sorted.values, sorted.scales, sorted.key))
            : key.stream().map(column -> ExportValues.text(row.get(column), scale(column))).toList();
        keyed.add(Map.entry(order, sorted));
      }
      keyed.sort(Map.Entry.comparingByKey(ExportValues::compareKeys));
      return keyed.stream().map(Map.Entry::getValue).toList();
    }

    private List<String> keyColumns(List<Row> rows) {
      if (table != null && table.getPrimaryKey() != null) {
        return table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
      }
      return !rows.isEmpty() && rows.stream().allMatch(row -> row.has("id")) ? List.of("id") : List.of();
    }

    private int scale(String column) {
      return scales.computeIfAbsent(column, name -> {
        Field<?> field = table == null ? null : table.field(name);
        return field != null && field.getDataType().scaleDefined() ? field.getDataType().scale() : -1;
      });
    }

    private String key(Row row) {
      if (table != null && table.getPrimaryKey() != null) {
        StringBuilder key = new StringBuilder();
        for (Field<?> field : table.getPrimaryKey().getFields()) {
          key.append(key.length() == 0 ? "" : ", ").append(field.getName()).append(' ').append(row.get(field.getName()));
        }
        return key.toString();
      }
      return row.has("id") ? "id " + row.get("id") : row.path();
    }
  }
}
