package io.tenantseed.internal;

import java.util.List;

/**
 * Internal. One column of a tenant table as the live catalog describes it: what the writer
 * needs to leave it to its DEFAULT or draw a value for it, and what the export needs to print
 * its values canonically.
 *
 * @param name the column's name
 * @param position its attnum (the table's column order)
 * @param type its type as {@code format_type} prints it, with modifiers ({@code numeric(5,2)},
 *     {@code character varying(255)}, {@code text[]}, {@code timestamp with time zone}): what a
 *     value is cast to
 * @param baseType the name in pg_type of its type, of the element type for an array, and of
 *     the base type for a domain ({@code numeric}, {@code varchar}, {@code text}, {@code timestamptz}, ...)
 * @param category pg_type.typcategory of {@link #baseType} ({@code N} numeric, {@code S}
 *     string, {@code B} boolean, {@code D} date/time, {@code U} user (uuid, json), {@code I}
 *     network address, {@code E} enum, ...)
 * @param array whether the column holds arrays of {@link #baseType}
 * @param enumLabels the labels of an enum type, in their order; empty otherwise
 * @param notNull whether the column is NOT NULL
 * @param defaultExpression its DEFAULT as pg_get_expr prints it, or null
 * @param identity whether it is an identity column (a value is generated unless given)
 * @param generated whether it is a generated column (no value may be given)
 * @param length the declared length of a varchar or char column, else -1
 * @param precision the declared precision of a numeric column, else -1
 * @param scale the declared scale of a numeric column, else -1
 * @param checks the CHECK constraints on this column alone, as pg_get_constraintdef prints them
 * @param identityAlways whether it is an identity column GENERATED ALWAYS (an INSERT may not
 *     set it without OVERRIDING SYSTEM VALUE), not BY DEFAULT
 */
public record Column(String name, int position, String type, String baseType, char category, boolean array,
    List<String> enumLabels, boolean notNull, String defaultExpression, boolean identity, boolean generated,
    int length, int precision, int scale, List<String> checks, boolean identityAlways) {

  public Column {
    enumLabels = List.copyOf(enumLabels);
    checks = List.copyOf(checks);
  }

  /** Whether the database fills the column when an INSERT leaves it out: a DEFAULT, an identity, a generated column. */
  public boolean fillsItself() {
    return defaultExpression != null || identity || generated;
  }

  /**
   * The type a value is cast to before it is assigned to the column: {@link #type} without the
   * length of a varchar or char ({@code varchar}, {@code bpchar}, with {@code []} for an array).
   * An explicit cast to {@code character varying(4)} truncates a longer value, while the
   * assignment refuses it (as COPY does): so the length is left for the assignment to check.
   * A numeric keeps its modifiers, as the assignment rounds it the same way.
   */
  public String castType() {
    if ((baseType.equals("varchar") || baseType.equals("bpchar")) && type.startsWith("character")) {
      return baseType + (array ? "[]" : ""); // a domain over them keeps its own name
    }
    return type;
  }

  /** Whether a row must give it a value: NOT NULL and nothing fills it. */
  public boolean required() {
    return notNull && !fillsItself();
  }
}
