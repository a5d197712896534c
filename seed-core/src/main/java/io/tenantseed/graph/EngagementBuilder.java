package io.tenantseed.graph;

import io.tenantseed.schema.migration.tables.records.EngagementsRecord;
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

  EngagementBuilder(String key) {
    this.key = key;
  }

  public EngagementBuilder id(String id) {
    return id(UUID.fromString(id));
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

  String key() {
    return key;
  }

  int assetCount() {
    return assetCount;
  }

  UUID id(Scope scope) {
    return id != null ? id : scope.derive("");
  }

  EngagementsRecord build(Scope scope) {
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
