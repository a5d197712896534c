package io.tenantseed.junit.examples;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.Tenants;
import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import io.tenantseed.junit.TenantDefinition;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tenant described for this test alone, fresh for every test method. */
@SeedTenant(builder = CustomTenantIT.Decommissioning.class, lifecycle = SeedTenant.Lifecycle.PER_METHOD)
class CustomTenantIT {

  /** Three servers, one of them to be retired. */
  static class Decommissioning implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Decommissioning Ltd")
          .engagement("retire", e -> e.assets(3, (i, a) -> a.server().name("srv-" + i)
              .sixR(i == 0 ? "retire" : "rehost")));
    }
  }

  @BeforeEach
  void retireTheSecondServerToo(Tenant tenant, DSLContext db) {
    db.update(ASSETS).set(ASSETS.SIX_R_STRATEGY, "retire").where(ASSETS.ID.eq(tenant.asset(1))).execute();
  }

  @Test
  void twoServersAreToBeRetired(Tenant tenant, DSLContext db) {
    assertThat(db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()).and(ASSETS.SIX_R_STRATEGY.eq("retire"))))
        .isEqualTo(2);
  }

  @Test
  void everyTestStartsFromTheDescription(Tenant tenant, DSLContext db) {
    db.deleteFrom(ASSETS).where(ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())).execute();

    assertThat(db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()))).isZero();
  }
}
