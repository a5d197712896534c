package io.tenantseed.junit.examples;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.ENGAGEMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import io.tenantseed.junit.TenantName;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Two tenants, and connections that run as the application role scoped to one of them: the
 * queries carry no tenant filter, as the application's own do, and row-level security keeps
 * the other tenant out.
 */
@SeedTenant(fixture = "techcorp", rlsRole = "seed_app")
@SeedTenant(fixture = "globalretail")
class IsolatedTenantIT {

  @Test
  void theApplicationSeesOnlyItsTenant(@TenantName("techcorp") DSLContext app,
      @TenantName("globalretail") Tenant neighbour) {
    assertThat(app.fetchCount(ASSETS)).isEqualTo(50);
    assertThat(app.fetchCount(ENGAGEMENTS, ENGAGEMENTS.CLIENT_ACCOUNT_ID.eq(neighbour.id()))).isZero();
  }

  @Test
  void theNeighbourIsThereForTheOwner(@TenantName("globalretail") DSLContext owner,
      @TenantName("globalretail") Tenant neighbour) {
    assertThat(owner.fetchCount(ENGAGEMENTS, ENGAGEMENTS.ID.eq(neighbour.engagement("app-modernization-q1")))).isOne();
  }
}
