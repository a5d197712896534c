package io.tenantseed.graph;

import java.util.UUID;

/**
 * The entry point for describing tenants: {@code import static io.tenantseed.graph.Tenants.tenant;}
 *
 * <pre>
 * TenantGraph graph = tenant("22222222-2222-2222-2222-222222222222")
 *     .name("Global Retail Inc").slug("globalretail")
 *     .engagement("app-modernization-q1", e -&gt; e.name("App Modernization Q1").type("modernization"))
 *     .build();
 * </pre>
 */
public final class Tenants {

  private Tenants() {}

  /** A new description of the tenant {@code id}. */
  public static TenantBuilder tenant(UUID id) {
    return new TenantBuilder(id);
  }

  /** A new description of the tenant {@code id}, given as a UUID string. */
  public static TenantBuilder tenant(String id) {
    return tenant(UUID.fromString(id));
  }
}
