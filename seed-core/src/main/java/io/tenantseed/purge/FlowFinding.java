package io.tenantseed.purge;

import java.util.UUID;

/**
 * One problem {@link FlowDoctor#check} found.
 *
 * @param kind what is wrong
 * @param flowId the flow concerned (for an asset finding: the asset's id)
 * @param engagementId its engagement
 * @param count how many references, rows or duplicates are involved
 * @param explanation one line for people
 */
public record FlowFinding(Kind kind, UUID flowId, UUID engagementId, long count, String explanation) {

  /** The kinds of flow problem. */
  public enum Kind {
    /** An assessment flow lists the same asset more than once in its application groups. */
    DUPLICATE_ASSETS,
    /** An assessment flow's application groups name an asset the tenant does not have. */
    MISSING_ASSETS,
    /** A master flow that no child flow belongs to. */
    MASTER_WITHOUT_CHILDREN,
    /** A child flow whose master flow does not exist. */
    CHILD_WITHOUT_MASTER,
    /** An asset that names a flow that does not exist. */
    ASSET_WITH_MISSING_FLOW
  }
}
