package io.tenantseed.graph;

import com.fasterxml.jackson.databind.JsonNode;
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
  private UUID id;
  private final ColumnValues extra = new ColumnValues("import_field_mappings", java.util.Map.of("id", "id(...)",
      "client_account_id", "its tenant scope", "data_import_id", "its data import", "master_flow_id", "its master flow"));

  FieldMappingBuilder() {}

  public FieldMappingBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public FieldMappingBuilder id(String id) {
    return id(Ids.parse(id));
  }

  /**
   * Sets column {@code column} of this field mapping's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public FieldMappingBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> FieldMappingBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

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

  Row build(Scope scope, UUID dataImportId, UUID masterFlowId) {
    if (source == null || target == null) {
      throw scope.invalid("a field mapping needs source(...) and target(...)");
    }
    var record = Records.create(io.tenantseed.schema.migration.Tables.IMPORT_FIELD_MAPPINGS)
        .setId(id != null ? id : scope.derive(""))
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
    return GraphParts.row(record, scope, extra);
  }
}
