package io.tenantseed.graph;

import io.tenantseed.internal.Column;
import io.tenantseed.internal.SchemaCatalog;
import java.util.List;

/**
 * The columns a comparison leaves out, as patterns {@code table.column}, {@code *.column}
 * (that column of every table) or {@code table.*} (every column of the table).
 *
 * <pre>
 * IgnoredColumns ignored = IgnoredColumns.of(List.of("*.created_at", "assets.updated_at"));
 * ignored.ignores("users", "created_at");   // true
 * </pre>
 *
 * <p>Immutable.
 */
record IgnoredColumns(List<String> patterns) {

  IgnoredColumns {
    patterns = List.copyOf(patterns);
    for (String pattern : patterns) {
      int dot = pattern.indexOf('.');
      if (dot <= 0 || dot == pattern.length() - 1 || pattern.indexOf('.', dot + 1) >= 0
          || pattern.chars().anyMatch(Character::isWhitespace) || pattern.equals("*.*")) {
        throw new IllegalArgumentException("ignored column '" + pattern
            + "' is not table.column, *.column or table.*");
      }
    }
  }

  static IgnoredColumns none() {
    return new IgnoredColumns(List.of());
  }

  IgnoredColumns with(List<String> more) {
    List<String> all = new java.util.ArrayList<>(patterns);
    all.addAll(more);
    return new IgnoredColumns(all);
  }

  boolean ignores(String table, String column) {
    for (String pattern : patterns) {
      int dot = pattern.indexOf('.');
      String t = pattern.substring(0, dot);
      String c = pattern.substring(dot + 1);
      if ((t.equals("*") || t.equals(table)) && (c.equals("*") || c.equals(column))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every pattern names a column of a tenant table of {@code catalog}: a misspelt pattern would
   * ignore nothing, silently.
   *
   * @throws IllegalArgumentException naming the pattern
   */
  void check(SchemaCatalog catalog) {
    for (String pattern : patterns) {
      IgnoredColumns one = new IgnoredColumns(List.of(pattern));
      boolean matches = false;
      for (String table : CanonicalExport.tableOrder(catalog.root, catalog.tenantTables)) {
        for (Column column : catalog.columns(table)) {
          matches |= one.ignores(table, column.name());
        }
      }
      if (!matches) {
        throw new IllegalArgumentException("ignored column '" + pattern + "' matches no column of the tenant tables"
            + " of schema " + catalog.schema);
      }
    }
  }
}
