package io.tenantseed.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The assessment flow of a master flow: it shares the master's {@code flow_id}, and groups the
 * engagement's assets into applications by asset index.
 *
 * <pre>
 * f.assessmentFlow(a -&gt; a.group("Order service", 30, 31, 32).group("Billing", 33).inProgress("six_r_analysis"))
 * </pre>
 *
 * <p>An asset listed twice in one group is refused at {@code build()}, unless the flow is
 * explicitly marked as bad data with {@link #allowDuplicateAssets()}.
 */
public final class AssessmentFlowBuilder {

  private UUID id;
  private final ColumnValues extra = new ColumnValues("assessment_flows", java.util.Map.of("client_account_id", "its tenant scope", "engagement_id", "its engagement scope", "id", "id(...)", "master_flow_id", "its master flow"));
  private UUID flowId;
  private String userKey;
  private String status = "initialized";
  private String currentPhase;
  private BigDecimal progress = BigDecimal.ZERO;
  private final List<Group> groups = new ArrayList<>();
  private boolean allowDuplicates;

  AssessmentFlowBuilder() {}

  /**
   * Sets column {@code column} of this assessment flow's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public AssessmentFlowBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> AssessmentFlowBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  public AssessmentFlowBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public AssessmentFlowBuilder id(String id) {
    return id(Ids.parse(id));
  }

  /** The flow id; by default the master flow's own. */
  public AssessmentFlowBuilder flowId(String flowId) {
    return flowId(Ids.parse(flowId));
  }

  public AssessmentFlowBuilder flowId(UUID flowId) {
    this.flowId = flowId;
    return this;
  }

  public AssessmentFlowBuilder user(String userKey) {
    this.userKey = userKey;
    return this;
  }

  /** An application group of the engagement's assets, by index. */
  public AssessmentFlowBuilder group(String name, int... assetIndexes) {
    List<Integer> indexes = new ArrayList<>(assetIndexes.length);
    for (int index : assetIndexes) {
      indexes.add(index);
    }
    groups.add(new Group(name, List.copyOf(indexes)));
    return this;
  }

  /** An application group of the engagement's assets, by index. */
  public AssessmentFlowBuilder group(String name, List<Integer> assetIndexes) {
    groups.add(new Group(name, List.copyOf(assetIndexes)));
    return this;
  }

  /** Bad data on purpose: lets a group list one asset more than once. */
  public AssessmentFlowBuilder allowDuplicateAssets() {
    this.allowDuplicates = true;
    return this;
  }

  /** Trait: running in {@code phase}. */
  public AssessmentFlowBuilder inProgress(String phase) {
    this.status = "in_progress";
    this.currentPhase = phase;
    this.progress = BigDecimal.valueOf(50);
    return this;
  }

  /** Trait: finished. */
  public AssessmentFlowBuilder completed() {
    this.status = "completed";
    this.currentPhase = "finalization";
    this.progress = BigDecimal.valueOf(100);
    return this;
  }

  public AssessmentFlowBuilder status(String status) {
    this.status = status;
    return this;
  }

  public AssessmentFlowBuilder progress(double percent) {
    this.progress = BigDecimal.valueOf(percent);
    return this;
  }

  Row build(Scope scope, UUID masterFlowId, UUID engagementId, int engagementAssets,
      IntFunction<UUID> assetId) {
    ArrayNode document = Json.MAPPER.createArrayNode();
    for (Group group : groups) {
      ObjectNode node = document.addObject();
      node.put("name", group.name());
      ArrayNode ids = node.putArray("asset_ids");
      Set<Integer> seen = new HashSet<>();
      for (int index : group.assetIndexes()) {
        if (index < 0 || index >= engagementAssets) {
          throw scope.invalid("group '" + group.name() + "' names asset " + index
              + ", but the engagement has " + engagementAssets + " assets (0.." + (engagementAssets - 1) + ")");
        }
        if (!seen.add(index) && !allowDuplicates) {
          throw scope.invalid("group '" + group.name() + "' lists asset " + index
              + " more than once (allowDuplicateAssets() marks such a flow as bad data on purpose)");
        }
        ids.add(assetId.apply(index).toString());
      }
    }
    var record = Records.create(io.tenantseed.schema.migration.Tables.ASSESSMENT_FLOWS)
        .setId(id != null ? id : scope.derive(""))
        .setFlowId(flowId != null ? flowId : masterFlowId)
        .setMasterFlowId(masterFlowId)
        .setClientAccountId(scope.tenantId())
        .setEngagementId(engagementId)
        .setUserId(scope.user(userKey, "user"))
        .setStatus(status)
        .setCurrentPhase(currentPhase)
        .setProgress(progress)
        .setApplicationAssetGroups(Json.jsonb(document))
        .setCreatedAt(scope.clock().timestamp())
        .setUpdatedAt(scope.clock().timestamp());
    return GraphParts.row(record, scope, extra);
  }

  private record Group(String name, List<Integer> assetIndexes) {}
}
