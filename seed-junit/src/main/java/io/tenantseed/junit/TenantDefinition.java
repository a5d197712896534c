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
 * <p>The class needs a no-argument constructor (it may be package-private or nested).
 *
 * <p><b>The slug is the tenant's own.</b> {@code client_accounts.slug} is unique across all
 * tenants of a database, and the extension seeds one definition many times into one shared
 * database: once per test class (and per test with {@code lifecycle = PER_METHOD}), each under
 * an id derived from the class, and classes may run at the same time. So a slug is always
 * made distinct per tenant id: left unset, it is the name's followed by the whole tenant id
 * ({@code two-servers-ltd-<tenant id>}); made with {@code slug(canonical, canonicalId)} (a fixed
 * id of your own) it is {@code canonical-<tenant id>}; and a fixed one,
 * {@code slug("two-servers")}, {@code slug("two-servers", tenantId)} or
 * {@code set("slug", "two-servers")}, is given the same suffix by the extension:
 * {@code two-servers-<tenant id>}. Only the slug changes: users' emails and assets' hostnames
 * keep the domain they were built with ({@code @two-servers.local}), since they are unique
 * only within their tenant. The definition is built once. Read the slug seeded from
 * {@link Tenant#slug()}. A fixture added with {@link SeedExtension#withFixtures} follows the
 * same rule.
 */
@FunctionalInterface
public interface TenantDefinition {
  TenantBuilder describe(UUID tenantId);
}
