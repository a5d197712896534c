package io.tenantseed.junit;

import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;

/** The database an extension seeds into, with what it needs to seed, purge and explain. */
final class SeedDatabase {

  private final DataSource owner;
  private final Seeder seeder;
  private final Purger purger;
  private final TestDatabase testDatabase;
  /** Where a DataSource of the user's comes from, for messages; null for the shared test database. */
  private final String source;
  /**
   * Warm connections for seeding and purging in the shared test database, whose DataSource
   * is not a pool: a new connection costs more than seeding a small tenant. Null for a
   * DataSource of the user's, which is theirs to pool.
   */
  private final Deque<Connection> idle;
  /** Holders with tenants seeded here and not yet purged, for {@link #closing()}. */
  private final Set<SeededTenants> open = ConcurrentHashMap.newKeySet();

  private SeedDatabase(DataSource owner, TestDatabase testDatabase, String source) {
    this.owner = owner;
    this.source = source;
    this.seeder = Seeder.forDataSource(owner);
    this.purger = Purger.forDataSource(owner);
    this.testDatabase = testDatabase;
    this.idle = testDatabase == null ? null : new ConcurrentLinkedDeque<>();
  }

  /** The JVM's shared test database, started and migrated on first use. */
  static SeedDatabase shared() {
    return Shared.INSTANCE;
  }

  /**
   * A database the user brings, migrated by them; {@code source} says where it comes from
   * ({@code "SeedExtension.forDataSource(...)"}, a Spring context).
   */
  static SeedDatabase of(DataSource dataSource, String source) {
    return new SeedDatabase(dataSource, null, source);
  }

  DataSource owner() {
    return owner;
  }

  void opened(SeededTenants tenants) {
    open.add(tenants);
  }

  void closed(SeededTenants tenants) {
    open.remove(tenants);
  }

  /**
   * The DataSource is about to close (a Spring context closing, with {@code @DirtiesContext},
   * before the extension's own afterAll): purges every tenant still here now, while it can.
   * A purge that fails is thrown by its holder's own {@link SeededTenants#close()} later.
   */
  void closing() {
    for (SeededTenants tenants : List.copyOf(open)) {
      tenants.closeEarly();
    }
  }

  /** Seeds {@code graph}, replacing a tenant of the same id left by an earlier run. */
  void seed(TenantGraph graph) {
    if (idle == null) {
      seeder.seed(graph, SeedMode.REPLACE);
      return;
    }
    use(connection -> seeder.seed(connection, graph, SeedMode.REPLACE));
  }

  /** Purges {@code tenantId} if it is still there: a test may have purged its tenant itself. */
  void purge(UUID tenantId) {
    if (idle == null) {
      purger.purge(List.of(tenantId), CLEAN_UP);
      return;
    }
    use(connection -> purger.purge(connection, List.of(tenantId), CLEAN_UP));
  }

  private static final PurgeOptions CLEAN_UP = PurgeOptions.DEFAULT.withIfExists();

  /** Runs {@code work} on a warm connection; keeps the connection if it succeeded, closes it if not. */
  private void use(java.util.function.Consumer<Connection> work) {
    Connection connection = borrow();
    try {
      work.accept(connection);
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    idle.offerFirst(connection);
  }

  /** An idle warm connection, or a new one. (Seeder and Purger leave it outside any transaction.) */
  private Connection borrow() {
    for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
      try {
        if (!connection.isClosed()) {
          return connection;
        }
      } catch (SQLException ignored) {
        // unusable: take the next one
      }
    }
    try {
      return owner.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the test database " + testDatabase.url() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Checks that the connecting user can become {@code role} and that the role is subject to
   * row-level security; returns the problem, or null.
   */
  String checkRole(String role) {
    String sql = "SELECT r.rolsuper OR r.rolbypassrls, pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'),"
        + " current_user, (SELECT min(n.nspname || '.' || c.relname) FROM pg_catalog.pg_class c"
        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')"
        + " AND c.relrowsecurity AND pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE'))"
        + " FROM pg_catalog.pg_roles r WHERE r.rolname = ?";
    try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, io.tenantseed.migrate.Migrator.PLATFORM_SCHEMA);
      statement.setString(2, role);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return "rlsRole '" + role + "' does not exist in the database";
        }
        if (row.getBoolean(1)) {
          return "rlsRole '" + role + "' is a superuser or has BYPASSRLS, so it would see every tenant";
        }
        if (row.getString(4) != null) {
          return "rlsRole '" + role + "' owns tenant table " + row.getString(4)
              + " or acts with its owner's privileges, so row-level security would not confine it";
        }
        if (!row.getBoolean(2)) {
          return "the connecting user " + row.getString(3) + " cannot act as rlsRole '" + role
              + "': GRANT " + role + " TO " + row.getString(3);
        }
        return null;
      }
    } catch (SQLException e) {
      return "cannot check rlsRole '" + role + "': " + e.getMessage();
    }
  }

  /** Keeps the database holding {@code tenantId} for inspection where possible, and says where it is. */
  String keep(UUID tenantId) {
    if (testDatabase == null) {
      return "in the database of " + source;
    }
    testDatabase.keep(tenantId);
    return switch (testDatabase.kind()) {
      case EXTERNAL -> "in test database " + testDatabase.url() + ", which is not dropped at exit while the tenant is in it";
      case TESTCONTAINERS, EMBEDDED -> "in the " + testDatabase.kind().name().toLowerCase(java.util.Locale.ROOT)
          + " test database " + testDatabase.url() + ", which ends with this JVM (set "
          + TestDatabase.URL_VARIABLE + " to a server of yours to keep it)";
    };
  }

  /** Started on first use only: a class that registers its own DataSource never starts one. */
  private static final class Shared {
    static final SeedDatabase INSTANCE = create();

    private static SeedDatabase create() {
      TestDatabase database = TestDatabase.shared();
      return new SeedDatabase(database.dataSource(), database, null);
    }
  }
}
