package io.tenantseed.junit.examples;

import static io.tenantseed.schema.migration.Tables.ASSETS;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The code under test of {@link WavePlanningIT}: an application's rule, written as an application would. */
final class WavePlanner {

  private final DSLContext db;

  WavePlanner(DSLContext db) {
    this.db = db;
  }

  /** Puts every asset of the engagement into the migration wave its business criticality calls for. */
  int planWaves(UUID engagementId) {
    return db.update(ASSETS)
        .set(ASSETS.MIGRATION_WAVE, DSL.when(ASSETS.BUSINESS_CRITICALITY.eq("high"), 1)
            .when(ASSETS.BUSINESS_CRITICALITY.eq("medium"), 2)
            .otherwise(3))
        .where(ASSETS.ENGAGEMENT_ID.eq(engagementId))
        .execute();
  }
}
