package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.Ref;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.Tenants;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The connections injected for an {@code rlsRole} keep a tenant out of another tenant's rows
 * in every tenant table the catalog lists, not only in those a test happens to query: scoped
 * to one tenant, the injected {@code Connection} and {@code DataSource} read none of another
 * seeded tenant's rows, update and delete none, can neither insert a row for it nor hand it
 * one of their own, and run as a role that row-level security applies to (no superuser, no
 * BYPASSRLS, no owner of a tenant table). The owner's connection finds the other tenant's
 * rows with the same queries, so they could have been seen.
 */
class ScopedConnectionIsolationTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  private static final String RLS_VIOLATION = "42501";

  /** A tenant with rows in every tenant table (each fixture leaves some table empty). */
  static class EveryTable implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      SchemaCatalog catalog = catalog();
      TenantBuilder tenant = Tenants.tenant(tenantId).name("Every Table Ltd")
          .user("admin", u -> { });
      // A tenant table that no builder writes (one a later migration added) gets a generic row,
      // its references to what the builders wrote: every table keeps a row to probe. Tables
      // with an engagement_id get theirs in the engagement, the others in the tenant.
      otherTables(catalog).forEach((table, refs) -> {
        if (!catalog.hasColumn(table, "engagement_id")) {
          tenant.rows(table, 1, (n, r) -> refs.forEach(r::ref));
        }
      });
      return tenant
          .engagement("e", e -> {
            e.createdBy("admin")
                .masterFlow("f", f -> f.discoveryFlow(d -> d.user("admin")).assessmentFlow(a -> a.group("web", 0, 1))
                    .dataImport("i", i -> i.importedBy("admin")
                        .fieldMapping(m -> m.source("VM Name").target("asset_name").approvedBy("admin"))))
                .assets(3, (i, a) -> a.discoveredBy("f"));
            otherTables(catalog).forEach((table, refs) -> {
              if (catalog.hasColumn(table, "engagement_id")) {
                e.rows(table, 1, (n, r) -> refs.forEach(r::ref));
              }
            });
          });
    }

    private static SchemaCatalog catalog() {
      try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
        return SchemaCatalog.of(connection, "migration");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The catalog's tenant tables the builders do not write, each with its references to theirs. */
    private static Map<String, Map<String, Ref>> otherTables(SchemaCatalog catalog) {
      Map<String, Ref> builders = Map.of("users", Ref.user("admin"), "assets", Ref.asset(0),
          "crewai_flow_state_extensions", Ref.masterFlow("f"), "data_imports", Ref.dataImport("i"),
          "engagements", Ref.engagement("e"));
      Set<String> written = Set.of("client_accounts", "users", "engagements", "crewai_flow_state_extensions",
          "discovery_flows", "assessment_flows", "data_imports", "assets", "import_field_mappings");
      Map<String, Map<String, Ref>> others = new TreeMap<>();
      for (String table : catalog.tenantTables) {
        if (written.contains(table)) {
          continue;
        }
        Map<String, Ref> refs = new TreeMap<>();
        for (SchemaCatalog.ForeignKey key : catalog.foreignKeys) {
          String column = key.columns().get(0);
          if (key.table().equals(table) && key.columns().size() == 1 && !column.equals("client_account_id")
              && !column.equals("engagement_id")) {
            Ref target = builders.get(key.parent());
            refs.put(column, target != null ? target : Ref.row(key.parent(), 0));
          }
        }
        others.put(table, refs);
      }
      return others;
    }
  }

  @SeedTenant(builder = EveryTable.class, name = "other")
  @SeedTenant(builder = EveryTable.class, name = "mine", rlsRole = "seed_app")
  static class AcrossEveryTable {
    @Test
    void probes(@TenantName("mine") Connection connection, @TenantName("mine") DataSource dataSource,
        @TenantName("mine") Tenant mine, @TenantName("other") Tenant other, @TenantName("other") DataSource owner)
        throws SQLException {
      List<Table> tables;
      try (Connection asOwner = owner.getConnection()) {
        tables = tenantTables(asOwner);
        for (Table table : tables) {
          SEEN.put(table + "/owner reads", count(asOwner, table, other.id()));
          SEEN.put(table + "/before", rowsOf(asOwner, table, other.id()));
        }
      }
      SEEN.put("tables", tables.stream().map(Table::name).toList());
      SEEN.put("connection role", role(connection, tables));
      try (Connection another = dataSource.getConnection()) {
        SEEN.put("dataSource role", role(another, tables));
        for (Table table : tables) {
          SEEN.put(table + "/dataSource reads", count(another, table, other.id()));
        }
      }
      for (Table table : tables) {
        SEEN.put(table + "/reads", count(connection, table, other.id()));
        SEEN.put(table + "/reads its own", count(connection, table, mine.id()));
        SEEN.put(table + "/update", write(connection, "update " + table.qualified() + " set " + table.column() + " = "
            + table.column() + " where " + table.column() + " = ?", other.id()));
        SEEN.put(table + "/delete", write(connection, "delete from " + table.qualified() + " where " + table.column()
            + " = ?", other.id()));
        SEEN.put(table + "/insert", write(connection, copyFor(table), other.id(), mine.id()));
        SEEN.put(table + "/move", write(connection, "update " + table.qualified() + " set " + table.column()
            + " = ? where " + table.column() + " = ?", other.id(), mine.id()));
      }
      try (Connection asOwner = owner.getConnection()) {
        for (Table table : tables) {
          SEEN.put(table + "/after", rowsOf(asOwner, table, other.id()));
        }
      }
    }
  }

  @Test
  void scopedConnectionsReadAndChangeNothingOfAnotherTenantInAnyTenantTable() {
    EngineExecutionResults results = Engine.run(AcrossEveryTable.class);
    results.allEvents().executions().failed().stream().findFirst().ifPresent(failed -> {
      throw new AssertionError("the case class failed", failed.getTerminationInfo().getExecutionResult()
          .getThrowable().orElse(null));
    });
    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    @SuppressWarnings("unchecked")
    List<String> tables = (List<String>) SEEN.get("tables");
    assertThat(tables).as("tenant tables found in pg_catalog")
        .contains("client_accounts", "users", "engagements", "assets", "assessment_flows", "import_field_mappings");
    for (String injected : List.of("connection role", "dataSource role")) {
      assertThat(SEEN.get(injected)).as("the %s: role, superuser, BYPASSRLS, tenant tables it owns or inherits", injected)
          .isEqualTo(List.of("seed_app", false, false, List.of()));
    }
    for (String table : tables) {
      assertThat((long) SEEN.get(table + "/owner reads")).as("%s: the other tenant's rows read by the owner", table)
          .isPositive();
      assertThat(SEEN.get(table + "/reads")).as("%s: the other tenant's rows read through the Connection", table)
          .isEqualTo(0L);
      assertThat(SEEN.get(table + "/dataSource reads")).as("%s: the other tenant's rows read through the DataSource", table)
          .isEqualTo(0L);
      assertThat((long) SEEN.get(table + "/reads its own")).as("%s: its own tenant's rows", table).isPositive();
      assertThat(SEEN.get(table + "/update")).as("%s: the other tenant's rows updated", table).isEqualTo("0 rows");
      assertThat(SEEN.get(table + "/delete")).as("%s: the other tenant's rows deleted", table).isEqualTo("0 rows");
      assertThat((String) SEEN.get(table + "/insert")).as("%s: a copy of its own row inserted for the other tenant", table)
          .startsWith("refused: " + RLS_VIOLATION).contains("row-level security");
      assertThat((String) SEEN.get(table + "/move")).as("%s: its own rows handed to the other tenant", table)
          .startsWith("refused: " + RLS_VIOLATION).contains("row-level security");
      assertThat(SEEN.get(table + "/after")).as("%s: the other tenant's rows (count and hash) afterwards", table)
          .isEqualTo(SEEN.get(table + "/before"));
    }
  }

  /** A tenant table: its tenant column and its primary key, from the catalog. */
  record Table(String name, String tenantColumn, String key, String keyType) {
    String qualified() {
      return "\"migration\"." + quote(name);
    }

    String column() {
      return quote(tenantColumn);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every table of schema migration with client_account_id, and the tenant table by its id. */
  static List<Table> tenantTables(Connection connection) throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, case when c.relname = 'client_accounts' then 'id' else 'client_account_id' end,
               k.attname, pg_catalog.format_type(k.atttypid, k.atttypmod)
          from pg_catalog.pg_class c
          left join lateral (select a.attname, a.atttypid, a.atttypmod from pg_catalog.pg_index i
                               join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                              where i.indrelid = c.oid and i.indisprimary) k on true
         where c.relnamespace = 'migration'::regnamespace and c.relkind in ('r', 'p')
           and (c.relname = 'client_accounts' or exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid
                  and a.attname = 'client_account_id' and a.attnum > 0 and not a.attisdropped))
         order by c.relname""");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        tables.add(new Table(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
      }
    }
    return tables;
  }

  /**
   * The connection's role, whether it is a superuser or has BYPASSRLS, and the tenant tables
   * whose owner's privileges it has (an owner may turn row-level security off).
   */
  static List<Object> role(Connection connection, List<Table> tables) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("""
        select r.rolname, r.rolsuper, r.rolbypassrls,
               array(select c.relname::text from pg_catalog.pg_class c
                      where c.relnamespace = 'migration'::regnamespace and c.relname = any (?)
                        and pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE') order by 1)
          from pg_catalog.pg_roles r where r.rolname = current_user""")) {
      statement.setArray(1, connection.createArrayOf("text", tables.stream().map(Table::name).toArray()));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return List.of(row.getString(1), row.getBoolean(2), row.getBoolean(3), List.of((String[]) row.getArray(4).getArray()));
      }
    }
  }

  /** A copy of one of this tenant's rows for the other tenant, with a fresh key. Parameters: other, this. */
  private static String copyFor(Table table) {
    String fresh = "";
    if (!table.key().equals(table.tenantColumn())) {
      assertThat(table.keyType()).as("%s: a uuid primary key to give the copy a fresh one", table).isEqualTo("uuid");
      fresh = ", '" + table.key() + "', gen_random_uuid()";
    }
    return "insert into " + table.qualified() + " select (jsonb_populate_record(null::" + table.qualified()
        + ", to_jsonb(x) || jsonb_build_object('" + table.tenantColumn() + "', ?::uuid" + fresh + "))).* from "
        + table.qualified() + " x where x." + table.column() + " = ? limit 1";
  }

  /** Runs a write on its own (the injected connection commits each statement): "N rows" or "refused: SQLSTATE message". */
  private static String write(Connection connection, String sql, UUID... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate() + " rows";
    } catch (SQLException e) {
      return "refused: " + e.getSQLState() + " " + e.getMessage();
    }
  }

  private static long count(Connection connection, Table table, UUID tenant) throws SQLException {
    return Long.parseLong(query(connection, "select count(*) from " + table.qualified() + " where " + table.column()
        + " = ?", tenant));
  }

  /** A tenant's rows of a table as "count/md5 of the rows in text form, sorted". */
  private static String rowsOf(Connection connection, Table table, UUID tenant) throws SQLException {
    return query(connection, "select count(*) || '/' || md5(coalesce(string_agg(x::text, E'\\n' order by x::text), ''))"
        + " from " + table.qualified() + " x where x." + table.column() + " = ?", tenant);
  }

  private static String query(Connection connection, String sql, UUID tenant) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenant);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
