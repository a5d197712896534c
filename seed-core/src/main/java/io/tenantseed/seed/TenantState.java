package io.tenantseed.seed;

import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.RoundTrip;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.NotMigratedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * What the database knows of a tenant when its seed starts, read once the seed holds the
 * tenant's advisory lock: the environment marker, the registry's fixture and version, whether
 * the client account exists, and the platform schema's catalog stamp.
 *
 * <pre>
 * TenantState state = TenantState.lockAndInspect(connection, graph);   // inside the seed's transaction
 * state.marker().refuseProduction("refusing to seed ...");
 * </pre>
 *
 * @param catalogStamp {@link SchemaCatalog#STAMP_SQL} of the platform schema, or null without it
 */
record TenantState(Bookkeeping.Marker marker, String fixtureName, String fixtureVersion, boolean accountExists,
    String catalogStamp) {

  /** SQLSTATEs of a relation or schema that does not exist: the schemas are not migrated. */
  private static final Set<String> NOT_MIGRATED = Set.of("42P01", "3F000");

  boolean registered() {
    return fixtureName != null;
  }

  String describe() {
    return fixtureName == null ? " (not registered by tenant-seed)"
        : " (fixture " + fixtureName + " version " + fixtureVersion + ")";
  }

  /**
   * One round trip of three statements: read committed (whatever the connection's default,
   * so that what a concurrent seed committed while this one waited for the lock is seen),
   * {@code app.client_id} and the tenant's advisory lock, then what is there already, read
   * once the lock is held, with the platform schema's catalog stamp (so the catalog costs no
   * round trip of its own while it is cached).
   */
  static TenantState lockAndInspect(Connection connection, TenantGraph graph) throws SQLException {
    UUID tenant = graph.tenantId();
    RoundTrip trip = new RoundTrip();
    trip.statement("set transaction isolation level read committed");
    // timestamps given without an offset mean UTC on every machine, whatever the JVM's zone
    trip.statement("set local time zone 'UTC'");
    trip.query("select set_config('app.client_id', ?, true), pg_advisory_xact_lock(?, ?)", parameters -> {
      parameters.setString(1, tenant.toString());
      parameters.setInt(2, Bookkeeping.LOCK_NAMESPACE);
      parameters.setInt(3, Bookkeeping.lockKey(tenant));
    }, result -> null);
    RoundTrip.Part<TenantState> state = trip.query("""
        select %s,
               t.fixture_name, t.fixture_version,
               exists (select 1 from migration.client_accounts where id = ?),
               %s
          from (select 1) one
          left join seed_meta.tenants t on t.tenant_id = ?""".formatted(Bookkeeping.MARKER_ROWS_SQL,
        SchemaCatalog.STAMP_SQL), parameters -> {
          parameters.setObject(1, tenant);
          parameters.setString(2, Migrator.PLATFORM_SCHEMA);
          parameters.setObject(3, tenant);
        }, result -> {
          result.next();
          return new TenantState(Bookkeeping.Marker.ofRows(result.getArray(1)), result.getString(2),
              result.getString(3), result.getBoolean(4), result.getString(5));
        });
    try {
      trip.execute(connection);
      return state.value();
    } catch (SQLException e) {
      if (NOT_MIGRATED.contains(e.getSQLState())) {
        throw new NotMigratedException("seeding tenant " + tenant + " (" + graph.name() + ") failed: the database is"
            + " not migrated (" + SqlErrors.serverMessage(e) + "); run seed migrate first", e);
      }
      throw e;
    }
  }
}
