package io.tenantseed.graph;

import io.tenantseed.graph.ExportDiff.Difference;
import io.tenantseed.graph.ExportDiff.Kind;
import io.tenantseed.graph.ExportRows.CanonicalRow;
import io.tenantseed.internal.SchemaCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the expected rows of one table with the actual ones and lists what differs. A row is
 * found by its primary key when it lists every key column and none is ignored; otherwise (a
 * table without a key, a key column ignored or left out) by its other values, as a multiset:
 * as many expected rows as can be each paired with an unpaired actual row equal in every compared
 * column (a maximum matching, so a row listing fewer columns does not take the row another needs).
 *
 * <pre>
 * RowMatching table = RowMatching.of("assets", expectedRows, actualRows, key, ignored, false, "client_account_id");
 * table.differences();            // changed values, missing and extra rows
 * table.pairOf(expectedRow);      // the actual row it was found as, or null
 * </pre>
 *
 * <p>Not thread-safe; one per table and comparison.
 */
final class RowMatching {

  /** Marks a column a row does not list, in a message. */
  static final String ABSENT = "(not listed)";

  private final String table;
  /** Left out of a row's text in a message: every row has the tenant's id there. */
  private final String tenantColumn;
  private final List<String> key;
  private final IgnoredColumns ignored;
  private final boolean containing;
  private final Map<CanonicalRow, CanonicalRow> pairs = new IdentityHashMap<>();
  private final List<Difference> differences = new ArrayList<>();
  private Map<CanonicalRow, CanonicalRow> byActual;

  private RowMatching(String table, List<String> key, IgnoredColumns ignored, boolean containing,
      String tenantColumn) {
    this.table = table;
    this.tenantColumn = tenantColumn;
    this.key = key;
    this.ignored = ignored;
    this.containing = containing;
  }

  /** Pairs the rows of {@code table}; {@code key} its primary key (empty for none). */
  static RowMatching of(String table, List<CanonicalRow> expected, List<CanonicalRow> actual, List<String> key,
      IgnoredColumns ignored, boolean containing, String tenantColumn) {
    RowMatching matching = new RowMatching(table, key, ignored, containing, tenantColumn);
    matching.match(expected, actual);
    return matching;
  }

  /** The primary key of {@code table} in {@code catalog}, or none when a key column is ignored. */
  static List<String> key(SchemaCatalog catalog, String table, IgnoredColumns ignored) {
    List<String> key = catalog.primaryKeys.getOrDefault(table, List.of());
    return key.stream().anyMatch(column -> ignored.ignores(table, column)) ? List.of() : key;
  }

  List<Difference> differences() {
    return differences;
  }

  /** The expected row {@code actual} was paired with, or null. */
  CanonicalRow expectedOf(CanonicalRow actual) {
    if (byActual == null) {
      byActual = new IdentityHashMap<>();
      pairs.forEach((expected, found) -> byActual.put(found, expected));
    }
    return byActual.get(actual);
  }

  /** Whether {@code expected} is found by its key (rather than by its values). */
  boolean byKey(CanonicalRow expected) {
    return !key.isEmpty() && expected.values().keySet().containsAll(key);
  }

  /** The actual row {@code expected} was paired with, or null. */
  CanonicalRow pairOf(CanonicalRow expected) {
    return pairs.get(expected);
  }

  private void match(List<CanonicalRow> expected, List<CanonicalRow> actual) {
    Map<List<String>, CanonicalRow> byKey = new HashMap<>();
    if (!key.isEmpty()) {
      for (CanonicalRow row : actual) {
        byKey.put(keyOf(row), row);
      }
    }
    Set<CanonicalRow> unpaired = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    unpaired.addAll(actual);
    List<CanonicalRow> byValues = new ArrayList<>();
    for (CanonicalRow row : expected) {
      if (!key.isEmpty() && row.values().keySet().containsAll(key)) {
        CanonicalRow found = byKey.get(keyOf(row));
        if (found == null || !unpaired.contains(found)) {
          differences.add(new Difference(Kind.MISSING_ROW, table, keyText(row), null, rowText(row), null));
        } else {
          unpaired.remove(found);
          pairs.put(row, found);
          changedValues(row, found);
        }
      } else {
        byValues.add(row);
      }
    }
    matchByValues(byValues, actual, unpaired);
    if (!containing) {
      for (CanonicalRow row : actual) {
        if (unpaired.contains(row)) {
          differences.add(new Difference(Kind.EXTRA_ROW, table, keyText(row), null, null, rowText(row)));
        }
      }
    }
  }

  /**
   * Pairs {@code expected} with the {@code unpaired} actual rows equal in their compared columns,
   * as many as can be: rows that list more columns choose first, and an expected row left
   * without a pair takes one from a row that can move to another (an augmenting path), so the
   * result does not depend on the file's order.
   */
  private void matchByValues(List<CanonicalRow> expected, List<CanonicalRow> actual, Set<CanonicalRow> unpaired) {
    List<CanonicalRow> free = actual.stream().filter(unpaired::contains).toList();
    List<CanonicalRow> ordered = new ArrayList<>(expected);
    ordered.sort(Comparator.comparingInt((CanonicalRow row) -> row.values().size()).reversed());
    int[] actualOf = new int[ordered.size()];
    int[] expectedOf = new int[free.size()];
    Arrays.fill(actualOf, -1);
    Arrays.fill(expectedOf, -1);
    List<Integer> left = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = 0; j < free.size(); j++) {
        if (expectedOf[j] < 0 && sameValues(ordered.get(i), free.get(j))) {
          actualOf[i] = j;
          expectedOf[j] = i;
          break;
        }
      }
      if (actualOf[i] < 0) {
        left.add(i);
      }
    }
    for (int start : left) {
      augment(start, ordered, free, actualOf, expectedOf);
    }
    for (int i = 0; i < ordered.size(); i++) {
      if (actualOf[i] >= 0) {
        unpaired.remove(free.get(actualOf[i]));
        pairs.put(ordered.get(i), free.get(actualOf[i]));
      }
    }
    for (CanonicalRow row : expected) { // in the file's order
      if (!pairs.containsKey(row)) {
        differences.add(new Difference(Kind.MISSING_ROW, table, keyText(row), null, rowText(row), null));
      }
    }
  }

  /** Finds a pair for expected row {@code start} by moving paired rows along (breadth first). */
  private void augment(int start, List<CanonicalRow> expected, List<CanonicalRow> actual, int[] actualOf,
      int[] expectedOf) {
    int[] via = new int[actual.size()];
    Arrays.fill(via, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      int i = queue.poll();
      for (int j = 0; j < actual.size(); j++) {
        if (via[j] >= 0 || !sameValues(expected.get(i), actual.get(j))) {
          continue;
        }
        via[j] = i;
        if (expectedOf[j] < 0) {
          for (int at = j; at >= 0; ) {
            int owner = via[at];
            int previous = actualOf[owner];
            actualOf[owner] = at;
            expectedOf[at] = owner;
            at = previous;
          }
          return;
        }
        queue.add(expectedOf[j]);
      }
    }
  }

  /** The columns compared between an expected and an actual row. */
  private Set<String> compared(CanonicalRow expected, CanonicalRow actual) {
    Set<String> columns = new LinkedHashSet<>(expected.values().keySet());
    if (!containing) {
      columns.addAll(actual.values().keySet());
    }
    columns.removeIf(column -> ignored.ignores(table, column));
    return columns;
  }

  private boolean sameValues(CanonicalRow expected, CanonicalRow actual) {
    for (String column : compared(expected, actual)) {
      if (!String.valueOf(expected.value(column)).equals(String.valueOf(actual.value(column)))) {
        return false;
      }
    }
    return true;
  }

  private void changedValues(CanonicalRow expected, CanonicalRow actual) {
    for (String column : compared(expected, actual)) {
      String want = expected.value(column);
      String have = actual.value(column);
      if (want == null || !want.equals(have)) {
        String named = keyText(expected);
        differences.add(new Difference(Kind.CHANGED_VALUE, table, named.isEmpty() ? keyText(actual) : named, column,
            want == null ? ABSENT : want, have == null ? ABSENT : have));
      }
    }
  }

  private List<String> keyOf(CanonicalRow row) {
    List<String> values = new ArrayList<>(key.size());
    for (String column : key) {
      values.add(row.value(column));
    }
    return values;
  }

  /**
   * How a message names a row: "id 5f3c..." by its key, else by its compared values. A row of
   * a file whose ids were mapped (a clone's) is named by both: "id 5f3c..., in the file 0d6f...",
   * the id the database has and the one the file's author wrote.
   */
  private String keyText(CanonicalRow row) {
    if (!key.isEmpty() && row.values().keySet().containsAll(key)) {
      StringBuilder text = new StringBuilder();
      for (String column : key) {
        text.append(text.length() == 0 ? "" : ", ").append(column).append(' ').append(unquoted(row.value(column)));
        String original = row.originals().get(column);
        if (original != null && !original.equals(row.value(column))) {
          text.append(", in the file ").append(unquoted(original));
        }
      }
      return text.toString();
    }
    return "";
  }

  /** A row's compared values as compact JSON, for a missing or extra row (less its key and tenant, named already). */
  private String rowText(CanonicalRow row) {
    Map<String, String> values = new TreeMap<>(row.values());
    values.keySet().removeIf(column -> ignored.ignores(table, column) || column.equals(tenantColumn)
        || !keyText(row).isEmpty() && key.contains(column));
    StringBuilder text = new StringBuilder("{");
    values.forEach((column, value) -> text.append(text.length() == 1 ? "" : ",").append('"').append(column)
        .append("\":").append(value));
    return text.append('}').toString();
  }

  private static String unquoted(String json) {
    return json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"") && json.indexOf('\\') < 0
        ? json.substring(1, json.length() - 1) : json;
  }
}
