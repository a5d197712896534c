package io.tenantseed.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.TenantTables;
import io.tenantseed.testing.TestDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The migrated schema, checked through PostgreSQL's own catalog: the project's migrations here,
 * with a test-only migration after them in {@link EvolvedSchemaCatalogTest}.
 */
class SchemaCatalogTest {

  final DSLContext db = DSL.using(dataSource(), SQLDialect.POSTGRES);

  /** The database whose schema is checked. */
  DataSource dataSource() {
    return TestDatabase.shared().dataSource();
  }

  @Test
  void everyReferenceTableExists() {
    List<String> tables = db.fetch(
            "select table_name from information_schema.tables where table_schema = 'migration' and table_type = 'BASE TABLE'")
        .getValues(0, String.class);

    assertThat(tables).contains("client_accounts", "users", "engagements", "crewai_flow_state_extensions",
        "discovery_flows", "assessment_flows", "data_imports", "assets", "import_field_mappings");
  }

  @Test
  void everyTableButTheTenantItselfCarriesANotNullUuidClientAccountId() {
    List<Record> columns = db.fetch("""
        select t.table_name, c.data_type, c.is_nullable
          from information_schema.tables t
          left join information_schema.columns c
            on c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'client_account_id'
         where t.table_schema = 'migration' and t.table_type = 'BASE TABLE'
           and t.table_name not in ('client_accounts', 'flyway_schema_history')""");

    assertThat(columns).isNotEmpty().allSatisfy(column -> {
      assertThat(column.get("data_type", String.class)).as(column.get(0, String.class)).isEqualTo("uuid");
      assertThat(column.get("is_nullable", String.class)).as(column.get(0, String.class)).isEqualTo("NO");
    });
  }

  @Test
  void rowLevelSecurityIsEnabledAndForcedOnEveryTenantTableAndTheTenantTable() {
    List<String> tables = Catalog.tenantTables(db);
    tables = new java.util.ArrayList<>(tables);
    tables.add("client_accounts");

    for (String table : tables) {
      Record rls = db.fetchOne("""
          select c.relrowsecurity, c.relforcerowsecurity,
                 (select count(*) from pg_policy p where p.polrelid = c.oid
                     and 'seed_app'::regrole = any (p.polroles)) as app_policies
            from pg_class c where c.oid = ('migration.' || {0})::regclass""", DSL.val(table));
      assertThat(rls.get(0, Boolean.class)).as("%s: row level security enabled", table).isTrue();
      assertThat(rls.get(1, Boolean.class)).as("%s: row level security forced", table).isTrue();
      assertThat(rls.get(2, Integer.class)).as("%s: a policy for seed_app", table).isEqualTo(1);
    }
  }

  @Test
  void everyTenantTableHasAnIndexLeadingWithClientAccountId() {
    List<String> withoutIndex = db.fetch("""
            select c.relname
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid and a.attname = 'client_account_id'
             where n.nspname = 'migration' and c.relkind = 'r'
               and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum)""")
        .getValues(0, String.class);

    assertThat(Catalog.tenantTables(db)).isNotEmpty();
    assertThat(withoutIndex).isEmpty();
  }

  @Test
  void everyForeignKeyColumnHasAnIndexThatLeadsWithIt() {
    List<String> unindexed = db.fetch("""
            select k.conrelid::regclass || '.' || k.conname
              from pg_constraint k
             where k.contype = 'f' and k.connamespace = 'migration'::regnamespace
               and not exists (
                 select 1 from pg_index i
                  where i.indrelid = k.conrelid
                    and (select array_agg(col order by pos)
                           from unnest(i.indkey::int2[]) with ordinality as u(col, pos)
                          where pos <= array_length(k.conkey, 1)) = k.conkey)""")
        .getValues(0, String.class);
    int foreignKeys = db.fetchOne(
        "select count(*) from pg_constraint where contype = 'f' and connamespace = 'migration'::regnamespace")
        .get(0, Integer.class);

    assertThat(foreignKeys).isGreaterThanOrEqualTo(20);
    assertThat(unindexed).isEmpty();
  }

  @Test
  void everyForeignKeySaysWhatHappensOnDelete() {
    List<Record> actions = db.fetch("""
        select conrelid::regclass::text as source, conname, confdeltype
          from pg_constraint where contype = 'f' and connamespace = 'migration'::regnamespace""");

    assertThat(actions).isNotEmpty().allSatisfy(fk ->
        assertThat(fk.get("confdeltype", String.class))
            .as("%s %s: ON DELETE must be CASCADE, SET NULL or RESTRICT", fk.get("source"), fk.get("conname"))
            .isIn("c", "n", "r"));
  }

  @Test
  void theApplicationRoleCanTouchOnlyTablesUnderForcedRowLevelSecurity() {
    List<String> exposed = db.fetch("""
            select c.relname
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'migration' and c.relkind in ('r', 'p')
               and (has_table_privilege('seed_app', c.oid, 'SELECT')
                    or has_table_privilege('seed_app', c.oid, 'INSERT')
                    or has_table_privilege('seed_app', c.oid, 'UPDATE')
                    or has_table_privilege('seed_app', c.oid, 'DELETE'))
               and not (c.relrowsecurity and c.relforcerowsecurity)""")
        .getValues(0, String.class);
    List<String> granted = db.fetch("""
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'migration' and c.relkind = 'r' and has_table_privilege('seed_app', c.oid, 'SELECT')""")
        .getValues(0, String.class);

    assertThat(exposed).as("tables seed_app can use without row-level security").isEmpty();
    assertThat(granted).as("the tenant tables and the tenant table itself")
        .containsExactlyInAnyOrderElementsOf(TenantTables.of(dataSource()));
  }

  @Test
  void theApplicationRoleCannotLogInNorBypassRowLevelSecurity() {
    Record role = db.fetchOne("select rolcanlogin, rolbypassrls, rolsuper from pg_roles where rolname = 'seed_app'");

    assertThat(role).isNotNull();
    assertThat(role.get(0, Boolean.class)).as("login").isFalse();
    assertThat(role.get(1, Boolean.class)).as("bypassrls").isFalse();
    assertThat(role.get(2, Boolean.class)).as("superuser").isFalse();
  }

  @Test
  void bookkeepingLivesInItsOwnSchemaWithItsOwnHistory() {
    List<String> tables = db.fetch(
            "select table_name from information_schema.tables where table_schema = 'seed_meta' order by 1")
        .getValues(0, String.class);

    assertThat(tables).containsExactly("environment", "flyway_schema_history", "purge_log", "tenants");
    assertThat(db.fetchOne(
            "select count(*) from information_schema.columns where table_schema = 'seed_meta' and column_name = 'client_account_id'")
            .get(0, Integer.class))
        .as("seed_meta tables must never look like tenant tables").isZero();
  }
}
