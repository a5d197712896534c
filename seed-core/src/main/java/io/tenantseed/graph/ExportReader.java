package io.tenantseed.graph;

import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.schema.migration.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Reads a {@link CanonicalExport} with Jackson's streaming parser, one row at a time, never
 * the whole document as a tree. Every value is checked as it is read; a table of more than
 * {@link #HELD_ROWS} rows of an export file is not kept: its position in the file is, and
 * {@link ExportTable#rows()} parses it again from there each time it is asked for.
 *
 * <pre>
 * ExportReader.Document document = ExportReader.read(Path.of("tenant.json"));
 * document.tables().get("assets").count();      // 1000000, none of them on the heap
 * try (Stream&lt;Row&gt; assets = document.tables().get("assets").rows()) { ... }
 * </pre>
 *
 * <p>The members {@code format} and {@code tenant_id} are expected before {@code tables}, as
 * the export writes them; a document that has them after its tables is read whole. Stateless.
 */
final class ExportReader {

  /** The most rows of one table of an export file kept on the heap; a larger table is read again from the file. */
  static final int HELD_ROWS = 10_000;

  /** Trees of one row at a time: the parser goes on after the row, so no check for tokens after it. */
  private static final ObjectReader ROW = CanonicalImport.READER.reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ExportReader() {}

  /** The export's tenant and its tables, in the export's order. */
  record Document(UUID tenantId, Map<String, ExportTable> tables, ExportKeys keys,
      ImportChecks.CatalogRows catalogRows) {}

  /** Every row of an export read from a stream, held on the heap; {@code in} is not closed. */
  static Document read(InputStream in) {
    return parse(in, null, null);
  }

  /**
   * An export file, its large tables left in the file; each row also fed to {@code catalogRows}
   * when not null (its errors are left for the caller to report).
   */
  static Document read(Path file, ImportChecks.CatalogRows catalogRows) {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return parse(in, file, catalogRows);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed", e);
    }
  }

  private static Document parse(InputStream in, Path file, ImportChecks.CatalogRows catalogRows) {
    try (JsonParser parser = CanonicalImport.READER.createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidExportException("not a tenant export: the document is not a JSON object");
      }
      JsonNode format = null;
      JsonNode tenant = null;
      UUID tenantId = null;
      JsonNode treeOfTables = null;
      Map<String, ExportTable> tables = null;
      RowSink keys = new RowSink(new ExportKeys(), catalogRows);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        parser.nextToken();
        switch (member) {
          case "format" -> format = ROW.readTree(parser);
          case "tenant_id" -> tenant = ROW.readTree(parser);
          case "tables" -> {
            if (format != null && tenant != null) {
              tenantId = header(format, tenant);
              tables = tables(parser, tenantId, file, keys);
            } else {
              treeOfTables = ROW.readTree(parser);
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidExportException("not a JSON document: content after its end (line "
            + parser.currentTokenLocation().getLineNr() + ")");
      }
      if (tables == null) {
        tenantId = header(format, tenant);
        tables = tree(treeOfTables, tenantId, keys);
      }
      return new Document(tenantId, tables, keys.keys(), catalogRows);
    } catch (JsonProcessingException e) {
      throw new InvalidExportException("not a JSON document: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the export failed", e);
    }
  }

  /** The tenant, once the format is known to be ours. */
  private static UUID header(JsonNode formatNode, JsonNode tenant) {
    String format = formatNode == null ? null : formatNode.asText(null);
    if (!CanonicalExport.FORMAT.equals(format)) {
      throw new InvalidExportException("not a tenant export of format " + CanonicalExport.FORMAT + " (format: "
          + (format == null ? "missing" : "'" + format + "'") + ")");
    }
    return ImportValues.uuid(tenant == null ? MissingNode.getInstance() : tenant, "tenant_id");
  }

  /** The tables object under the parser, read row by row. */
  private static Map<String, ExportTable> tables(JsonParser parser, UUID tenantId, Path file, RowSink keys)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidExportException("the export has no \"tables\" object");
    }
    Map<String, ExportTable> tables = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String table = parser.currentName();
      JsonToken token = parser.nextToken();
      keys.table(table, tenantId);
      if (token == JsonToken.VALUE_NULL) {
        tables.put(table, ExportTable.held(table, List.of()));
        continue;
      }
      if (token != JsonToken.START_ARRAY) {
        throw new InvalidExportException(table + " is not an array of rows");
      }
      long offset = parser.currentTokenLocation().getByteOffset();
      RowReader rows = new RowReader(table, tenantId);
      List<Row> held = new ArrayList<>();
      long count = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        Row row = rows.next(ROW.readTree(parser));
        keys.row(row, (int) ++count);
        if (held != null) {
          held.add(row);
          held = file != null && held.size() > HELD_ROWS ? null : held;
        }
      }
      tables.put(table, held != null ? ExportTable.held(table, held)
          : new ExportTable(table, count, null, file, offset, tenantId));
    }
    return tables;
  }

  /** The tables of a document read whole (its tables came before its format or tenant). */
  private static Map<String, ExportTable> tree(JsonNode tables, UUID tenantId, RowSink keys) {
    if (tables == null || !tables.isObject()) {
      throw new InvalidExportException("the export has no \"tables\" object");
    }
    Map<String, ExportTable> read = new LinkedHashMap<>();
    tables.properties().forEach(entry -> {
      JsonNode array = entry.getValue();
      if (!array.isNull() && !array.isArray()) {
        throw new InvalidExportException(entry.getKey() + " is not an array of rows");
      }
      RowReader rows = new RowReader(entry.getKey(), tenantId);
      List<Row> held = new ArrayList<>();
      keys.table(entry.getKey(), tenantId);
      array.forEach(row -> {
        held.add(rows.next(row));
        keys.row(held.get(held.size() - 1), held.size());
      });
      read.put(entry.getKey(), ExportTable.held(entry.getKey(), held));
    });
    return read;
  }

  /**
   * One table of an export: its rows held, or where its array starts in {@code file}.
   * Thread-safe: each {@link #rows()} opens the file anew.
   */
  record ExportTable(String table, long count, List<Row> held, Path file, long offset, UUID tenantId)
      implements TenantGraph.Source {

    static ExportTable held(String table, List<Row> rows) {
      return new ExportTable(table, rows.size(), List.copyOf(rows), null, -1, null);
    }

    @Override
    public Stream<Row> rows() {
      if (held != null) {
        return held.stream();
      }
      JsonParser parser;
      try {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        parser = CanonicalImport.READER.createParser(Channels.newInputStream(channel));
        if (parser.nextToken() != JsonToken.START_ARRAY) {
          parser.close();
          throw new IllegalStateException(file + " changed while it was being loaded");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + " failed", e);
      }
      RowReader reader = new RowReader(table, tenantId);
      Iterator<Row> iterator = new Iterator<>() {
        private JsonToken token;

        @Override
        public boolean hasNext() {
          try {
            token = token != null ? token : parser.nextToken();
          } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
          }
          return token != JsonToken.END_ARRAY && token != null;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          token = null;
          try {
            return reader.next(ROW.readTree(parser));
          } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
          }
        }
      };
      return StreamSupport.stream(Spliterators.spliterator(iterator, count,
          Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false).onClose(() -> {
            try {
              parser.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  /** Where each row goes as it is read: the key checks, and the catalog's if there is one. */
  private record RowSink(ExportKeys keys, ImportChecks.CatalogRows catalogRows) {
    void table(String table, UUID tenantId) {
      keys.table(table);
      if (catalogRows != null) {
        catalogRows.table(table, tenantId);
      }
    }

    void row(Row row, int index) {
      keys.row(row, index);
      if (catalogRows != null) {
        catalogRows.row(row, index);
      }
    }
  }

  /** The rows of one table in the export's order: each checked, numbered from 1, sharing column arrays. */
  private static final class RowReader {
    private final String tableName;
    private final Table<?> table;
    private final UUID tenantId;
    private final Map<List<String>, String[]> shapes = new HashMap<>();
    private final List<String> key;
    private int index;

    RowReader(String tableName, UUID tenantId) {
      this.tableName = tableName;
      this.table = Migration.MIGRATION.getTable(tableName);
      this.tenantId = tenantId;
      this.key = table == null ? List.of("id") : table.getPrimaryKey().getFields().stream().map(Field::getName).toList();
    }

    Row next(JsonNode row) {
      if (!row.isObject()) {
        throw new InvalidExportException(tableName + " row " + (index + 1) + " is not a JSON object");
      }
      int number = index + 1;
      Object where = new Object() {
        @Override
        public String toString() {
          return tableName + " row " + number + rowKey(row);
        }
      };
      String[] columns = new String[row.size()];
      Object[] values = new Object[row.size()];
      Iterator<Map.Entry<String, JsonNode>> fields = row.properties().iterator();
      for (int i = 0; fields.hasNext(); i++) {
        Map.Entry<String, JsonNode> entry = fields.next();
        Field<?> field = table == null ? null : table.field(entry.getKey());
        Object at = new ImportValues.At(where, entry.getKey());
        columns[i] = entry.getKey();
        values[i] = field == null ? ImportValues.generic(entry.getValue(), at) : ImportValues.typed(field, entry.getValue(), where);
      }
      String path = table == CLIENT_ACCOUNTS ? "" : path(columns, values);
      Row read = new Row(tableName, path, shapes.computeIfAbsent(Arrays.asList(columns), list -> columns), values);
      index++;
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
    private String path(String[] columns, Object[] values) {
      Object id = null;
      for (int i = 0; i < columns.length; i++) {
        id = "id".equals(columns[i]) ? values[i] : id;
      }
      return "export/" + tableName + "/" + (id != null ? ExportValues.text(id, -1) : "row-" + (index + 1));
    }

    /** " (id 5f3c...)": the row's primary key (its id for a table the schema classes do not know). */
    private String rowKey(JsonNode row) {
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
  }
}
