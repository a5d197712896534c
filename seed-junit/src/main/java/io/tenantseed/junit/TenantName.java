package io.tenantseed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Picks one of several tenants of a class for a parameter, by its {@link SeedTenant#name()}.
 *
 * <pre>
 * &#64;SeedTenant(fixture = "techcorp")
 * &#64;SeedTenant(fixture = "globalretail", rlsRole = "seed_app")
 * class CrossTenantIT {
 *   &#64;Test void isolated(&#64;TenantName("techcorp") Tenant other, &#64;TenantName("globalretail") DSLContext db) { ... }
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TenantName {
  String value();
}
