package io.tenantseed.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.schema.migration.tables.records.ImportFieldMappingsRecord;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * How one column of an import maps to an asset field.
 *
 * <pre>
 * i.fieldMapping(m -&gt; m.source("VM Name").target("asset_name").exact().confidence(1.0).approvedBy("admin"))
 *  .fieldMapping(m -&gt; m.source("Operating System").target("os_type").fuzzy(0.85)
 *      .transformationRules(Map.of("mapping", Map.of("Windows Server*", "windows", "Ubuntu*", "linux"))))
 * </pre>
 */
public final class FieldMappingBuilder {

  private String source;
  private String target;
  private String matchType = "exact";
  private BigDecimal confidence = BigDecimal.ONE;
  private String status = "suggested";
  private String suggestedBy;
  private String approvedByKey;
  private boolean approvedAtClock;
  private JsonNode transformationRules;

  FieldMappingBuilder() {}

  public FieldMappingBuilder source(String sourceField) {
    this.source = sourceField;
    return this;
  }

  public FieldMappingBuilder target(String targetField) {
    this.target = targetField;
    return this;
  }

  /** Trait: an exact name match (confidence 1.0 unless set). */
  public FieldMappingBuilder exact() {
    this.matchType = "exact";
    return this;
  }

  /** Trait: a fuzzy match with the given confidence. */
  public FieldMappingBuilder fuzzy(double confidence) {
    this.matchType = "fuzzy";
    return confidence(confidence);
  }

  public FieldMappingBuilder confidence(double confidence) {
    this.confidence = BigDecimal.valueOf(confidence);
    return this;
  }

  public FieldMappingBuilder status(String status) {
    this.status = status;
    return this;
  }

  public FieldMappingBuilder suggestedBy(String agent) {
    this.suggestedBy = agent;
    return this;
  }

  /** Trait: approved by user {@code userKey} at the graph's clock. */
  public FieldMappingBuilder approvedBy(String userKey) {
    this.status = "approved";
    this.approvedByKey = userKey;
    this.approvedAtClock = true;
    return this;
  }

  /** Trait: approved, with no approver recorded. */
  public FieldMappingBuilder approved() {
    this.status = "approved";
    return this;
  }

  /** A JSON object (a Map or a Jackson tree). */
  public FieldMappingBuilder transformationRules(Object rules) {
    JsonNode node = Json.tree(rules);
    if (!node.isObject()) {
      throw new IllegalArgumentException("transformation rules must be a JSON object, not " + node.getNodeType());
    }
    this.transformationRules = node;
    return this;
  }

  ImportFieldMappingsRecord build(Scope scope, UUID dataImportId, UUID masterFlowId) {
    if (source == null || target == null) {
      throw scope.invalid("a field mapping needs source(...) and target(...)");
    }
    return Records.create(io.tenantseed.schema.migration.Tables.IMPORT_FIELD_MAPPINGS)
        .setId(scope.derive(""))
        .setDataImportId(dataImportId)
        .setClientAccountId(scope.tenantId())
        .setMasterFlowId(masterFlowId)
        .setSourceField(source)
        .setTargetField(target)
        .setMatchType(matchType)
        .setConfidenceScore(confidence)
        .setStatus(status)
        .setSuggestedBy(suggestedBy)
        .setApprovedBy(scope.user(approvedByKey, "approvedBy"))
        .setApprovedAt(approvedAtClock ? scope.clock().timestamp() : null)
        .setTransformationRules(Json.jsonb(transformationRules))
        .setCreatedAt(scope.clock().timestamp())
        .setUpdatedAt(scope.clock().timestamp());
  }
}
