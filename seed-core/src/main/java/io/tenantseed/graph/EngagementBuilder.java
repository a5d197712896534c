package io.tenantseed.graph;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An engagement of the tenant, with its master flows and its assets.
 *
 * <pre>
 * t.engagement("cloud-migration-2025", e -&gt; e.id("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa")
 *     .name("Cloud Migration 2025").type("migration").status("active")
 *     .startInDays(0).endInDays(180).createdBy("admin")
 *     .masterFlow("full-migration", f -&gt; f.type("full_migration"))
 *     .assets(50, (i, a) -&gt; a.kind(i &lt; 30 ? "server" : "application").discoveredBy("full-migration")))
 * </pre>
 */
public final class EngagementBuilder {

  private final String key;
  private UUID id;
  private String name;
  private String description;
  private String type;
  private String status = "planning";
  private LocalDate startDate;
  private Integer startInDays;
  private LocalDate endDate;
  private Integer endInDays;
  private Integer targetApplications;
  private String complexity;
  private String createdByKey;
  final List<MasterFlowBuilder> flows = new ArrayList<>();
  final List<Segment> segments = new ArrayList<>();
  private int assetCount;
  private final ColumnValues extra = new ColumnValues("engagements", java.util.Map.of("id", "id(...)",
      "client_account_id", "its tenant scope"));
  private final GenericRows generic = new GenericRows();

  EngagementBuilder(String key) {
    this.key = key;
  }

  public EngagementBuilder id(String id) {
    return id(Ids.parse(id));
  }

  public EngagementBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public EngagementBuilder name(String name) {
    this.name = name;
    return this;
  }

  public EngagementBuilder description(String description) {
    this.description = description;
    return this;
  }

  public EngagementBuilder type(String engagementType) {
    this.type = engagementType;
    return this;
  }

  public EngagementBuilder status(String status) {
    this.status = status;
    return this;
  }

  /** Trait: under way. */
  public EngagementBuilder active() {
    return status("active");
  }

  public EngagementBuilder startDate(LocalDate date) {
    this.startDate = date;
    return this;
  }

  /** Starts {@code days} after the graph's clock (0: today). */
  public EngagementBuilder startInDays(int days) {
    this.startInDays = days;
    return this;
  }

  public EngagementBuilder endDate(LocalDate date) {
    this.endDate = date;
    return this;
  }

  /** Ends {@code days} after the graph's clock. */
  public EngagementBuilder endInDays(int days) {
    this.endInDays = days;
    return this;
  }

  public EngagementBuilder targetApplications(int count) {
    this.targetApplications = count;
    return this;
  }

  public EngagementBuilder complexity(String estimatedComplexity) {
    this.complexity = estimatedComplexity;
    return this;
  }

  public EngagementBuilder createdBy(String userKey) {
    this.createdByKey = userKey;
    return this;
  }

  public EngagementBuilder masterFlow(String key, Consumer<MasterFlowBuilder> flow) {
    MasterFlowBuilder builder = new MasterFlowBuilder(key);
    flow.accept(builder);
    flows.add(builder);
    return this;
  }

  /**
   * {@code count} assets; the customizer gets each one's index within this call (0 to
   * count-1). Assets are numbered across the engagement in the order of these calls.
   */
  public EngagementBuilder assets(int count, AssetCustomizer customizer) {
    if (count < 0) {
      throw new IllegalArgumentException("asset count must not be negative: " + count);
    }
    segments.add(new Segment(assetCount, count, customizer));
    assetCount = Math.addExact(assetCount, count);
    return this;
  }

  /** One asset. */
  public EngagementBuilder asset(Consumer<AssetBuilder> asset) {
    return assets(1, (i, a) -> asset.accept(a));
  }

  /**
   * Sets column {@code column} of this engagement's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public EngagementBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> EngagementBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  /**
   * {@code count} rows of {@code table}, a table no builder describes, scoped to this
   * engagement: its tenant column and {@code engagement_id} are set by construction.
   * {@link Ref#asset(int)} and {@link Ref#row(String, int)} in them count within the engagement.
   *
   * <pre>
   * e.rows("assessments", 10, (i, r) -&gt; r.ref("asset_id", Ref.asset(i)).set("readiness_score", 0.5))
   * </pre>
   */
  public EngagementBuilder rows(String table, int count, java.util.function.BiConsumer<Integer, RowBuilder> each) {
    generic.add(table, count, each);
    return this;
  }

  String key() {
    return key;
  }

  int assetCount() {
    return assetCount;
  }

  UUID id(Scope scope) {
    return id != null ? id : scope.derive("");
  }

  /**
   * Adds the engagement's row, then its flows' rows (each flow builds its own), then its
   * assets and generic rows as runs generated on demand.
   */
  void build(Scope tenant, GraphParts parts) {
    Scope scope = tenant.child("engagement/" + key);
    if (parts.hasKey(GraphKeys.Kind.ENGAGEMENT, key)) {
      throw scope.invalid("the engagement key '" + key + "' is used twice");
    }
    Row row = TenantBuilder.withMessagesAt(scope, () -> GraphParts.row(record(scope), scope, extra));
    UUID engagementId = id(scope);
    parts.claim(engagementId, scope);
    parts.key(GraphKeys.Kind.ENGAGEMENT, key, engagementId, scope);
    parts.add(row);

    java.util.Map<String, AssetBuilder.FlowLinks> links = new java.util.HashMap<>();
    for (MasterFlowBuilder flow : flows) {
      links.put(flow.key(), flow.build(scope, engagementId, this, parts));
    }
    for (Segment segment : segments) {
      TenantGraph.AssetRun run = new TenantGraph.AssetRun(key, scope, engagementId, segment.start(), segment.count(),
          segment.customizer(), java.util.Map.copyOf(links));
      parts.run("assets", run);
      parts.references.assets(key, run);
    }
    generic.register(scope, key, engagementId, parts);
  }

  /**
   * The id of asset {@code index} of this engagement: the one its customizer gives it, else
   * the one derived from its place.
   */
  UUID assetId(Scope scope, int index) {
    for (Segment segment : segments) {
      if (index >= segment.start() && index < segment.start() + segment.count()) {
        AssetBuilder builder = new AssetBuilder();
        segment.customizer().customize(index - segment.start(), builder);
        return builder.id(TenantGraph.assetScope(scope, index));
      }
    }
    throw new IndexOutOfBoundsException("asset " + index + " of engagement '" + key + "'");
  }

  private io.tenantseed.schema.migration.tables.records.EngagementsRecord record(Scope scope) {
    Draws draws = scope.draws();
    LocalDate start = startDate != null ? startDate : startInDays != null ? scope.clock().inDays(startInDays) : null;
    LocalDate end = endDate != null ? endDate : endInDays != null ? scope.clock().inDays(endInDays) : null;
    if (start != null && end != null && end.isBefore(start)) {
      throw scope.invalid("ends on " + end + ", before it starts on " + start);
    }
    return Records.create(io.tenantseed.schema.migration.Tables.ENGAGEMENTS)
        .setId(id(scope))
        .setClientAccountId(scope.tenantId())
        .setName(name != null ? name : draws.faker("name").company().buzzword() + " migration")
        .setDescription(description)
        .setEngagementType(type != null ? type : draws.pick("type", List.of("migration", "modernization", "assessment")))
        .setStatus(status)
        .setStartDate(start)
        .setEndDate(end)
        .setTargetApplications(targetApplications)
        .setEstimatedComplexity(complexity)
        .setCreatedBy(scope.user(createdByKey, "createdBy"))
        .setCreatedAt(scope.clock().timestamp())
        .setUpdatedAt(scope.clock().timestamp());
  }

  /** A run of assets: indexes {@code start} to {@code start + count - 1} of the engagement. */
  record Segment(int start, int count, AssetCustomizer customizer) {}
}
