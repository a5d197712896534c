package io.tenantseed.junit;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.schema.migration.tables.records.AssetsRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * {@code rlsRole}: the injected connections run as the application role, scoped to the
 * class's tenant, so that row-level security, not the test's WHERE clauses, keeps the other
 * tenant out. A second tenant in the same class, seeded as the owner, is what they must not
 * see, change or write for.
 */
class RowLevelSecurityScopeTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  @SeedTenant(fixture = "techcorp", name = "other")
  @SeedTenant(fixture = "techcorp", name = "mine", rlsRole = "seed_app")
  static class Scoped {
    @Test
    void readsOnlyItsTenant(@TenantName("mine") DSLContext db, @TenantName("mine") Tenant mine,
        @TenantName("other") Tenant other) {
      SEEN.put("reads", List.of(db.fetchCount(ASSETS), db.fetchCount(CLIENT_ACCOUNTS),
          db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(other.id())),
          db.fetchValue(CLIENT_ACCOUNTS.ID).equals(mine.id())));
    }

    @Test
    void cannotChangeOrWriteForTheOtherTenant(@TenantName("mine") DSLContext db, @TenantName("other") Tenant other,
        @TenantName("other") DSLContext owner) {
      int updated = db.update(ASSETS).set(ASSETS.ASSET_NAME, "hijacked").where(ASSETS.CLIENT_ACCOUNT_ID.eq(other.id())).execute();
      int deleted = db.deleteFrom(ASSETS).where(ASSETS.CLIENT_ACCOUNT_ID.eq(other.id())).execute();
      AssetsRecord copy = owner.selectFrom(ASSETS).where(ASSETS.CLIENT_ACCOUNT_ID.eq(other.id())).limit(1).fetchOne();
      copy.setId(java.util.UUID.randomUUID());
      assertThatThrownBy(() -> db.insertInto(ASSETS).set(copy).execute())
          .isInstanceOf(DataAccessException.class).hasMessageContaining("row-level security");
      SEEN.put("writes", List.of(updated, deleted,
          owner.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(other.id()).and(ASSETS.ASSET_NAME.ne("hijacked")))));
    }

    @Test
    void connectionsRunAsTheRole(@TenantName("mine") Connection connection, @TenantName("mine") DataSource dataSource,
        @TenantName("mine") Tenant mine) throws Exception {
      SEEN.put("connection", List.of(whoAndWhich(connection), mine.id().toString()));
      try (Connection another = dataSource.getConnection()) {
        SEEN.put("dataSource", whoAndWhich(another));
      }
      assertThatThrownBy(() -> dataSource.unwrap(org.postgresql.ds.PGSimpleDataSource.class))
          .hasMessageContaining("does not unwrap");
    }

    private static String whoAndWhich(Connection connection) throws Exception {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT current_user, current_setting('app.client_id')")) {
        row.next();
        return row.getString(1) + " " + row.getString(2);
      }
    }
  }

  @Test
  void scopedConnectionsSeeReadAndWriteOnlyTheirTenant() {
    Engine.run(Scoped.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));

    assertThat(SEEN).containsEntry("reads", List.of(50, 1, 0, true))
        .containsEntry("writes", List.of(0, 0, 50));
    @SuppressWarnings("unchecked")
    List<String> connection = (List<String>) SEEN.get("connection");
    assertThat(connection.get(0)).isEqualTo("seed_app " + connection.get(1));
    assertThat(SEEN.get("dataSource")).isEqualTo(connection.get(0));
  }

  /**
   * Without rlsRole the same query sees both tenants: what the scoped connections saw above
   * is row-level security at work, not a query that finds nothing anyway.
   */
  @Test
  void withoutTheRoleTheSameQuerySeesBothTenants() {
    Engine.run(OwnerSeesAll.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("owner", 100);
  }

  @SeedTenant(fixture = "techcorp", name = "a")
  @SeedTenant(fixture = "techcorp", name = "b")
  static class OwnerSeesAll {
    @Test
    void both(@TenantName("a") DSLContext db, @TenantName("a") Tenant a, @TenantName("b") Tenant b) {
      SEEN.put("owner", db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.in(a.id(), b.id())));
    }
  }

  @SeedTenant(fixture = "techcorp", rlsRole = "postgres")
  static class SuperuserRole {
    @Test
    void neverRuns() {
    }
  }

  /** A role created by the test with the privileges of the tables' owner. */
  static final String OWNER_LIKE_ROLE = "seed_owner_like_probe";

  @SeedTenant(fixture = "techcorp", rlsRole = OWNER_LIKE_ROLE)
  static class OwnerLikeRole {
    @Test
    void neverRuns() {
    }
  }

  @SeedTenant(fixture = "techcorp", rlsRole = "no_such_role")
  static class MissingRole {
    @Test
    void neverRuns() {
    }
  }

  @SeedTenant(fixture = "techcorp", rlsRole = "seed_app; DROP TABLE x")
  static class NotARoleName {
    @Test
    void neverRuns() {
    }
  }

  @Test
  void refusesARoleThatActsAsTheTablesOwner() throws Exception {
    javax.sql.DataSource admin = io.tenantseed.testing.TestDatabase.shared().dataSource();
    try (java.sql.Connection connection = admin.getConnection(); java.sql.Statement statement = connection.createStatement()) {
      String owner;
      try (java.sql.ResultSet result = statement.executeQuery(
          "select pg_get_userbyid(relowner) from pg_class where oid = 'migration.assets'::regclass")) {
        result.next();
        owner = result.getString(1);
      }
      statement.execute("drop role if exists " + OWNER_LIKE_ROLE);
      statement.execute("create role " + OWNER_LIKE_ROLE + " nologin");
      statement.execute("grant \"" + owner.replace("\"", "\"\"") + "\" to " + OWNER_LIKE_ROLE);
      try {
        Engine.run(OwnerLikeRole.class).containerEvents().assertThatEvents()
            .haveExactly(1, event(container(OwnerLikeRole.class), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("rlsRole '" + OWNER_LIKE_ROLE + "' owns tenant table migration.")
                    && m.contains("row-level security would not confine it")))));
      } finally {
        statement.execute("drop role " + OWNER_LIKE_ROLE);
      }
    }
  }

  @Test
  void refusesARoleThatWouldSeeEveryTenantOrDoesNotExist() {
    Engine.run(SuperuserRole.class, MissingRole.class, NotARoleName.class).containerEvents().assertThatEvents()
        .haveExactly(1, event(container(SuperuserRole.class), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class),
            // "postgres" is the embedded and external servers' superuser; a Testcontainers
            // server has another, and no role of that name.
            message(m -> m.contains(SuperuserRole.class.getName()) && m.contains("rlsRole 'postgres'")
                && (m.contains("would see every tenant") || m.contains("does not exist"))))))
        .haveExactly(1, event(container(MissingRole.class), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class),
            message(m -> m.contains("rlsRole 'no_such_role' does not exist")))))
        .haveExactly(1, event(container(NotARoleName.class), finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("is not a role name")))));
  }
}
