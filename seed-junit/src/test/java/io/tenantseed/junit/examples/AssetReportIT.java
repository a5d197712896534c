package io.tenantseed.junit.examples;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.junit.SeedTenant;
import io.tenantseed.junit.Tenant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

@SeedTenant(fixture = "techcorp")          // or builder = MyTenant.class
class AssetReportIT {

  @Test
  void countsServers(Tenant tenant, DSLContext db) {
    int servers = db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()).and(ASSETS.ASSET_TYPE.eq("server")));

    assertThat(servers).isEqualTo(30);
  }

  @Test
  void findsAnAssetByItsIndexInTheFixture(Tenant tenant, DSLContext db) {
    String name = db.fetchValue(ASSETS.ASSET_NAME, ASSETS.ID.eq(tenant.asset(17)));

    assertThat(name).isEqualTo("vm-prod-017");
  }
}
