package io.tenantseed.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants written by the owner; the application role, scoped to one of them, must see
 * none of the other's rows in any tenant table. The same check run as the owner must find
 * the other tenant's rows: otherwise it could pass for nothing.
 */
class RowLevelSecurityTest {

  private static final UUID TENANT_A = UUID.randomUUID();
  private static final UUID TENANT_B = UUID.randomUUID();

  private static DSLContext owner;
  private static List<String> tables;

  @BeforeAll
  static void twoTenants() {
    owner = DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES);
    TenantRows.insert(owner, TENANT_A, 2);
    TenantRows.insert(owner, TENANT_B, 3);
    tables = new java.util.ArrayList<>(Catalog.tenantTables(owner));
    tables.add("client_accounts");
  }

  @Test
  void theApplicationRoleScopedToTenantASeesNoRowOfTenantBInAnyTable() throws SQLException {
    Map<String, Integer> leaked = asApplicationRole(TENANT_A.toString(), TENANT_B);

    assertThat(leaked).hasSize(tables.size()).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
  }

  @Test
  void theApplicationRoleScopedToTenantASeesItsOwnRowsInEveryTable() throws SQLException {
    Map<String, Integer> own = asApplicationRole(TENANT_A.toString(), TENANT_A);

    assertThat(own).hasSize(tables.size()).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
  }

  @Test
  void theApplicationRoleWithoutATenantSeesNothing() throws SQLException {
    assertThat(asApplicationRole(null, TENANT_A)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(asApplicationRole("", TENANT_A)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
  }

  @Test
  void theSameCheckRunAsTheOwnerFindsTheOtherTenantsRows() throws SQLException {
    try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        setTenant(connection, TENANT_A.toString());
        Map<String, Integer> seen = rowsOf(DSL.using(connection, SQLDialect.POSTGRES), TENANT_B);

        assertThat(seen).hasSize(tables.size()).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
      } finally {
        connection.rollback();
      }
    }
  }

  @Test
  void theApplicationRoleCannotWriteARowForAnotherTenant() throws SQLException {
    try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        connection.createStatement().execute("SET LOCAL ROLE seed_app");
        setTenant(connection, TENANT_A.toString());
        DSLContext app = DSL.using(connection, SQLDialect.POSTGRES);

        int updated = app.execute("update migration.assets set asset_name = 'stolen' where client_account_id = ?", TENANT_B);
        int deleted = app.execute("delete from migration.engagements where client_account_id = ?", TENANT_B);
        Throwable inserted = org.assertj.core.api.Assertions.catchThrowable(() -> app.execute(
            "insert into migration.users (id, client_account_id, auth0_user_id, email) values (gen_random_uuid(), ?, 'x', 'x@y.z')",
            TENANT_B));

        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        assertThat(inserted).hasMessageContaining("row-level security");
      } finally {
        connection.rollback();
      }
    }
  }

  /** Rows of {@code counted} per table, as seed_app with app.client_id = {@code scope}. */
  private static Map<String, Integer> asApplicationRole(String scope, UUID counted) throws SQLException {
    try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        connection.createStatement().execute("SET LOCAL ROLE seed_app");
        if (scope != null) {
          setTenant(connection, scope);
        }
        DSLContext app = DSL.using(connection, SQLDialect.POSTGRES);
        assertThat(app.fetchValue("select current_user", String.class)).isEqualTo("seed_app");
        return rowsOf(app, counted);
      } finally {
        connection.rollback();
      }
    }
  }

  private static Map<String, Integer> rowsOf(DSLContext db, UUID tenant) {
    Map<String, Integer> rows = new LinkedHashMap<>();
    for (String table : tables) {
      String column = table.equals("client_accounts") ? "id" : "client_account_id";
      rows.put(table, db.selectCount()
          .from(DSL.table(DSL.name("migration", table)))
          .where(DSL.field(DSL.name(column), UUID.class).eq(tenant))
          .fetchOne(0, Integer.class));
    }
    return rows;
  }

  private static void setTenant(Connection connection, String tenant) throws SQLException {
    try (var statement = connection.prepareStatement("select set_config('app.client_id', ?, true)")) {
      statement.setString(1, tenant);
      statement.execute();
    }
  }
}
