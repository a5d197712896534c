package io.tenantseed.graph;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@link ExportComparison} found between a tenant in the database and an expected export
 * file: the differences, the actual export, and the file as it would be rewritten to match.
 *
 * <pre>
 * ExportDiff diff = ExportComparison.of(dataSource, tenantId).compare(Path.of("expected.json"));
 * if (!diff.equal()) {
 *   System.out.println(diff.format());   // at most 20 lines, then "... and K more differences"
 * }
 * </pre>
 *
 * <p>Immutable; the rewritten file is computed when first asked for.
 */
public final class ExportDiff {

  /** The lines {@link #format()} shows at most. */
  public static final int MAX_LINES = 20;

  /** What kind of difference. */
  public enum Kind {
    /** A row is in both, a column's value differs. */
    CHANGED_VALUE,
    /** The file lists a row the database does not hold. */
    MISSING_ROW,
    /** The database holds a row the file does not list (never with {@code containing()}). */
    EXTRA_ROW,
    /** The file lists rows of a table in which the database holds none of the tenant's. */
    MISSING_TABLE,
    /** The database holds rows of a table the file does not list (never with {@code containing()}). */
    EXTRA_TABLE
  }

  /**
   * One difference. Values are their canonical export text, compact JSON ({@code "a"},
   * {@code 1.50}, {@code null}); a whole row's for a missing or extra row.
   *
   * @param kind what differs
   * @param table the table
   * @param row the row's primary key ({@code id 5f3c...}), empty for a row without one and for a table
   * @param column the column of a changed value, else null
   * @param expected the value (or row, or row count) the file gives, null for an extra row or table
   * @param actual the value (or row, or row count) the database holds, null for a missing row or table
   */
  public record Difference(Kind kind, String table, String row, String column, String expected, String actual) {

    public Difference {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(table, "table");
      row = row == null ? "" : row;
    }

    /** One line: {@code assets (id 5f3c...): asset_name: expected "a", actual "b"}. */
    @Override
    public String toString() {
      String where = table + (row.isEmpty() ? "" : " (" + row + ")");
      return switch (kind) {
        case CHANGED_VALUE -> where + ": " + column + ": expected " + cut(expected) + ", actual " + cut(actual);
        case MISSING_ROW -> where + ": missing row " + cut(expected);
        case EXTRA_ROW -> where + ": extra row " + cut(actual);
        case MISSING_TABLE -> where + ": " + expected + " expected rows, none in the database";
        case EXTRA_TABLE -> where + ": " + actual + " rows in the database, the file lists none";
      };
    }

    private static String cut(String value) {
      return value.length() <= 120 ? value : value.substring(0, 117) + "...";
    }
  }

  private final String expectedName;
  private final List<Difference> differences;
  private final String actualExport;
  private final Supplier<String> rewrite;
  private String rewritten;

  ExportDiff(String expectedName, List<Difference> differences, String actualExport, Supplier<String> rewrite) {
    this.expectedName = expectedName;
    this.differences = List.copyOf(differences);
    this.actualExport = actualExport;
    this.rewrite = rewrite;
  }

  /** Whether the tenant matches the file. */
  public boolean equal() {
    return differences.isEmpty();
  }

  /** Every difference, table by table in the export's order. */
  public List<Difference> differences() {
    return differences;
  }

  /** The expected file as named in the comparison. */
  public String expectedName() {
    return expectedName;
  }

  /** {@link #format(int)} of {@link #MAX_LINES}. */
  public String format() {
    return format(MAX_LINES);
  }

  /**
   * The differences, one a line, at most {@code maxLines}, then {@code ... and K more
   * differences} if there are more; empty when equal.
   */
  public String format(int maxLines) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(Math.max(maxLines, 0), differences.size());
    for (int i = 0; i < shown; i++) {
      text.append(differences.get(i)).append('\n');
    }
    int rest = differences.size() - shown;
    if (rest > 0) {
      text.append("... and ").append(rest).append(rest == 1 ? " more difference" : " more differences").append('\n');
    }
    return text.toString();
  }

  /** The canonical export of the tenant as the database holds it, in full (what {@code seed export} prints). */
  public String actualExport() {
    return actualExport;
  }

  /**
   * The expected file written anew to match the database (approval testing): see
   * {@link ExportComparison#update(java.nio.file.Path)}.
   */
  public synchronized String rewrittenExpected() {
    if (rewritten == null) {
      rewritten = rewrite.get();
    }
    return rewritten;
  }

  @Override
  public String toString() {
    return equal() ? "equal to " + expectedName
        : differences.size() + " differences from " + expectedName + ":\n" + format();
  }
}
