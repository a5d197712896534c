package io.tenantseed.migrate;

/**
 * One migration file as the database sees it.
 *
 * @param schema the schema whose history holds it: {@code migration} (the platform) or
 *     {@code seed_meta} (tenant-seed's bookkeeping)
 * @param version the version as written in the file name, e.g. {@code 002}
 * @param description the file name's description, words separated by spaces
 * @param script the file name, e.g. {@code V002__tenant_and_foreign_key_indexes.sql}
 */
public record MigrationEntry(String schema, String version, String description, String script) {
  @Override
  public String toString() {
    return schema + " " + script;
  }
}
