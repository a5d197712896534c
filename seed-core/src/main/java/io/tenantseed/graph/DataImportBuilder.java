package io.tenantseed.graph;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A data import of a master flow, with its field mappings. Counts follow each other unless
 * set: a {@link #completed()} import processed every record but the failed ones, at 100%.
 *
 * <pre>
 * f.dataImport("vcenter", i -&gt; i.name("VMware vCenter Export").type("vmware_vcenter")
 *     .file("vcenter_export_20250120.csv", 15_728_640, "text/csv").sourceSystem("VMware vCenter 7.0")
 *     .records(1250, 0).startedAgo(Duration.ofHours(2)).completedAgo(Duration.ofHours(1)).completed()
 *     .importedBy("admin")
 *     .fieldMapping(m -&gt; m.source("VM Name").target("asset_name").approvedBy("admin")))
 * </pre>
 */
public final class DataImportBuilder {

  private final String key;
  private UUID id;
  private String name;
  private String type = "csv_upload";
  private String filename;
  private Long fileSize;
  private String mimeType;
  private String sourceSystem;
  private String status = "pending";
  private BigDecimal progress;
  private int totalRecords;
  private int failedRecords;
  private Integer processedRecords;
  private Duration startedAgo;
  private Duration completedAgo;
  private String importedByKey;
  private final List<FieldMappingBuilder> mappings = new ArrayList<>();
  private final ColumnValues extra = new ColumnValues("data_imports", java.util.Map.of("client_account_id", "its tenant scope", "engagement_id", "its engagement scope", "id", "id(...)", "master_flow_id", "its master flow"));

  DataImportBuilder(String key) {
    this.key = key;
  }

  /**
   * Sets column {@code column} of this data import's row to {@code value} (null for SQL NULL): any
   * column, including one added by a migration after this builder was written.
   */
  public DataImportBuilder set(String column, Object value) {
    extra.set(column, value);
    return this;
  }

  /** {@link #set(String, Object)} by the generated schema class's field. */
  public <T> DataImportBuilder set(org.jooq.Field<T> field, T value) {
    extra.set(field, value);
    return this;
  }

  public DataImportBuilder id(UUID id) {
    this.id = id;
    return this;
  }

  public DataImportBuilder id(String id) {
    return id(Ids.parse(id));
  }

  public DataImportBuilder name(String importName) {
    this.name = importName;
    return this;
  }

  public DataImportBuilder type(String importType) {
    this.type = importType;
    return this;
  }

  public DataImportBuilder file(String filename, long sizeBytes, String mimeType) {
    this.filename = filename;
    this.fileSize = sizeBytes;
    this.mimeType = mimeType;
    return this;
  }

  public DataImportBuilder sourceSystem(String sourceSystem) {
    this.sourceSystem = sourceSystem;
    return this;
  }

  /** Total and failed records; processed defaults to total minus failed once completed. */
  public DataImportBuilder records(int total, int failed) {
    this.totalRecords = total;
    this.failedRecords = failed;
    return this;
  }

  public DataImportBuilder processedRecords(int processed) {
    this.processedRecords = processed;
    return this;
  }

  public DataImportBuilder progress(double percent) {
    this.progress = BigDecimal.valueOf(percent);
    return this;
  }

  public DataImportBuilder startedAgo(Duration duration) {
    this.startedAgo = duration;
    return this;
  }

  public DataImportBuilder completedAgo(Duration duration) {
    this.completedAgo = duration;
    return this;
  }

  /** Trait: finished; progress 100% and every non-failed record processed, unless set. */
  public DataImportBuilder completed() {
    this.status = "completed";
    return this;
  }

  /** Trait: still running. */
  public DataImportBuilder inProgress() {
    this.status = "processing";
    return this;
  }

  public DataImportBuilder status(String status) {
    this.status = status;
    return this;
  }

  public DataImportBuilder importedBy(String userKey) {
    this.importedByKey = userKey;
    return this;
  }

  public DataImportBuilder fieldMapping(Consumer<FieldMappingBuilder> mapping) {
    FieldMappingBuilder builder = new FieldMappingBuilder();
    mapping.accept(builder);
    mappings.add(builder);
    return this;
  }

  String key() {
    return key;
  }

  /** Adds the import's row, then its field mappings' rows. */
  void build(Scope flow, String engagementKey, UUID engagementId, UUID masterFlowId, GraphParts parts) {
    Scope scope = flow.child("import/" + key);
    parts.checkUnused(GraphKeys.Kind.IMPORT, engagementKey, key, scope);
    boolean done = status.equals("completed");
    UUID importId = id != null ? id : scope.derive("");
    var record = Records.create(io.tenantseed.schema.migration.Tables.DATA_IMPORTS)
        .setId(importId)
        .setClientAccountId(scope.tenantId())
        .setEngagementId(engagementId)
        .setMasterFlowId(masterFlowId)
        .setImportName(name != null ? name : scope.draws().faker("name").company().buzzword() + " export")
        .setImportType(type)
        .setFilename(filename)
        .setFileSize(fileSize)
        .setMimeType(mimeType)
        .setSourceSystem(sourceSystem)
        .setStatus(status)
        .setProgressPercentage(progress != null ? progress : BigDecimal.valueOf(done ? 100 : 0))
        .setTotalRecords(totalRecords)
        .setProcessedRecords(processedRecords != null ? processedRecords : done ? totalRecords - failedRecords : 0)
        .setFailedRecords(failedRecords)
        .setStartedAt(startedAgo == null ? null : scope.clock().ago(startedAgo))
        .setCompletedAt(completedAgo == null ? null : scope.clock().ago(completedAgo))
        .setImportedBy(scope.user(importedByKey, "importedBy"))
        .setCreatedAt(startedAgo == null ? scope.clock().timestamp() : scope.clock().ago(startedAgo))
        .setUpdatedAt(scope.clock().timestamp());
    Row row = TenantBuilder.withMessagesAt(scope, () -> GraphParts.row(record, scope, extra));
    parts.claim(importId, scope);
    parts.key(GraphKeys.Kind.IMPORT, engagementKey, key, importId, scope);
    parts.add(row);
    for (int i = 0; i < mappings.size(); i++) {
      Scope at = scope.child("mapping/" + i);
      FieldMappingBuilder mapping = mappings.get(i);
      Row mappingRow = TenantBuilder.withMessagesAt(at, () -> mapping.build(at, importId, masterFlowId));
      parts.claim((UUID) mappingRow.get("id"), at);
      parts.add(mappingRow);
    }
  }
}
