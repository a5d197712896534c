package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.JSONB;

/**
 * An export read for a comparison: each table's rows, each value as its canonical export text
 * (JSON, compact, numbers at their column's scale, timestamps in UTC, JSON keys sorted), so
 * that two values compare equal exactly when they export alike. Read leniently as to content
 * (no table is required, references may point at rows the file leaves out, as a
 * {@code containing()} file does), strictly as to form: JSON, the export's format, every
 * value's type, every row of the file's tenant, every table and column one of the database's.
 *
 * <pre>
 * ExportRows expected = ExportRows.read("expected.json", in, catalog, actualTenantId);
 * expected.rows("assets").get(0).value("asset_name");   // "\"server-01\""
 * </pre>
 *
 * <p>Every row is held. Immutable.
 */
final class ExportRows {

  /**
   * One row: its values by column, canonical, mapped to the compared tenant's ids; and, for
   * the rewrite of an expected file, the values as the file gives them, canonical too.
   */
  record CanonicalRow(Map<String, String> values, Map<String, String> originals) {
    String value(String column) {
      return values.get(column);
    }
  }

  private final UUID tenantId;
  private final Map<String, List<CanonicalRow>> tables;

  private ExportRows(UUID tenantId, Map<String, List<CanonicalRow>> tables) {
    this.tenantId = tenantId;
    this.tables = tables;
  }

  /** A document of tenant {@code tenantId} that lists no table: what a file that does not exist yet expects. */
  static ExportRows none(UUID tenantId) {
    return new ExportRows(tenantId, Map.of());
  }

  /** The tenant the document names (before any mapping). */
  UUID tenantId() {
    return tenantId;
  }

  /** The tables the document lists, in its order. */
  Map<String, List<CanonicalRow>> tables() {
    return tables;
  }

  /** The rows of {@code table}, none when the document does not list it. */
  List<CanonicalRow> rows(String table) {
    return tables.getOrDefault(table, List.of());
  }

  /**
   * Reads the export in {@code in}, which {@code name} names in every error; its rows are
   * mapped with {@link TenantClone} to tenant {@code as} when that is not null and not the
   * document's tenant.
   *
   * @throws InvalidExportException "{@code name}: what is wrong"
   */
  static ExportRows read(String name, InputStream in, SchemaCatalog catalog, UUID as) {
    return read(name, in, catalog, as, false);
  }

  /**
   * {@link #read(String, InputStream, SchemaCatalog, UUID)}; {@code lenient}: a row may leave out
   * its tenant column (a {@code containing()} file), which then is not among its values.
   */
  static ExportRows read(String name, InputStream in, SchemaCatalog catalog, UUID as, boolean lenient) {
    try {
      Map<String, Set<Integer>> untenanted = new HashMap<>();
      if (lenient) {
        in = withTenantColumns(in.readAllBytes(), catalog, untenanted);
      }
      ExportReader.Document document = ExportReader.read(in);
      UUID tenant = document.tenantId();
      TenantClone clone = as == null || as.equals(tenant) ? null : TenantClone.of(tenant, as, catalog);
      Map<String, List<CanonicalRow>> tables = new LinkedHashMap<>();
      for (Map.Entry<String, ExportReader.ExportTable> table : document.tables().entrySet()) {
        String tableName = table.getKey();
        if (!catalog.isTenantTable(tableName)) {
          throw new InvalidExportException("unknown table '" + tableName + "' (tables: "
              + String.join(", ", CanonicalExport.tableOrder(catalog.root, catalog.tenantTables)) + ")");
        }
        List<CanonicalRow> rows = new ArrayList<>();
        List<String> key = catalog.primaryKeys.getOrDefault(tableName, List.of());
        Set<List<String>> keys = new HashSet<>();
        try (Stream<Row> stream = table.getValue().rows()) {
          int index = 0;
          for (Row row : (Iterable<Row>) stream::iterator) {
            index++;
            Map<String, String> originals = canonical(catalog, row, index);
            if (!key.isEmpty() && originals.keySet().containsAll(key)
                && !keys.add(key.stream().map(originals::get).toList())) {
              throw new InvalidExportException(tableName + " row " + index + " repeats "
                  + String.join(", ", key) + " " + String.join(", ", key.stream().map(originals::get)
                      .map(value -> value.replaceAll("^\"(.*)\"$", "$1")).toList())
                  + " of an earlier row");
            }
            Map<String, String> values = clone == null ? originals : canonical(catalog, clone.valuesOf(row), index);
            if (untenanted.getOrDefault(tableName, Set.of()).contains(index)) {
              String column = catalog.tenantColumn(tableName);
              originals.remove(column);
              values.remove(column);
            }
            rows.add(new CanonicalRow(values, originals));
          }
        }
        tables.put(tableName, List.copyOf(rows));
      }
      return new ExportRows(tenant, tables);
    } catch (InvalidExportException e) {
      throw new InvalidExportException(name + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new InvalidExportException(name + ": cannot be read: " + e.getCause().getMessage(), e);
    } catch (IOException e) {
      throw new InvalidExportException(name + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The document with the tenant column added to every row that leaves it out, noted by table
   * and row number in {@code added}; the document itself when it does not parse as a tenant
   * export, for the reader to name what is wrong.
   */
  private static InputStream withTenantColumns(byte[] bytes, SchemaCatalog catalog, Map<String, Set<Integer>> added) {
    JsonNode document;
    try {
      document = CanonicalImport.READER.readTree(bytes);
    } catch (IOException e) {
      return new ByteArrayInputStream(bytes);
    }
    JsonNode tenant = document.path("tenant_id");
    if (!document.path("tables").isObject() || !tenant.isTextual()) {
      return new ByteArrayInputStream(bytes);
    }
    boolean changed = false;
    for (Map.Entry<String, JsonNode> table : document.path("tables").properties()) {
      String column = catalog.isTenantTable(table.getKey()) ? catalog.tenantColumn(table.getKey()) : null;
      if (column == null || !table.getValue().isArray()) {
        continue;
      }
      int index = 0;
      for (JsonNode row : table.getValue()) {
        index++;
        if (row instanceof ObjectNode object && !object.has(column)) {
          object.set(column, tenant);
          added.computeIfAbsent(table.getKey(), key -> new HashSet<>()).add(index);
          changed = true;
        }
      }
    }
    try {
      return changed ? new ByteArrayInputStream(CanonicalImport.READER.writeValueAsBytes(document))
          : new ByteArrayInputStream(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> canonical(SchemaCatalog catalog, Row row, int index) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < row.size(); i++) {
      String column = row.column(i);
      Column described = catalog.column(row.table(), column);
      if (described == null) {
        throw new InvalidExportException(row.table() + " row " + index + ": unknown column '" + column + "'");
      }
      if (described.generated()) {
        throw new InvalidExportException(row.table() + " row " + index + ": column '" + column
            + "' is generated (the database computes it, an export leaves it out)");
      }
      try {
        values.put(column, text(byColumn(described, row.value(i)), described.array() ? -1 : described.scale()));
      } catch (ExportValues.TooDeep e) {
        throw new InvalidExportException(row.table() + " row " + index + ", column " + column
            + ": its JSON value nests deeper than " + Json.MAX_VALUE_DEPTH + " levels", e);
      } catch (DateTimeException | IllegalArgumentException e) {
        throw new InvalidExportException(row.table() + " row " + index + ", column " + column
            + ": not a " + described.baseType() + (described.array() ? "[]" : "") + ": " + e.getMessage(), e);
      }
    }
    return values;
  }

  /**
   * A generic value (a table the generated classes do not know: text, a number, a JSON array)
   * as the export reads the column it is in, so that it prints alike: timestamps and dates
   * parsed (an offset to UTC, {@code .000} gone), an address as PostgreSQL prints it, a number
   * of a numeric column as a decimal (at its scale), of a float column as its text, a numeric array's
   * elements as their text at its scale. A value already typed (a known table's) is returned as it is.
   */
  private static Object byColumn(Column column, Object value) {
    if (column.array()) {
      if (!(value instanceof JSONB json) || !json.data().startsWith("[") || !column.baseType().equals("numeric")) {
        return value;
      }
      JsonNode elements;
      try {
        elements = CanonicalImport.READER.readTree(json.data());
      } catch (IOException e) {
        return value;
      }
      Object[] array = new Object[elements.size()];
      for (int i = 0; i < array.length; i++) {
        JsonNode element = elements.get(i);
        if (element.isTextual() || element.isNumber()) {
          Object number = element.isTextual() ? element.textValue() : element.decimalValue();
          array[i] = ExportValues.text(scalar(column, number), column.scale());
        } else if (!element.isNull()) {
          return value; // nested: as it is
        }
      }
      return array;
    }
    return scalar(column, value);
  }

  private static Object scalar(Column column, Object value) {
    return switch (column.baseType()) {
      case "timestamptz" -> value instanceof String text ? ImportValues.timestamp(text) : value;
      case "timestamp" -> value instanceof String text ? LocalDateTime.parse(text) : value;
      case "date" -> value instanceof String text ? LocalDate.parse(text) : value;
      case "inet" -> value instanceof String text ? ImportValues.inet(text) : value;
      case "numeric" -> value instanceof Long number ? BigDecimal.valueOf(number)
          : value instanceof String text && !ExportValues.NON_FINITE.contains(text) ? new BigDecimal(text) : value;
      case "float4", "float8" -> value instanceof Long || value instanceof BigDecimal ? numberText(value) : value;
      default -> value;
    };
  }

  private static String numberText(Object number) {
    return number instanceof BigDecimal decimal ? decimal.toString() : number.toString();
  }

  /** The canonical export text of one value, compact. */
  static String text(Object value, int scale) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.MAPPER.createGenerator(text)) {
      json.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
      ExportValues.write(json, value, scale);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
