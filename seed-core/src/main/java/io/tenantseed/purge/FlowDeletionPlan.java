package io.tenantseed.purge;

import java.util.List;
import java.util.UUID;

/**
 * What deleting one flow will do, table by table, in the order it will be done.
 *
 * @param flowId the flow
 * @param tenantId its tenant
 * @param engagementId its engagement
 * @param deleteReferencingRows whether rows that would only lose their reference (assets) are deleted instead
 * @param steps each change that touches rows, children first
 */
public record FlowDeletionPlan(UUID flowId, UUID tenantId, UUID engagementId, boolean deleteReferencingRows,
    List<Step> steps) {

  public FlowDeletionPlan {
    steps = List.copyOf(steps);
  }

  /**
   * One change to one table.
   *
   * @param table the table
   * @param action {@code delete}, or {@code clear <column>} (set to null)
   * @param rows how many rows it touches
   */
  public record Step(String table, String action, long rows) {}

  public long deletedRows() {
    return steps.stream().filter(step -> step.action().equals("delete")).mapToLong(Step::rows).sum();
  }

  public long clearedRows() {
    return steps.stream().filter(step -> !step.action().equals("delete")).mapToLong(Step::rows).sum();
  }
}
