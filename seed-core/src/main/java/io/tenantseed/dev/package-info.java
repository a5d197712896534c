/**
 * The development database as one use case: create it if the server lacks it, migrate it,
 * mark it as development and load the development tenants, as {@code seed init-dev-db} and
 * {@code seed reset} do. {@link io.tenantseed.dev.DevDatabase} is the entry point.
 */
package io.tenantseed.dev;
