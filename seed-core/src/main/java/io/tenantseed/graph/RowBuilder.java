package io.tenantseed.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Field;

/**
 * One row of a table that has no builder of its own, handed to the customizer of
 * {@code rows(table, count, (i, r) -> ...)} on {@link TenantBuilder} and {@link EngagementBuilder}.
 * The scope sets the tenant column (and, in an engagement, {@code engagement_id}) by
 * construction; everything else is what the customizer sets. A column no row sets takes its
 * DEFAULT; a NOT NULL column without one gets a value drawn from its type and constraints,
 * deterministic by the row's path.
 *
 * <pre>
 * e.rows("assessments", 10, (i, r) -&gt; r
 *     .ref("asset_id", Ref.asset(i))                  // the id of the engagement's asset i
 *     .set("readiness_score", new BigDecimal("0.750"))
 *     .set("notes", null))                             // an explicit null
 * </pre>
 *
 * <p>Columns and values are checked against the live catalog when the graph is seeded, and
 * against the generated schema classes at build time where those know the table. Not thread-safe.
 */
public final class RowBuilder {

  private final String table;
  private final ColumnValues values;
  private final Map<String, Ref> refs = new LinkedHashMap<>();

  RowBuilder(String table, Map<String, String> reserved) {
    this.table = table;
    this.values = new ColumnValues(table, reserved);
  }

  /** Sets {@code column} to {@code value} (null for SQL NULL). */
  public RowBuilder set(String column, Object value) {
    values.set(column, value);
    refs.remove(column);
    return this;
  }

  /** Sets the column of {@code field} to {@code value}. */
  public <T> RowBuilder set(Field<T> field, T value) {
    values.set(field, value);
    refs.remove(field.getName());
    return this;
  }

  /** Sets {@code column} to the id of {@code target}, resolved when the graph is built. */
  public RowBuilder ref(String column, Ref target) {
    values.set(column, null); // checks that the column may be set
    refs.put(column, Objects.requireNonNull(target, "target"));
    return this;
  }

  /** Sets the row's {@code id} column. */
  public RowBuilder id(UUID id) {
    return set("id", Objects.requireNonNull(id, "id"));
  }

  /** Sets the row's {@code id} column, given as a UUID string. */
  public RowBuilder id(String id) {
    return id(Ids.parse(id));
  }

  String table() {
    return table;
  }

  /** The row: the scope's columns, then what was set, with references resolved. */
  Row build(Scope scope, Map<String, Object> byScope, java.util.function.Function<Ref, UUID> resolve) {
    Map<String, Object> row = new LinkedHashMap<>(byScope);
    values.converted(scope).forEach(row::put);
    refs.forEach((column, target) -> row.put(column, resolve.apply(target)));
    return Row.of(table, scope.path(), row);
  }
}
