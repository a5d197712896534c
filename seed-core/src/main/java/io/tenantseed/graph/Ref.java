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
 * t.rows("flow_notes", 1, (i, r) -&gt; r.ref("flow_id", masterFlow("cloud", "full-migration")))
 * </pre>
 *
 * <p>{@link #asset(int)} and {@link #row(String, int)} count within the scope of the row that
 * refers: an engagement's rows name its assets and its generic rows; a tenant's rows count
 * across the whole tenant. A generic row is referenced by its {@code id}: the one it sets, or
 * else the one the writer draws for a NOT NULL uuid {@code id} without a default
 * ({@link Ids#drawn}). Keys of users and engagements are the tenant's; keys of master flows
 * and data imports are their engagement's (see {@link #masterFlow(String)}). Immutable.
 */
public final class Ref {

  enum Kind { USER, ENGAGEMENT, MASTER_FLOW, DATA_IMPORT, ASSET, ROW }

  final Kind kind;
  final String key;
  /** The engagement a flow or import key is looked up in; null: the referring row's, then the tenant's. */
  final String engagementKey;
  final String table;
  final int index;

  private Ref(Kind kind, String key, String table, int index) {
    this(kind, null, key, table, index);
  }

  private Ref(Kind kind, String engagementKey, String key, String table, int index) {
    this.kind = kind;
    this.engagementKey = engagementKey;
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

  /**
   * Master flow {@code key}'s flow id. Flow keys are unique within their engagement: from an
   * engagement's rows this is that engagement's flow {@code key} when it has one; otherwise
   * (and from a tenant's rows) exactly one engagement of the tenant must have it, and a key
   * that several have fails the build naming them: choose with
   * {@link #masterFlow(String, String)}.
   */
  public static Ref masterFlow(String key) {
    return new Ref(Kind.MASTER_FLOW, Objects.requireNonNull(key, "flow key"), null, -1);
  }

  /** The flow id of master flow {@code flowKey} of engagement {@code engagementKey}. */
  public static Ref masterFlow(String engagementKey, String flowKey) {
    return new Ref(Kind.MASTER_FLOW, Objects.requireNonNull(engagementKey, "engagement key"),
        Objects.requireNonNull(flowKey, "flow key"), null, -1);
  }

  /**
   * Data import {@code key}'s id, looked up as {@link #masterFlow(String)} looks up a flow:
   * import keys too are unique within their engagement.
   */
  public static Ref dataImport(String key) {
    return new Ref(Kind.DATA_IMPORT, Objects.requireNonNull(key, "data import key"), null, -1);
  }

  /** The id of data import {@code importKey} of engagement {@code engagementKey}. */
  public static Ref dataImport(String engagementKey, String importKey) {
    return new Ref(Kind.DATA_IMPORT, Objects.requireNonNull(engagementKey, "engagement key"),
        Objects.requireNonNull(importKey, "data import key"), null, -1);
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
      case MASTER_FLOW -> "masterFlow(" + scoped() + ")";
      case DATA_IMPORT -> "dataImport(" + scoped() + ")";
      case ASSET -> "asset(" + index + ")";
      case ROW -> "row('" + table + "', " + index + ")";
    };
  }

  private String scoped() {
    return (engagementKey == null ? "" : "'" + engagementKey + "', ") + "'" + key + "'";
  }
}
