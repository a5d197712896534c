package io.tenantseed.graph;

import java.util.Objects;

/**
 * A reference from a generic row to another entity of the same tenant, resolved to that
 * entity's id when the graph is built: {@code import static io.tenantseed.graph.Ref.*;}
 *
 * <pre>
 * e.rows("assessments", 10, (i, r) -&gt; r.ref("asset_id", asset(i)).set("readiness_score", 0.5))
 * t.rows("audit_events", 3, (i, r) -&gt; r.ref("user_id", user("admin")).ref("engagement_id", engagement("cloud")))
 * t.rows("notes", 2, (i, r) -&gt; r.ref("assessment_id", row("assessments", i)))
 * </pre>
 *
 * <p>{@link #asset(int)} and {@link #row(String, int)} count within the scope of the row that
 * refers: an engagement's rows name its assets and its generic rows; a tenant's rows count
 * across the whole tenant. A generic row is referenced by its {@code id}: the one it sets, or
 * else the one the writer draws for a NOT NULL uuid {@code id} without a default
 * ({@link Ids#drawn}). Immutable.
 */
public final class Ref {

  enum Kind { USER, ENGAGEMENT, MASTER_FLOW, DATA_IMPORT, ASSET, ROW }

  final Kind kind;
  final String key;
  final String table;
  final int index;

  private Ref(Kind kind, String key, String table, int index) {
    this.kind = kind;
    this.key = key;
    this.table = table;
    this.index = index;
  }

  /** User {@code key}'s id. */
  public static Ref user(String key) {
    return new Ref(Kind.USER, Objects.requireNonNull(key, "user key"), null, -1);
  }

  /** Engagement {@code key}'s id. */
  public static Ref engagement(String key) {
    return new Ref(Kind.ENGAGEMENT, Objects.requireNonNull(key, "engagement key"), null, -1);
  }

  /** Master flow {@code key}'s flow id. */
  public static Ref masterFlow(String key) {
    return new Ref(Kind.MASTER_FLOW, Objects.requireNonNull(key, "flow key"), null, -1);
  }

  /** Data import {@code key}'s id. */
  public static Ref dataImport(String key) {
    return new Ref(Kind.DATA_IMPORT, Objects.requireNonNull(key, "data import key"), null, -1);
  }

  /** Asset {@code index} of the referring row's engagement (of the tenant, for a tenant's row). */
  public static Ref asset(int index) {
    return new Ref(Kind.ASSET, null, null, index);
  }

  /** Generic row {@code index} of {@code table} in the referring row's scope. */
  public static Ref row(String table, int index) {
    return new Ref(Kind.ROW, null, Objects.requireNonNull(table, "table"), index);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case USER -> "user('" + key + "')";
      case ENGAGEMENT -> "engagement('" + key + "')";
      case MASTER_FLOW -> "masterFlow('" + key + "')";
      case DATA_IMPORT -> "dataImport('" + key + "')";
      case ASSET -> "asset(" + index + ")";
      case ROW -> "row('" + table + "', " + index + ")";
    };
  }
}
