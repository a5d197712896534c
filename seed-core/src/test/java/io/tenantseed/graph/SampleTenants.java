package io.tenantseed.graph;

import static io.tenantseed.graph.Tenants.tenant;

import java.util.UUID;

/**
 * Tenants for seed-core's own tests, in the shape of a development tenant (the fixtures
 * themselves live in seed-fixtures, which builds on this module): {@link #full} fills every
 * table but the assessment flows, {@link #small} is an account with one engagement.
 */
public final class SampleTenants {

  private SampleTenants() {}

  /** 1 account, 2 users, 1 engagement, 1 master flow with its discovery flow, 1 import, 50 assets, 3 mappings. */
  public static TenantBuilder full(UUID id) {
    return tenant(id).name("Sample Systems")
        .user("admin", u -> u.email("admin@sample.test")).user("analyst", u -> { })
        .engagement("e", e -> e.createdBy("admin")
            .masterFlow("f", f -> f.discoveryFlow(d -> d.user("admin"))
                .dataImport("i", i -> i.importedBy("admin")
                    .fieldMapping(m -> m.source("VM Name").target("asset_name").approvedBy("admin"))
                    .fieldMapping(m -> m.source("IP Address").target("ip_address"))
                    .fieldMapping(m -> m.source("Operating System").target("os_type").fuzzy(0.8))))
            .assets(30, (i, a) -> a.server().name("server-%02d".formatted(i)).discoveredBy("f"))
            .assets(20, (i, a) -> a.application().discoveredBy("f")));
  }

  /** 1 account and 1 engagement. */
  public static TenantBuilder small(UUID id) {
    return tenant(id).name("Small Shop").engagement("e", e -> e.status("planning"));
  }
}
