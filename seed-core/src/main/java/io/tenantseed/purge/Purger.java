package io.tenantseed.purge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.SeedException;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import io.tenantseed.migrate.Migrator;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Removes whole tenants, planned from the live catalog: every table of the schema with a
 * {@code client_account_id} column, emptied of those tenants children first, then the
 * client account itself, in one transaction that is verified before it commits.
 *
 * <pre>
 * Purger purger = Purger.forDataSource(dataSource);
 * PurgePlan plan = purger.plan(List.of(tenantId));     // dry run: tables and row counts
 * PurgeResult result = purger.execute(plan);            // "Purged 1 tenant (60 rows) in 3 ms"
 * </pre>
 *
 * <p>Guards, each with its own exception: the environment marker {@code production}
 * refuses, with no override ({@link ProtectedEnvironmentException}); a tenant that
 * tenant-seed did not seed is refused unless {@link PurgeOptions#withForce()}
 * ({@link UnregisteredTenantException}); an id that names no tenant is reported in the plan,
 * or refused with {@link PurgeOptions#withStrict()} ({@link UnknownTenantException}). The
 * guards are checked when planning and again inside the deleting transaction. Tenant ids
 * are bound as parameters; the SQL text holds only identifiers read from the catalog.
 *
 * <p>Each purged tenant gets a {@code seed_meta.purge_log} row (who, when, rows per table)
 * and loses its registry row. Any failure rolls everything back. The catalog reading is
 * cached per version of the schema's catalog. Immutable and thread-safe.
 */
public final class Purger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String schema;

  private Purger(DataSource dataSource, String schema) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /** A purger for the platform schema ({@value Migrator#PLATFORM_SCHEMA}). */
  public static Purger forDataSource(DataSource dataSource) {
    return new Purger(dataSource, Migrator.PLATFORM_SCHEMA);
  }

  /** The same purger for another application schema. */
  public Purger schema(String otherSchema) {
    return new Purger(dataSource, otherSchema);
  }

  public PurgePlan plan(Collection<UUID> tenantIds) {
    return plan(tenantIds, PurgeOptions.DEFAULT);
  }

  /** Checks the guards and counts what a purge of {@code tenantIds} would delete. Changes nothing. */
  public PurgePlan plan(Collection<UUID> tenantIds, PurgeOptions options) {
    List<UUID> requested = List.copyOf(new LinkedHashSet<>(tenantIds));
    try (Connection connection = dataSource.getConnection()) {
      SchemaCatalog catalog = SchemaCatalog.of(connection, schema);
      Selection selection = select(connection, catalog, requested, options);
      List<PurgePlan.TableRows> tables = new ArrayList<>();
      for (String table : catalog.deleteOrder) {
        tables.add(new PurgePlan.TableRows(table, count(connection, catalog, table, selection.existing())));
      }
      return new PurgePlan(schema, catalog.version, selection.existing(), selection.missing(), options, tables);
    } catch (SQLException e) {
      throw translate(e, requested);
    }
  }

  /**
   * Purges in one call and one transaction: no separate planning pass, the counts come from
   * the deletes themselves. Same guards, verification and log as {@link #execute}.
   */
  public PurgeResult purge(Collection<UUID> tenantIds, PurgeOptions options) {
    try (Connection connection = dataSource.getConnection()) {
      return purge(connection, tenantIds, options);
    } catch (SQLException e) {
      throw translate(e, List.copyOf(tenantIds));
    }
  }

  /**
   * {@link #purge(Collection, PurgeOptions)} on the caller's connection (a pooled or warm
   * one), in a transaction of its own: the connection must not be inside a transaction. Its
   * auto-commit setting is restored afterwards.
   */
  public PurgeResult purge(Connection connection, Collection<UUID> tenantIds, PurgeOptions options) {
    return run(connection, List.copyOf(new LinkedHashSet<>(tenantIds)), List.of(), options);
  }

  /**
   * Deletes what {@code plan} names, in the plan's schema, in one transaction: the guards
   * are checked again, the tenants are locked against concurrent seeding, every tenant table
   * is emptied of them in the catalog's order, and the commit happens only if no row of
   * theirs is left anywhere.
   */
  public PurgeResult execute(PurgePlan plan) {
    if (plan.tenants().isEmpty()) {
      return new PurgeResult(List.of(), plan.missing(), List.of(), Duration.ZERO);
    }
    try (Connection connection = dataSource.getConnection()) {
      return schema(plan.schema()).run(connection, plan.tenants(), plan.missing(), plan.options());
    } catch (SQLException e) {
      throw translate(e, plan.tenants());
    }
  }

  private PurgeResult run(Connection connection, List<UUID> tenants, List<UUID> missingBefore, PurgeOptions options) {
    long started = System.nanoTime();
    boolean autoCommit = true;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        Bookkeeping.lockTenants(connection, tenants);
        SchemaCatalog catalog = SchemaCatalog.of(connection, schema);
        Selection selection = select(connection, catalog, tenants, options);
        List<UUID> existing = selection.existing();
        List<UUID> missing = new ArrayList<>(new LinkedHashSet<>(missingBefore));
        selection.missing().stream().filter(id -> !missing.contains(id)).forEach(missing::add);
        List<PurgePlan.TableRows> deleted = new ArrayList<>();
        if (!existing.isEmpty()) {
          Array ids = connection.createArrayOf("uuid", existing.toArray());
          catalog.deleteTenants(connection, ids).forEach((name, rows) -> deleted.add(new PurgePlan.TableRows(name, rows)));
          verifyNothingLeft(connection, catalog, ids, existing);
          log(connection, existing, deleted, options.force());
        }
        connection.commit();
        return new PurgeResult(existing, missing, deleted, Duration.ofNanos(System.nanoTime() - started));
      } catch (SQLException | RuntimeException e) {
        Transactions.rollbackQuietly(connection, e);
        throw e;
      } finally {
        Transactions.restoreAutoCommit(connection, autoCommit);
      }
    } catch (SeedException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw translate(e, tenants);
    }
  }

  /** The requested tenants split by the guards; throws for a refused one. */
  private Selection select(Connection connection, SchemaCatalog catalog, List<UUID> requested, PurgeOptions options)
      throws SQLException {
    String environment = Bookkeeping.environment(connection);
    if ("production".equals(environment)) {
      throw new ProtectedEnvironmentException("refusing to purge " + describe(requested)
          + ": the environment marker of this database says production");
    }
    Set<UUID> registered = new HashSet<>();
    Set<UUID> present = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "select t.id, exists (select 1 from seed_meta.tenants r where r.tenant_id = t.id), "
            + "exists (select 1 from " + catalog.qualified(catalog.root) + " a where a." + SchemaCatalog.quote(catalog.rootKey)
            + " = t.id) from unnest(?::uuid[]) as t(id)")) {
      statement.setArray(1, connection.createArrayOf("uuid", requested.toArray()));
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          UUID id = result.getObject(1, UUID.class);
          if (result.getBoolean(2)) {
            registered.add(id);
          }
          if (result.getBoolean(3)) {
            present.add(id);
          }
        }
      }
    }
    List<UUID> missing = requested.stream().filter(id -> !present.contains(id)).toList();
    if (!missing.isEmpty() && options.strict()) {
      throw new UnknownTenantException(missing);
    }
    List<UUID> existing = requested.stream().filter(present::contains).toList();
    List<UUID> unregistered = existing.stream().filter(id -> !registered.contains(id)).toList();
    if (!unregistered.isEmpty() && !options.force()) {
      throw new UnregisteredTenantException(unregistered);
    }
    return new Selection(existing, missing);
  }

  private record Selection(List<UUID> existing, List<UUID> missing) {}

  private static Map<UUID, Long> count(Connection connection, SchemaCatalog catalog, String table, List<UUID> tenants)
      throws SQLException {
    if (tenants.isEmpty()) {
      return Map.of();
    }
    String column = SchemaCatalog.quote(catalog.tenantColumn(table));
    try (PreparedStatement statement = connection.prepareStatement("select " + column + ", count(*) from "
        + catalog.qualified(table) + " where " + column + " = any (?) group by 1")) {
      statement.setArray(1, connection.createArrayOf("uuid", tenants.toArray()));
      return SchemaCatalog.countsPerTenant(statement);
    }
  }

  /** One statement over every tenant table the catalog knows now (not only the planned ones). */
  private static void verifyNothingLeft(Connection connection, SchemaCatalog catalog, Array tenants, List<UUID> ids)
      throws SQLException {
    List<String> tables = catalog.deleteOrder;
    String sql = java.util.stream.IntStream.range(0, tables.size())
        .mapToObj(i -> "select " + i + " as t, count(*) as n from " + catalog.qualified(tables.get(i)) + " where "
            + SchemaCatalog.quote(catalog.tenantColumn(tables.get(i))) + " = any (?)")
        .collect(Collectors.joining(" union all ", "select t, n from (", ") left_over where n > 0"));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 1; i <= catalog.deleteOrder.size(); i++) {
        statement.setArray(i, tenants);
      }
      try (ResultSet result = statement.executeQuery()) {
        if (result.next()) {
          throw new UnableToPurgeException("purging " + describe(ids) + " left " + result.getLong(2) + " rows in "
              + catalog.schema + "." + tables.get(result.getInt(1)) + "; nothing was removed", null);
        }
      }
    }
  }

  private static void log(Connection connection, List<UUID> tenants, List<PurgePlan.TableRows> deleted, boolean forced)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "insert into seed_meta.purge_log (scope, tenant_id, forced, purged_by, row_counts) "
            + "values ('tenant', ?, ?, ? || ' as ' || current_user, ?::jsonb)");
         PreparedStatement unregister = connection.prepareStatement("delete from seed_meta.tenants where tenant_id = any (?)")) {
      for (UUID tenant : tenants) {
        ObjectNode counts = JSON.createObjectNode();
        for (PurgePlan.TableRows table : deleted) {
          counts.put(table.table(), table.rows().getOrDefault(tenant, 0L));
        }
        insert.setObject(1, tenant);
        insert.setBoolean(2, forced);
        insert.setString(3, System.getProperty("user.name", "unknown"));
        insert.setString(4, counts.toString());
        insert.addBatch();
      }
      insert.executeBatch();
      unregister.setArray(1, connection.createArrayOf("uuid", tenants.toArray()));
      unregister.executeUpdate();
    }
  }

  private static SeedException translate(Exception failure, List<UUID> tenants) {
    String context = "purging " + describe(tenants) + " failed";
    var connection = SqlErrors.connectionFailure(failure, null);
    if (connection.isPresent()) {
      return SqlErrors.withContext(connection.get(), context + ", nothing was removed");
    }
    return new UnableToPurgeException(context + ": " + SqlErrors.serverMessage(failure) + "; nothing was removed", failure);
  }

  private static String describe(List<UUID> tenants) {
    return tenants.size() == 1 ? "tenant " + tenants.get(0) : "tenants " + tenants;
  }
}
