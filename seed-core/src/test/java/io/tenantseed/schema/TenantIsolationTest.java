package io.tenantseed.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Tenant isolation, table by table, for every tenant table the catalog lists: the application
 * role scoped to tenant A reads none of tenant B's rows, changes none, deletes none, and can
 * neither insert a row for B nor move a row of A's to B; unscoped, it sees nothing at all.
 * Every statement runs as {@value #ROLE} ({@code SET LOCAL ROLE}) in a transaction that is
 * rolled back, in a savepoint of its own, after a check that the role really is subject to
 * row-level security: a superuser, a role with BYPASSRLS or an owner of the tables would
 * pass every check for nothing, so the tests fail instead. The same reads run as the owner
 * find B's rows, so the queries could see them.
 */
class TenantIsolationTest {

  static final String SCHEMA = "migration";
  static final String ROLE = "seed_app";
  private static final String RLS_VIOLATION = "42501";

  private static final UUID TENANT_A = UUID.randomUUID();
  private static final UUID TENANT_B = UUID.randomUUID();

  private static DataSource owner;
  private static List<TenantTable> tables;
  /** Tenant B's rows per table as the owner saw them before any test. */
  private static Map<String, String> tenantBBefore;

  /** A table holding tenants' rows: its tenant column and its primary key. */
  record TenantTable(String name, String tenantColumn, String key, String keyType) {
    String qualified() {
      return quote(SCHEMA) + "." + quote(name);
    }

    String column() {
      return quote(tenantColumn);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void twoTenantsWithRowsInEveryTenantTable() throws SQLException {
    owner = TestDatabase.shared().dataSource();
    TenantRows.insert(DSL.using(owner, SQLDialect.POSTGRES), TENANT_A, 2);
    TenantRows.insert(DSL.using(owner, SQLDialect.POSTGRES), TENANT_B, 2);
    try (Connection connection = owner.getConnection()) {
      tables = tenantTables(connection);
      tenantBBefore = new LinkedHashMap<>();
      for (TenantTable table : tables) {
        tenantBBefore.put(table.name(), rowsOf(connection, table, TENANT_B));
      }
    }
  }

  @Test
  void theTenantTablesComeFromTheCatalogAndBothTenantsHaveRowsInEach() throws SQLException {
    assertThat(tables).extracting(TenantTable::name)
        .as("tenant tables of schema %s found in pg_catalog", SCHEMA)
        .isNotEmpty()
        .contains("client_accounts", "users", "engagements", "assets", "assessment_flows", "import_field_mappings")
        .containsAll(Catalog.tenantTables(DSL.using(owner, SQLDialect.POSTGRES)));
    try (Connection connection = owner.getConnection()) {
      for (TenantTable table : tables) {
        assertThat(count(connection, table, TENANT_A)).as("%s: rows of tenant A, as the owner", table).isPositive();
        assertThat(count(connection, table, TENANT_B)).as("%s: rows of tenant B, as the owner", table).isPositive();
      }
    }
  }

  @Test
  void theApplicationRoleIsNeitherSuperuserNorBypassRlsNorAnOwnerOfATenantTable() throws SQLException {
    String role = asApplicationRole(TENANT_A.toString(), connection -> queryString(connection, "select current_user"));

    assertThat(role).isEqualTo(ROLE);
  }

  /** The check above is no formality: the owner's connection, which sees every tenant, fails it. */
  @Test
  void theOwnersConnectionFailsThatCheck() throws SQLException {
    try (Connection connection = owner.getConnection()) {
      String user = queryString(connection, "select current_user");

      assertThatThrownBy(() -> requireSubjectToRowLevelSecurity(connection, user))
          .isInstanceOf(AssertionError.class)
          .message().containsAnyOf("is a superuser", "has BYPASSRLS", "owns or has its owner's privileges");
    }
  }

  /** The queries below can see tenant B's rows: run by the owner, scoped to A all the same, they find them. */
  @TestFactory
  Stream<DynamicNode> asTheOwnerTheSameReadsFindTenantBsRows() {
    return tables.stream().map(table -> dynamicTest(table.name(), () -> {
      try (Connection connection = owner.getConnection()) {
        connection.setAutoCommit(false);
        try {
          setTenant(connection, TENANT_A.toString());
          assertThat(count(connection, table, TENANT_B)).as("%s: tenant B's rows read by the owner", table).isPositive();
        } finally {
          connection.rollback();
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicNode> scopedToTenantATheApplicationRoleReadsAndChangesNothingOfTenantB() {
    Stream<DynamicNode> perTable = tables.stream().map(table -> dynamicContainer(table.name(), Stream.of(
        dynamicTest("reads no row of B", () -> assertThat(readAsApplicationRole(TENANT_A.toString(), table, TENANT_B))
            .as("%s: rows of tenant B read as %s scoped to A", table, ROLE).isZero()),
        dynamicTest("reads its own rows", () -> assertThat(readAsApplicationRole(TENANT_A.toString(), table, TENANT_A))
            .as("%s: rows of tenant A read as %s scoped to A", table, ROLE).isPositive()),
        dynamicTest("updates no row of B", () -> assertThat(write(table,
            "update " + table.qualified() + " set " + table.column() + " = " + table.column()
                + " where " + table.column() + " = ?", TENANT_B))
            .as("%s: rows of tenant B updated as %s scoped to A", table, ROLE).isEqualTo("0 rows")),
        dynamicTest("deletes no row of B", () -> assertThat(write(table,
            "delete from " + table.qualified() + " where " + table.column() + " = ?", TENANT_B))
            .as("%s: rows of tenant B deleted as %s scoped to A", table, ROLE).isEqualTo("0 rows")),
        dynamicTest("cannot insert a row for B", () -> assertThat(write(table, copyForTenantB(table), TENANT_B, TENANT_A))
            .as("%s: a copy of a row of A's inserted for tenant B as %s scoped to A", table, ROLE)
            .startsWith("refused: " + RLS_VIOLATION).contains("row-level security")),
        dynamicTest("cannot move a row of its own to B", () -> assertThat(write(table,
            "update " + table.qualified() + " set " + table.column() + " = ? where " + table.column() + " = ?",
            TENANT_B, TENANT_A))
            .as("%s: rows of tenant A handed to tenant B as %s scoped to A", table, ROLE)
            .startsWith("refused: " + RLS_VIOLATION).contains("row-level security")))));
    Stream<DynamicNode> afterwards = Stream.of(dynamicContainer("afterwards, tenant B's rows as the owner sees them",
        tables.stream().map(table -> dynamicTest(table.name(), () -> {
          try (Connection connection = owner.getConnection()) {
            assertThat(rowsOf(connection, table, TENANT_B)).as("%s: tenant B's rows (count and hash)", table)
                .isEqualTo(tenantBBefore.get(table.name()));
          }
        }))));
    return Stream.concat(perTable, afterwards);
  }

  @TestFactory
  Stream<DynamicNode> withoutATenantTheApplicationRoleSeesNothing() {
    return tables.stream().map(table -> dynamicContainer(table.name(), Stream.of(
        dynamicTest("app.client_id unset", () -> assertThat(readAsApplicationRole(null, table, null))
            .as("%s: rows read as %s without app.client_id", table, ROLE).isZero()),
        dynamicTest("app.client_id empty", () -> assertThat(readAsApplicationRole("", table, null))
            .as("%s: rows read as %s with app.client_id = ''", table, ROLE).isZero()))));
  }

  /** Rows of {@code tenant} (of every tenant if null) read as the application role scoped to {@code scope}. */
  private static long readAsApplicationRole(String scope, TenantTable table, UUID tenant) throws SQLException {
    return asApplicationRole(scope, connection -> tenant == null ? all(connection, table) : count(connection, table, tenant));
  }

  /**
   * A copy of one of A's rows with the tenant column set to B and a fresh primary key, built
   * by PostgreSQL from the row itself, so that it fits any tenant table. Parameters: B, A.
   */
  private static String copyForTenantB(TenantTable table) {
    String fresh;
    if (table.key().equals(table.tenantColumn())) {
      fresh = "";
    } else if (table.keyType().equals("uuid")) {
      fresh = ", " + literal(table.key()) + ", gen_random_uuid()";
    } else {
      throw new AssertionError(table + ": no fresh value for its primary key " + table.key() + " of type "
          + table.keyType() + "; teach this test one");
    }
    return "insert into " + table.qualified() + " select (jsonb_populate_record(null::" + table.qualified()
        + ", to_jsonb(x) || jsonb_build_object(" + literal(table.tenantColumn()) + ", ?::uuid" + fresh + "))).* from "
        + table.qualified() + " x where x." + table.column() + " = ? limit 1";
  }

  /**
   * Runs one write as the application role scoped to A, in a savepoint of its own, then
   * checks as the owner, still inside the transaction, that tenant B's rows are as they were;
   * rolls everything back. Returns "N rows" or "refused: SQLSTATE message".
   */
  private static String write(TenantTable table, String sql, UUID... parameters) throws SQLException {
    return asApplicationRole(TENANT_A.toString(), connection -> {
      String outcome;
      Savepoint savepoint = connection.setSavepoint();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          statement.setObject(i + 1, parameters[i]);
        }
        outcome = statement.executeUpdate() + " rows";
        connection.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        connection.rollback(savepoint);
        outcome = "refused: " + e.getSQLState() + " " + e.getMessage();
      }
      execute(connection, "reset role");
      assertThat(queryString(connection, "select current_user")).isNotEqualTo(ROLE);
      assertThat(rowsOf(connection, table, TENANT_B)).as("%s: tenant B's rows after %s (%s)", table, sql, outcome)
          .isEqualTo(tenantBBefore.get(table.name()));
      return outcome;
    });
  }

  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} as {@value #ROLE} with app.client_id = {@code scope} (unset if null)
   * in a transaction that is rolled back, after making sure the role is subject to row-level
   * security.
   */
  static <T> T asApplicationRole(String scope, Work<T> work) throws SQLException {
    try (Connection connection = owner.getConnection()) {
      connection.setAutoCommit(false);
      try {
        execute(connection, "set local role " + ROLE);
        if (scope != null) {
          setTenant(connection, scope);
        }
        requireSubjectToRowLevelSecurity(connection, ROLE);
        return work.apply(connection);
      } finally {
        connection.rollback();
      }
    }
  }

  /**
   * Fails unless the connection's effective role is {@code role} and it is no superuser, has
   * no BYPASSRLS and has the privileges of no owner of a tenant table (directly or through a
   * role it inherits): any of these would make every check here pass for nothing.
   */
  static void requireSubjectToRowLevelSecurity(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("""
        select r.rolname, r.rolsuper, r.rolbypassrls,
               array(select c.relname::text from pg_catalog.pg_class c
                      where c.relnamespace = ?::regnamespace and c.relname = any (?)
                        and pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE')
                      order by 1)
          from pg_catalog.pg_roles r where r.rolname = current_user""")) {
      statement.setString(1, SCHEMA);
      statement.setArray(2, connection.createArrayOf("text", tables.stream().map(TenantTable::name).toArray()));
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("the current role is in pg_roles").isTrue();
        assertThat(row.getString(1)).as("the effective role after SET ROLE").isEqualTo(role);
        assertThat(row.getBoolean(2)).as("%s is a superuser: it bypasses row-level security, so this test proves"
            + " nothing", role).isFalse();
        assertThat(row.getBoolean(3)).as("%s has BYPASSRLS, so this test proves nothing", role).isFalse();
        assertThat((String[]) row.getArray(4).getArray()).as("tenant tables %s owns or has its owner's privileges"
            + " on (an owner may turn row-level security off), so this test proves nothing", role).isEmpty();
      }
    }
  }

  /** The tenant tables of the catalog: every table of the schema with client_account_id, and the tenant table by its id. */
  static List<TenantTable> tenantTables(Connection connection) throws SQLException {
    List<TenantTable> found = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("""
        select c.relname, case when c.relname = 'client_accounts' then 'id' else 'client_account_id' end,
               (select string_agg(a.attname, ',') from pg_catalog.pg_index i
                  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                 where i.indrelid = c.oid and i.indisprimary),
               (select string_agg(pg_catalog.format_type(a.atttypid, a.atttypmod), ',') from pg_catalog.pg_index i
                  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                 where i.indrelid = c.oid and i.indisprimary)
          from pg_catalog.pg_class c
         where c.relnamespace = ?::regnamespace and c.relkind in ('r', 'p')
           and (c.relname = 'client_accounts' or exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid
                  and a.attname = 'client_account_id' and a.attnum > 0 and not a.attisdropped))
         order by c.relname""")) {
      statement.setString(1, SCHEMA);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(new TenantTable(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
    }
    assertThat(found).as("tenant tables of schema %s", SCHEMA).isNotEmpty()
        .allSatisfy(table -> assertThat(table.key()).as("%s: a single-column primary key", table).isNotNull()
            .doesNotContain(","));
    return List.copyOf(found);
  }

  private static long count(Connection connection, TenantTable table, UUID tenant) throws SQLException {
    return queryLong(connection, "select count(*) from " + table.qualified() + " where " + table.column() + " = ?", tenant);
  }

  private static long all(Connection connection, TenantTable table) throws SQLException {
    return queryLong(connection, "select count(*) from " + table.qualified());
  }

  /** A tenant's rows of a table as "count/md5 of the rows in text form, sorted". */
  private static String rowsOf(Connection connection, TenantTable table, UUID tenant) throws SQLException {
    return queryString(connection, "select count(*) || '/' || md5(coalesce(string_agg(x::text, E'\\n' order by x::text), ''))"
        + " from " + table.qualified() + " x where x." + table.column() + " = ?", tenant);
  }

  private static void setTenant(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select set_config('app.client_id', ?, true)")) {
      statement.setString(1, tenant);
      statement.execute();
    }
  }

  private static long queryLong(Connection connection, String sql, Object... parameters) throws SQLException {
    return Long.parseLong(queryString(connection, sql, parameters));
  }

  private static String queryString(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
