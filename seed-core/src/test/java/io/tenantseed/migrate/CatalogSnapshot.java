package io.tenantseed.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Everything the migrations make, read from the catalog as sorted lines: columns, constraints,
 * indexes, policies, row-level security and grants of the {@code migration} and
 * {@code seed_meta} schemas, the schemas' own grants and the application role. Flyway's
 * history tables are left out, so a database migrated by Flyway and one given the files as
 * plain SQL compare equal when the files made the same schema.
 */
final class CatalogSnapshot {

  private static final String SCHEMAS = "('migration', 'seed_meta')";
  private static final String NOT_HISTORY = "<> 'flyway_schema_history'";

  private static final List<String> QUERIES = List.of(
      "select 'column', table_schema, table_name, column_name, ordinal_position, data_type, udt_name, is_nullable,"
          + " column_default, numeric_precision, numeric_scale, is_identity, identity_generation"
          + " from information_schema.columns where table_schema in " + SCHEMAS + " and table_name " + NOT_HISTORY,
      "select 'constraint', n.nspname, c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)"
          + " from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace"
          + " where n.nspname in " + SCHEMAS + " and c.relname " + NOT_HISTORY,
      "select 'index', schemaname, tablename, indexname, indexdef from pg_indexes"
          + " where schemaname in " + SCHEMAS + " and tablename " + NOT_HISTORY,
      "select 'policy', schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check"
          + " from pg_policies where schemaname in " + SCHEMAS,
      "select 'relation', n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text"
          + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
          + " where n.nspname in " + SCHEMAS + " and c.relname not like 'flyway_schema_history%'",
      "select 'trigger', c.relname, t.tgname, pg_get_triggerdef(t.oid) from pg_trigger t"
          + " join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace"
          + " where n.nspname in " + SCHEMAS + " and not t.tgisinternal",
      "select 'type', n.nspname, t.typname, t.typtype from pg_type t join pg_namespace n on n.oid = t.typnamespace"
          + " where n.nspname in " + SCHEMAS + " and t.typname not like '%flyway_schema_history%'",
      "select 'schema', nspname, nspacl::text from pg_namespace where nspname in " + SCHEMAS,
      "select 'role', rolname, rolcanlogin, rolbypassrls, rolsuper from pg_roles where rolname = 'seed_app'");

  private CatalogSnapshot() {}

  static List<String> of(DataSource dataSource) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String query : QUERIES) {
        try (ResultSet rows = statement.executeQuery(query)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              line.append(i == 1 ? "" : " | ").append(rows.getString(i));
            }
            lines.add(line.toString());
          }
        }
      }
    }
    lines.sort(null);
    return lines;
  }
}
