package io.tenantseed.junit.examples;

import static io.tenantseed.junit.TenantAssertions.assertThat;

import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

@SeedTenant(file = "tenants/bug-1234.json")        // captured with seed export, seeded as a clone
class WavePlanningIT {

  @Test
  void putsEveryAssetIntoTheWaveOfItsCriticality(Tenant tenant, DSLContext db) {
    new WavePlanner(db).planWaves(tenant.idOf("a50e43b6-b874-53f6-8123-62a457d54be5"));

    assertThat(tenant)                              // ids as the file has them
        .containing()
        .matchesExport("expected/bug-1234-waves-planned.json");
  }
}
