package io.tenantseed.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A master flow ({@code crewai_flow_state_extensions}): the orchestration record that child
 * flows, data imports and assets hang from.
 *
 * <pre>
 * e.masterFlow("full-migration", f -&gt; f.id("33333333-3333-3333-3333-333333333333")
 *     .type("full_migration").displayName("Full Migration Workflow")
 *     .phaseHistory("initialization", "discovery").crewState(Map.of("current_task", "environment_scanning"))
 *     .discoveryFlow(d -&gt; d.inProgress("environment_scanning"))
 *     .dataImport("vcenter", i -&gt; i.name("VMware vCenter Export")))
 * </pre>
 */
public final class MasterFlowBuilder {

  private final String key;
  private UUID flowId;
  private String flowType = "discovery";
  private String displayName;
  private String description;
  private String flowStatus = "active";
  private String currentPhase;
  private List<String> phaseHistory = List.of();
  private JsonNode crewState = Json.object();
  private String userKey;
  DiscoveryFlowBuilder discovery;
  AssessmentFlowBuilder assessment;
  final List<DataImportBuilder> imports = new ArrayList<>();
  private final ColumnValues extra = new ColumnValues("crewai_flow_state_extensions",
      java.util.Map.of("client_account_id", "its tenant scope", "engagement_id", "its engagement scope", "flow_id", "id(...)"));

  MasterFlowBuilder(String key) {
    this.key = key;
  }

  public MasterFlowBuilder id(String flowId) {
    this.flowId = Ids.parse(flowId);
    return this;
  }

  public MasterFlowBuilder id(UUID flowId) {
    this.flowId = flowId;
    return this;
  }

  public MasterFlowBuilder type(String flowType) {
    this.flowType = flowType;
    return this;
  }

  public MasterFlowBuilder displayName(String displayName) {
    this.displayName = displayName;
    return this;
  }

  public MasterFlowBuilder description(String description) {
    this.description = description;
    return this;
  }

  public MasterFlowBuilder user(String userKey) {
    this.userKey = userKey;
    return this;
  }

  /** The phases passed so far, oldest first; the last is the current phase unless set. */
  public MasterFlowBuilder phaseHistory(String... phases) {
    this.phaseHistory = List.of(phases);
    return this;
  }

  public MasterFlowBuilder currentPhase(String phase) {
    this.currentPhase = phase;
    return this;
  }

  /** The crew's state document (a Map or a Jackson tree). */
  public MasterFlowBuilder crewState(Object state) {
    if (!(Json.tree(state) instanceof ObjectNode node)) {
      throw new IllegalArgumentException("crew state must be a JSON object");
    }
    this.crewState = node;
    return this;
  }

  /** Trait: running. */
  public MasterFlowBuilder inProgress() {
    this.flowStatus = "active";
    return this;
  }

  /** Trait: finished. */
  public MasterFlowBuilder completed() {
    this.flowStatus = "completed";
    return this;
  }

  public MasterFlowBuilder status(String flowStatus) {
    this.flowStatus = flowStatus;
    return this;
  }

  public MasterFlowBuilder discoveryFlow(Consumer<DiscoveryFlowBuilder> flow) {
    discovery = discovery != null ? discovery : new DiscoveryFlowBuilder();
    flow.accept(discovery);
    return this;
  }

  public MasterFlowBuilder assessmentFlow(Consumer<AssessmentFlowBuilder> flow) {
    assessment = assessment != null ? assessment : new AssessmentFlowBuilder();
    flow.accept(assessment);
    return this;
  }

  public MasterFlowBuilder dataImport(String key, Consumer<DataImportBuilder> dataImport) {
    DataImportBuilder builder = new DataImportBuilder(key);
    dataImport.accept(builder);
    imports.add(builder);
    return this;
  }

  /**
   * Sets column {@code column} of this master flow's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public MasterFlowBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> MasterFlowBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  String key() {
    return key;
  }

  UUID flowId(Scope scope) {
    return flowId != null ? flowId : scope.derive("");
  }

  /**
   * Adds the master flow's row, then its discovery flow's, assessment flow's and data imports'
   * rows (each built by its own builder); returns what assets link to.
   */
  AssetBuilder.FlowLinks build(Scope engagement, UUID engagementId, EngagementBuilder owner, GraphParts parts) {
    Scope scope = engagement.child("flow/" + key);
    parts.checkUnused(GraphKeys.Kind.FLOW, owner.key(), key, scope);
    UUID id = flowId(scope);
    Row master = TenantBuilder.withMessagesAt(scope, () -> GraphParts.row(record(scope, engagementId), scope, extra));
    parts.claim(id, scope);
    parts.key(GraphKeys.Kind.FLOW, owner.key(), key, id, scope);
    parts.add(master);

    UUID discoveryId = null;
    if (discovery != null) {
      Scope at = scope.child("discovery");
      Row row = TenantBuilder.withMessagesAt(at, () -> discovery.build(at, id, engagementId, owner.assetCount()));
      discoveryId = (UUID) row.get("id");
      parts.claim(discoveryId, at);
      parts.unique("flow id", row.get("flow_id"), at);
      parts.add(row);
    }
    if (assessment != null) {
      Scope at = scope.child("assessment");
      Row row = TenantBuilder.withMessagesAt(at, () -> assessment.build(at, id, engagementId, owner.assetCount(),
          index -> owner.assetId(engagement, index)));
      parts.claim((UUID) row.get("id"), at);
      parts.add(row);
    }
    for (DataImportBuilder dataImport : imports) {
      dataImport.build(scope, owner.key(), engagementId, id, parts);
    }
    return new AssetBuilder.FlowLinks(id, discoveryId);
  }

  private io.tenantseed.schema.migration.tables.records.CrewaiFlowStateExtensionsRecord record(Scope scope,
      UUID engagementId) {
    String phase = currentPhase != null ? currentPhase
        : phaseHistory.isEmpty() ? null : phaseHistory.get(phaseHistory.size() - 1);
    return Records.create(io.tenantseed.schema.migration.Tables.CREWAI_FLOW_STATE_EXTENSIONS)
        .setFlowId(flowId(scope))
        .setClientAccountId(scope.tenantId())
        .setEngagementId(engagementId)
        .setUserId(scope.user(userKey, "user"))
        .setFlowType(flowType)
        .setDisplayName(displayName)
        .setDescription(description)
        .setFlowStatus(flowStatus)
        .setCurrentPhase(phase)
        .setPhaseHistory(Json.jsonb(Json.tree(phaseHistory)))
        .setCrewAiState(Json.jsonb(crewState))
        .setCreatedAt(scope.clock().timestamp())
        .setUpdatedAt(scope.clock().timestamp());
  }
}
