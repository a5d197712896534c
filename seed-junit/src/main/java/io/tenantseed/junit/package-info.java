/**
 * The JUnit Jupiter extension: {@link io.tenantseed.junit.SeedTenant} gives a test class a
 * tenant of its own in a shared PostgreSQL database, seeded before its tests and purged after
 * them, and resolves {@link io.tenantseed.junit.Tenant}, {@code DSLContext},
 * {@code DataSource} and {@code Connection} parameters.
 */
package io.tenantseed.junit;
