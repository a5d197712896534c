package io.tenantseed.junit;

import io.tenantseed.graph.TenantBuilder;
import java.util.UUID;

/**
 * A tenant of your own for {@code @SeedTenant(builder = ...)}: describe it under the id the
 * extension gives, with the builders of {@code io.tenantseed.graph.Tenants} or from a fixture.
 *
 * <pre>
 * public class TwoServers implements TenantDefinition {
 *   public TenantBuilder describe(UUID tenantId) {
 *     return Tenants.tenant(tenantId).name("Two Servers Ltd")
 *         .engagement("lift-and-shift", e -&gt; e.assets(2, (i, a) -&gt; a.server()));
 *   }
 * }
 * </pre>
 *
 * <p>The class needs a no-argument constructor (it may be package-private or nested). Leave
 * the slug unset (it is the name's followed by the whole tenant id) or derive it with
 * {@code slug(canonical, canonicalId)}, where {@code canonicalId} is a fixed id of your
 * own, never the {@code tenantId} given here: slugs are unique across tenants, so a fixed
 * one, and {@code slug("acme", tenantId)} is one, would collide between test classes.
 */
@FunctionalInterface
public interface TenantDefinition {
  TenantBuilder describe(UUID tenantId);
}
