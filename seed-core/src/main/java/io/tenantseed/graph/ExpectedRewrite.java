package io.tenantseed.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.graph.ExportRows.CanonicalRow;
import io.tenantseed.internal.SchemaCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expected file written anew from the database's rows, so that the next comparison passes
 * (approval testing), changed as little as the rows allow:
 *
 * <ul>
 *   <li>A value equal to the file's (after its ids were mapped to the compared tenant) is
 *       written as the file gives it, so a file captured from the tenant a clone was seeded
 *       from keeps its ids, slugs and emails.
 *   <li>Any other value of a column whose ids a clone maps (uuid and JSON columns, unique text
 *       and emails) has every uuid that is the clone's id of a uuid of the file written back as
 *       that uuid, and the compared tenant's id as the file's. A new row's fresh ids stay as
 *       they are: they are no clone's, and a comparison under mapping sees them as changed
 *       next time, unless their columns are ignored.
 *   <li>An ignored column keeps the file's value where the file's row lists it and is left out
 *       otherwise. A table whose every column is ignored keeps the file's rows.
 *   <li>Without {@code containing()}: every table and row of the database, in the export's
 *       order. With it: only the tables and rows the file lists, in its order, each with the
 *       columns it lists; a row found by its key that the database no longer holds is left out,
 *       a row matched by its values that no longer matches is kept as the file has it (so
 *       the file still fails and {@link ExportComparison#update} warns), and rows the file
 *       does not list are not added.
 * </ul>
 *
 * <pre>
 * String json = new ExpectedRewrite(catalog, expected, actual, matchings, ignored, false).json();
 * </pre>
 *
 * <p>Stateless once built.
 */
final class ExpectedRewrite {

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final SchemaCatalog catalog;
  private final ExportRows expected;
  private final ExportRows actual;
  private final Map<String, RowMatching> matchings;
  private final IgnoredColumns ignored;
  private final boolean containing;
  /** The clone that maps the file's values to the compared tenant's, or null when it is the file's own. */
  private final TenantClone clone;
  /** The compared tenant's ids of the file's uuids, and back. */
  private final Map<String, String> back = new HashMap<>();

  ExpectedRewrite(SchemaCatalog catalog, ExportRows expected, ExportRows actual, UUID actualTenant,
      Map<String, RowMatching> matchings, IgnoredColumns ignored, boolean containing) {
    this.catalog = catalog;
    this.expected = expected;
    this.actual = actual;
    this.matchings = matchings;
    this.ignored = ignored;
    this.containing = containing;
    UUID from = expected.tenantId();
    this.clone = from.equals(actualTenant) ? null : TenantClone.of(from, actualTenant, catalog);
    if (!from.equals(actualTenant)) {
      back.put(actualTenant.toString(), from.toString());
      for (List<CanonicalRow> rows : expected.tables().values()) {
        for (CanonicalRow row : rows) {
          for (String value : row.originals().values()) {
            Matcher uuid = UUID_TEXT.matcher(value);
            while (uuid.find()) {
              UUID original = UUID.fromString(uuid.group());
              back.putIfAbsent(TenantClone.idOf(from, actualTenant, original).toString(), original.toString());
            }
          }
        }
      }
    }
  }

  /** The rewritten file. */
  String json() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ExportWriter export = new ExportWriter(bytes, expected.tenantId())) {
      List<String> tables = containing ? List.copyOf(expected.tables().keySet())
          : CanonicalExport.tableOrder(catalog.root, catalog.tenantTables);
      for (String table : tables) {
        export.startTable(table);
        for (Map<String, String> row : rows(table)) {
          String[] columns = row.keySet().toArray(String[]::new);
          Object[] values = new Object[columns.length];
          for (int i = 0; i < columns.length; i++) {
            values[i] = node(row.get(columns[i]));
          }
          export.row(table, columns, values, new int[columns.length], () -> "");
        }
        export.endTable();
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The rows to write of {@code table}, each its columns in alphabetical order. */
  private List<Map<String, String>> rows(String table) {
    List<Map<String, String>> rows = new ArrayList<>();
    RowMatching matching = matchings.get(table);
    if (matching == null) { // every column ignored: as the file has it
      expected.rows(table).forEach(row -> rows.add(new TreeMap<>(row.originals())));
      return rows;
    }
    if (containing) {
      for (CanonicalRow row : expected.rows(table)) {
        CanonicalRow found = matching.pairOf(row);
        if (found != null) {
          rows.add(row(table, row, found, row.values().keySet()));
        } else if (!matching.byKey(row)) { // kept as the file has it, for the next run to report
          rows.add(new TreeMap<>(row.originals()));
        }
      }
    } else {
      for (CanonicalRow row : actual.rows(table)) {
        rows.add(row(table, matching.expectedOf(row), row, row.values().keySet()));
      }
      // In the export's order of the ids written, which are the file's where they were mapped.
      List<String> key = catalog.primaryKeys.getOrDefault(table, List.of());
      rows.sort(Comparator.comparing(row -> order(key, row), ExportValues::compareKeys));
    }
    return rows;
  }

  /** What the export orders a row by: its key's texts, or its whole compact text for a table without one. */
  private static List<String> order(List<String> key, Map<String, String> row) {
    if (key.isEmpty() || !row.keySet().containsAll(key)) {
      StringBuilder text = new StringBuilder("{");
      row.forEach((column, value) -> text.append(text.length() == 1 ? "" : ",").append('"').append(column)
          .append("\":").append(value));
      return List.of(text.append('}').toString());
    }
    List<String> order = new ArrayList<>(key.size());
    for (String column : key) {
      JsonNode value = node(row.get(column));
      order.add(value.isTextual() ? value.textValue() : value.toString());
    }
    return order;
  }

  private Map<String, String> row(String table, CanonicalRow was, CanonicalRow now, Iterable<String> columns) {
    Map<String, String> row = new TreeMap<>();
    for (String column : columns) {
      String original = was == null ? null : was.originals().get(column);
      String value = now.value(column);
      if (ignored.ignores(table, column) || value == null) {
        if (original != null) {
          row.put(column, original);
        }
      } else if (was != null && value.equals(was.value(column))) {
        row.put(column, original);
      } else {
        row.put(column, mapsIds(table, column) ? back(value) : value);
      }
    }
    return row;
  }

  /** Whether a clone maps the values of the column, as {@link TenantClone} tells them apart. */
  private boolean mapsIds(String table, String name) {
    return catalog.column(table, name) != null && clone != null && clone.maps(table, name);
  }

  private String back(String value) {
    if (back.isEmpty()) {
      return value;
    }
    Matcher uuid = UUID_TEXT.matcher(value);
    StringBuilder text = new StringBuilder();
    while (uuid.find()) {
      uuid.appendReplacement(text, Matcher.quoteReplacement(back.getOrDefault(uuid.group(), uuid.group())));
    }
    uuid.appendTail(text);
    return text.toString();
  }

  private static JsonNode node(String canonical) {
    try {
      return CanonicalImport.READER.readTree(canonical);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical value that is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
