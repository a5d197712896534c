package io.tenantseed.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The discovery flow of a master flow. Its {@code phases} document is built from the six
 * standard phases by the {@link #inProgress(String)} and {@link #completed()} traits, or
 * as a whole document; {@link #countDiscoveredAssets()} sets {@code discovered_assets_count}
 * from the engagement's assets.
 *
 * <pre>
 * f.discoveryFlow(d -&gt; d.flowId("44444444-4444-4444-4444-444444444444")
 *     .user("admin").type("automated").targetPlatforms("vmware", "aws", "applications")
 *     .startedAgo(Duration.ofHours(2)).inProgress("environment_scanning"))
 * </pre>
 */
public final class DiscoveryFlowBuilder {

  /** The platform's discovery phases, in order. */
  public static final List<String> PHASES =
      List.of("initialization", "agent_loading", "environment_scanning", "data_collection", "analysis", "reporting");

  /** Minutes between the starts of consecutive phases, for the traits' timestamps. */
  private static final int PHASE_MINUTES = 5;

  private UUID id;
  private final ColumnValues extra = new ColumnValues("discovery_flows", java.util.Map.of("client_account_id", "its tenant scope", "engagement_id", "its engagement scope", "id", "id(...)", "master_flow_id", "its master flow"));
  private UUID flowId;
  private String userKey;
  private String discoveryType = "automated";
  private List<String> targetPlatforms = List.of("vmware", "aws");
  private String status;
  private ObjectNode phases;
  private int discoveredAssetsCount;
  private boolean countAssets;
  private Duration startedAgo = Duration.ofHours(2);
  private String inProgressPhase = PHASES.get(0);
  private boolean completed;

  DiscoveryFlowBuilder() {}

  /**
   * Sets column {@code column} of this discovery flow's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public DiscoveryFlowBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> DiscoveryFlowBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  public DiscoveryFlowBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public DiscoveryFlowBuilder id(String id) {
    return id(Ids.parse(id));
  }

  public DiscoveryFlowBuilder flowId(String flowId) {
    return flowId(Ids.parse(flowId));
  }

  public DiscoveryFlowBuilder flowId(UUID flowId) {
    this.flowId = flowId;
    return this;
  }

  public DiscoveryFlowBuilder user(String userKey) {
    this.userKey = userKey;
    return this;
  }

  public DiscoveryFlowBuilder type(String discoveryType) {
    this.discoveryType = discoveryType;
    return this;
  }

  public DiscoveryFlowBuilder targetPlatforms(String... platforms) {
    this.targetPlatforms = List.of(platforms);
    return this;
  }

  public DiscoveryFlowBuilder status(String status) {
    this.status = status;
    return this;
  }

  /** When the first phase started, before the graph's clock (default 2 hours). */
  public DiscoveryFlowBuilder startedAgo(Duration duration) {
    this.startedAgo = duration;
    return this;
  }

  /** Trait: every phase before {@code phase} completed, {@code phase} running, the rest pending. */
  public DiscoveryFlowBuilder inProgress(String phase) {
    if (!PHASES.contains(phase)) {
      throw new IllegalArgumentException("unknown discovery phase '" + phase + "': expected one of " + PHASES);
    }
    this.inProgressPhase = phase;
    this.completed = false;
    return this;
  }

  /** Trait: every phase completed. */
  public DiscoveryFlowBuilder completed() {
    this.completed = true;
    return this;
  }

  /** Overrides the phases document entirely (a Map or a Jackson tree of a JSON object). */
  public DiscoveryFlowBuilder phases(Object phases) {
    if (!(Json.tree(phases) instanceof ObjectNode node)) {
      throw new IllegalArgumentException("phases must be a JSON object");
    }
    this.phases = node;
    return this;
  }

  public DiscoveryFlowBuilder discoveredAssetsCount(int count) {
    this.discoveredAssetsCount = count;
    this.countAssets = false;
    return this;
  }

  /** Sets {@code discovered_assets_count} to the number of assets of the engagement (default 0). */
  public DiscoveryFlowBuilder countDiscoveredAssets() {
    this.countAssets = true;
    return this;
  }

  Row build(Scope scope, UUID masterFlowId, UUID engagementId, int engagementAssets) {
    var record = Records.create(io.tenantseed.schema.migration.Tables.DISCOVERY_FLOWS)
        .setId(id != null ? id : scope.derive(""))
        .setFlowId(flowId != null ? flowId : scope.derive("flow-id"))
        .setMasterFlowId(masterFlowId)
        .setClientAccountId(scope.tenantId())
        .setEngagementId(engagementId)
        .setUserId(scope.user(userKey, "user"))
        .setDiscoveryType(discoveryType)
        .setTargetPlatforms(targetPlatforms.toArray(String[]::new))
        .setStatus(status != null ? status : completed ? "completed" : "in_progress")
        .setPhases(Json.jsonb(phases != null ? phases : standardPhases(scope)))
        .setDiscoveredAssetsCount(countAssets ? engagementAssets : discoveredAssetsCount)
        .setCreatedAt(scope.clock().ago(startedAgo))
        .setUpdatedAt(scope.clock().timestamp());
    return GraphParts.row(record, scope, extra);
  }

  private ObjectNode standardPhases(Scope scope) {
    ObjectNode document = Json.object();
    OffsetDateTime start = scope.clock().ago(startedAgo);
    int running = completed ? PHASES.size() : PHASES.indexOf(inProgressPhase);
    for (int i = 0; i < PHASES.size(); i++) {
      ObjectNode phase = document.putObject(PHASES.get(i));
      String at = start.plusMinutes((long) PHASE_MINUTES * i).format(DateTimeFormatter.ISO_INSTANT);
      if (i < running) {
        phase.put("status", "completed").put("completed_at", at);
      } else if (i == running) {
        phase.put("status", "in_progress").put("started_at", at);
      } else {
        phase.put("status", "pending");
      }
    }
    return document;
  }
}
