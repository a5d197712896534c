package io.tenantseed.purge;

import io.tenantseed.SeedException;
import io.tenantseed.TransactionListener;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.RecordedVersion;
import io.tenantseed.internal.RoundTrip;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Removes whole tenants, planned from the live catalog: every table of the schema with a
 * {@code client_account_id} column, emptied of those tenants, and the client account itself,
 * in one statement and one transaction, which commits only when nothing of theirs can be left
 * (foreign keys that cascade or restrict see to that; other tenant tables are checked).
 *
 * <pre>
 * Purger purger = Purger.forDataSource(dataSource);
 * PurgePlan plan = purger.plan(List.of(tenantId));     // dry run: tables and row counts
 * PurgeResult result = purger.execute(plan);            // "Purged 1 tenant (60 rows) in 3 ms"
 * </pre>
 *
 * <p>Guards, each with its own exception: the environment marker {@code production}
 * refuses, with no override, and so does a marker that is not exactly one row naming an
 * {@link io.tenantseed.Environment} (a name in capitals, two rows, a dropped table): the
 * guard fails closed ({@link io.tenantseed.ProtectedEnvironmentException}); a tenant that
 * tenant-seed did not seed is refused unless {@link PurgeOptions#withForce()}
 * ({@link UnregisteredTenantException}); an id that names no tenant is refused, nothing purged
 * ({@link UnknownTenantException}), or reported in the plan with
 * {@link PurgeOptions#withIfExists()}. The registry is a record, not the truth: a registered
 * tenant whose client account is gone counts as absent, and the purge removes its stale
 * registry row ({@link PurgePlan#stale()}) and, where a tenant table's tenant column is not a
 * foreign key to the client account that cascades or restricts, the rows of it left there (so
 * nothing of it stays behind silently, checked and logged as for a tenant). The
 * guards are checked when planning and again inside the deleting transaction. Tenant ids
 * are bound as parameters; the SQL text holds only identifiers read from the catalog.
 *
 * <p>Each purged tenant gets a {@code seed_meta.purge_log} row (who, when, rows per table)
 * and loses its registry row. Any failure rolls everything back. The catalog reading is
 * cached per version of the schema's catalog. Immutable and thread-safe.
 */
public final class Purger {

  private final DataSource dataSource;
  private final String schema;
  private final TransactionListener listener;

  private Purger(DataSource dataSource, String schema, TransactionListener listener) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A purger for the platform schema ({@value Migrator#PLATFORM_SCHEMA}). */
  public static Purger forDataSource(DataSource dataSource) {
    return new Purger(dataSource, Migrator.PLATFORM_SCHEMA, TransactionListener.NONE);
  }

  /** The same purger for another application schema. */
  public Purger schema(String otherSchema) {
    return new Purger(dataSource, otherSchema, listener);
  }

  /** The same purger, telling {@code listener} where its deleting transaction stands. */
  public Purger listener(TransactionListener listener) {
    return new Purger(dataSource, schema, listener);
  }

  public PurgePlan plan(Collection<UUID> tenantIds) {
    return plan(tenantIds, PurgeOptions.DEFAULT);
  }

  /** Checks the guards and counts what a purge of {@code tenantIds} would delete. Changes nothing. */
  public PurgePlan plan(Collection<UUID> tenantIds, PurgeOptions options) {
    List<UUID> requested = List.copyOf(new LinkedHashSet<>(tenantIds));
    try {
      return planOnce(requested, options);
    } catch (StaleCatalogException stale) {
      try {
        return planOnce(requested, options);
      } catch (StaleCatalogException again) {
        throw translate(again.getCause(), requested, false);
      }
    }
  }

  private PurgePlan planOnce(List<UUID> requested, PurgeOptions options) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        Guarded guarded = guard(connection, requested, options, false);
        SchemaCatalog catalog = guarded.catalog();
        Selection selection = guarded.selection();
        List<PurgePlan.TableRows> tables = new ArrayList<>();
        List<Integer> unguarded = catalog.tablesNotGuardedByTheirTenantKey();
        for (int i = 0; i < catalog.deleteOrder.size(); i++) {
          // Only where no foreign key to the client account guards it can a stale tenant have rows left.
          List<UUID> counted = unguarded.contains(i) ? selection.leftOverCandidates() : selection.existing();
          tables.add(new PurgePlan.TableRows(catalog.deleteOrder.get(i), count(connection, catalog, catalog.deleteOrder.get(i),
              counted)));
        }
        return new PurgePlan(schema, RecordedVersion.of(connection, schema), catalog.version,
            selection.existing(), selection.missing(), selection.stale(), options, tables);
      } catch (SQLException e) {
        Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(requested));
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e, requested, false);
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
      throw translate(e, List.copyOf(tenantIds), false);
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
    if (plan.isEmpty()) {
      return new PurgeResult(List.of(), plan.missing(), List.of(), List.of(), Duration.ZERO);
    }
    List<UUID> requested = new ArrayList<>(plan.tenants());
    requested.addAll(plan.stale());
    try (Connection connection = dataSource.getConnection()) {
      return schema(plan.schema()).run(connection, requested, plan.missing(), plan.options());
    } catch (SQLException e) {
      throw translate(e, plan.tenants(), false);
    }
  }

  /**
   * Two round trips however many tables, once the catalog is cached: the locks with the
   * guards (and the catalog stamp), then the deletes with their log and unregistration in one
   * statement and the commit (or, where a tenant table is not guarded by its foreign key, the
   * check that nothing is left, then the commit).
   */
  private PurgeResult run(Connection connection, List<UUID> tenants, List<UUID> missingBefore, PurgeOptions options) {
    try {
      return runOnce(connection, tenants, missingBefore, options);
    } catch (StaleCatalogException stale) {
      try {
        return runOnce(connection, tenants, missingBefore, options);
      } catch (StaleCatalogException again) {
        throw translate(again.getCause(), tenants, false);
      }
    }
  }

  private PurgeResult runOnce(Connection connection, List<UUID> tenants, List<UUID> missingBefore, PurgeOptions options) {
    long started = System.nanoTime();
    // From the moment the commit may have been sent, a lost connection leaves the outcome unknown.
    AtomicBoolean committing = new AtomicBoolean();
    try {
      PurgeResult result = Transactions.inTransaction(connection, c -> {
        Guarded guarded = guard(c, tenants, options, true);
        SchemaCatalog catalog = guarded.catalog();
        List<UUID> existing = guarded.selection().existing();
        List<UUID> stale = guarded.selection().stale();
        List<UUID> missing = new ArrayList<>(new LinkedHashSet<>(missingBefore));
        guarded.selection().missing().stream().filter(id -> !missing.contains(id)).forEach(missing::add);
        List<PurgePlan.TableRows> deleted = new ArrayList<>();
        boolean unguarded = !catalog.tablesNotGuardedByTheirTenantKey().isEmpty();
        if (!existing.isEmpty() || (unguarded && !stale.isEmpty())) {
          // A stale tenant may have rows left where no foreign key to its client account
          // guards the table: those go too, and are checked like the others.
          committing.set(!unguarded); // the commit goes with the deletes
          ListenerFailure.tell(committing.get() ? listener::committing : listener::writing);
          deleteLogAndVerify(c, catalog, existing, unguarded ? stale : List.of(), stale, options.force())
              .forEach((name, rows) -> deleted.add(new PurgePlan.TableRows(name, rows)));
        } else if (!stale.isEmpty()) { // every tenant table guarded: nothing of a stale tenant can be left
          ListenerFailure.tell(listener::committing);
          committing.set(true); // the commit goes with the unregistration
          unregister(c, stale);
        }
        if (!committing.get()) {
          ListenerFailure.tell(listener::committing);
          committing.set(true);
        }
        return new PurgeResult(existing, missing, stale, deleted, Duration.ZERO);
      });
      ListenerFailure.tell(listener::committed);
      return new PurgeResult(result.tenants(), result.missing(), result.stale(), result.tables(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (SeedException | StaleCatalogException e) {
      throw e;
    } catch (ListenerFailure e) {
      throw e.failure;
    } catch (SQLException | RuntimeException e) {
      if (!committing.get()) { // rolled back: the marker can be read again, and a dropped one refuses
        Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(tenants));
      }
      throw translate(e, tenants, committing.get());
    }
  }

  private record Guarded(SchemaCatalog catalog, Selection selection) {}

  /**
   * The purge's transaction reads with a snapshot per statement, whatever the connection's
   * default: the guards must see what a concurrent seed committed while the purge waited for
   * its lock. First in the transaction, in the same round trip as the lock.
   */
  private static final String READ_COMMITTED = "set transaction isolation level read committed";

  /** What a cached catalog that no longer matches the database makes the probe fail with: no such table, column or schema. */
  private static final Set<String> STALE_CATALOG_STATES = Set.of("42P01", "42703", "3F000");

  /** The cached catalog no longer matched the database; the transaction is to be run again. */
  private static final class StaleCatalogException extends RuntimeException {
    StaleCatalogException(SQLException cause) {
      super(cause);
    }
  }

  /**
   * The guards and the catalog in one round trip where the catalog is already cached (its
   * stamp is read in the same query and checked), taking the tenants' locks first if
   * {@code lock}; otherwise the catalog is read afresh and the guards asked again.
   */
  private Guarded guard(Connection connection, List<UUID> requested, PurgeOptions options, boolean lock)
      throws SQLException {
    SchemaCatalog catalog = SchemaCatalog.cached(connection, schema);
    Probe probe;
    if (catalog == null) {
      if (lock) {
        RoundTrip trip = new RoundTrip();
        trip.statement(READ_COMMITTED);
        Bookkeeping.lockTenants(trip, requested);
        trip.execute(connection);
      }
      catalog = SchemaCatalog.of(connection, schema);
      probe = probe(connection, catalog, requested, false);
    } else {
      try {
        probe = probe(connection, catalog, requested, lock);
      } catch (SQLException e) {
        if (!STALE_CATALOG_STATES.contains(e.getSQLState())) {
          throw e;
        }
        // The cached tenant table is gone (dropped and recreated, say): forget the catalog
        // so that the next attempt reads it afresh.
        SchemaCatalog.forget(connection, schema);
        throw new StaleCatalogException(e);
      }
    }
    if (!catalog.version.equals(probe.stamp())) {
      // The schema changed since the catalog was cached: read it again, with sequential
      // scans allowed for pg_catalog's sake (the probe above ruled them out if it locked).
      if (lock) {
        setSequentialScans(connection, true);
      }
      catalog = SchemaCatalog.of(connection, schema, probe.stamp());
      probe = probe(connection, catalog, requested, false);
      if (lock) {
        setSequentialScans(connection, false);
      }
    }
    return new Guarded(catalog, select(requested, probe, options));
  }

  private static void setSequentialScans(Connection connection, boolean on) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select set_config('enable_seqscan', ?, true)")) {
      statement.setString(1, on ? "on" : "off");
      statement.execute();
    }
  }

  /** What one query says: the catalog stamp, the environment marker, which tenants exist and which are registered. */
  private record Probe(String stamp, Bookkeeping.Marker marker, Set<UUID> present, Set<UUID> registered) {}

  /**
   * Reads the {@link Probe}; with {@code lockFirst}, after the lock ({@link Bookkeeping#lockTenants})
   * sent in the same round trip (a statement of its own, so the probe's snapshot is taken once
   * the locks are held).
   */
  private Probe probe(Connection connection, SchemaCatalog catalog, List<UUID> requested, boolean lockFirst)
      throws SQLException {
    String probe = "select s.stamp, s.environment, t.id, t.registered, t.present from (select " + SchemaCatalog.STAMP_SQL
        + " as stamp, " + Bookkeeping.MARKER_ROWS_SQL + " as environment) s left join lateral ("
        + "select u.id, exists (select 1 from seed_meta.tenants r where r.tenant_id = u.id) as registered, "
        + "exists (select 1 from " + catalog.qualified(catalog.root) + " a where a." + SchemaCatalog.quote(catalog.rootKey)
        + " = u.id) as present from unnest(?::uuid[]) as u(id)) t on true";
    RoundTrip trip = new RoundTrip();
    if (lockFirst) {
      trip.statement(READ_COMMITTED);
      Bookkeeping.lockTenants(trip, requested);
      // Under the locks, the rest of the transaction runs on generic plans, planned once per
      // connection: planning the deletes afresh each time costs more than running them. A
      // generic plan cannot know that the tenant is small beside the others (it guesses an
      // equal share for every tenant, half of each table with two), so sequential scans are
      // ruled out too: every statement of the purge finds its rows through the tenant-leading
      // indexes, whatever the size of the other tenants.
      // (The probe itself, which reads the catalog, runs before that.)
      trip.statement("select set_config('plan_cache_mode', 'force_generic_plan', true)");
    }
    RoundTrip.Part<Probe> probed = trip.query(probe, parameters -> {
      parameters.setString(1, schema);
      parameters.setArray(2, "uuid", requested);
    }, Purger::readProbe);
    if (lockFirst) {
      trip.statement("select set_config('enable_seqscan', 'off', true)");
    }
    trip.execute(connection);
    if (probed.value().stamp() == null) {
      throw new io.tenantseed.migrate.NotMigratedException("schema " + schema + " does not exist: the database is"
          + " not migrated (seed migrate migrates it)", null);
    }
    return probed.value();
  }

  /** The probe's rows, one per requested tenant (or one with no tenant): the stamp is null where the schema is missing. */
  private static Probe readProbe(ResultSet result) throws SQLException {
    Set<UUID> registered = new HashSet<>();
    Set<UUID> present = new HashSet<>();
    String stamp = null;
    Bookkeeping.Marker marker = null;
    while (result.next()) {
      stamp = result.getString(1);
      marker = Bookkeeping.Marker.ofRows(result.getArray(2));
      UUID id = result.getObject(3, UUID.class);
      if (result.getBoolean(4)) {
        registered.add(id);
      }
      if (result.getBoolean(5)) {
        present.add(id);
      }
    }
    return new Probe(stamp, marker, present, registered);
  }

  /** The requested tenants split by the guards; throws for a refused one. */
  private static Selection select(List<UUID> requested, Probe probe, PurgeOptions options) {
    probe.marker().refuseProduction(refusing(requested));
    List<UUID> absent = requested.stream().filter(id -> !probe.present().contains(id)).toList();
    List<UUID> missing = absent.stream().filter(id -> !probe.registered().contains(id)).toList();
    if (!missing.isEmpty() && !options.ifExists()) {
      throw new UnknownTenantException(missing);
    }
    List<UUID> stale = absent.stream().filter(probe.registered()::contains).toList();
    List<UUID> existing = requested.stream().filter(probe.present()::contains).toList();
    List<UUID> unregistered = existing.stream().filter(id -> !probe.registered().contains(id)).toList();
    if (!unregistered.isEmpty() && !options.force()) {
      throw new UnregisteredTenantException(unregistered);
    }
    return new Selection(existing, missing, stale);
  }

  /**
   * The requested ids by what the purge does with them.
   *
   * @param existing tenants to purge
   * @param missing ids that name nothing (reported)
   * @param stale registry rows whose tenant is gone (removed)
   */
  private record Selection(List<UUID> existing, List<UUID> missing, List<UUID> stale) {
    /** The tenants whose rows a table without a guarding foreign key may hold: the existing and the stale. */
    List<UUID> leftOverCandidates() {
      List<UUID> ids = new ArrayList<>(existing);
      ids.addAll(stale);
      return ids;
    }
  }

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

  /**
   * One round trip of two statements. The first deletes the tenants from every tenant table
   * ({@link SchemaCatalog#deleteCtes}), logs each with its rows per table and unregisters
   * it (and removes the {@code stale} registry rows, whose tenants are gone already; the
   * {@code leftOver} ones among them, passed where some tenant table is not guarded by its
   * foreign key, are deleted like the tenants and logged if any row of theirs was); the second commits, or checks what is left. A row of these tenants that the first statement's snapshot did not see
   * (written meanwhile by someone who does not take tenant-seed's lock) cannot outlive the
   * deleted tenant row where its tenant column is a foreign key to it that cascades or
   * refuses; for any other tenant table, the second statement (with a snapshot of its own)
   * counts what is left: a row left over fails the purge, and the rollback takes the deletes
   * and the log with it.
   */
  private static Map<String, Map<UUID, Long>> deleteLogAndVerify(Connection connection, SchemaCatalog catalog,
      List<UUID> ids, List<UUID> leftOver, List<UUID> stale, boolean forced) throws SQLException {
    List<String> tables = catalog.deleteOrder;
    String delete = catalog.deleteCtes()
        + ", logged as (insert into seed_meta.purge_log (scope, tenant_id, forced, purged_by, row_counts) "
        + "select 'tenant', u.id, ?, ? || ' as ' || current_user, (select jsonb_object_agg(tb.name, coalesce("
        + "(select c.n from counts c where c.t = tb.i - 1 and c.tenant = u.id), 0)) "
        + "from unnest(?::text[]) with ordinality as tb(name, i)) from (select e.id from unnest(?::uuid[]) as e(id) "
        + "union all select s.id from unnest(?::uuid[]) as s(id) where exists (select 1 from counts c where c.tenant = s.id)"
        + ") as u(id)), "
        + "unregistered as (delete from seed_meta.tenants where tenant_id = any (?)) select t, tenant, n from counts";
    List<Integer> unguarded = catalog.tablesNotGuardedByTheirTenantKey();
    String leftOverCheck = unguarded.stream()
        .map(i -> "select " + i + " as t, count(*) as n from " + catalog.qualified(tables.get(i)) + " where "
            + SchemaCatalog.quote(catalog.tenantColumn(tables.get(i))) + " = any (?)")
        .collect(Collectors.joining(" union all ", "select t, n from (", ") left_over where n > 0"));
    List<UUID> deleting = new ArrayList<>(ids);
    deleting.addAll(leftOver);
    Array tenants = connection.createArrayOf("uuid", deleting.toArray());
    List<UUID> unregistered = new ArrayList<>(ids);
    unregistered.addAll(stale);
    RoundTrip trip = new RoundTrip();
    RoundTrip.Part<Map<String, Map<UUID, Long>>> deleted = trip.query(delete, parameters -> {
      int index = 1;
      for (int i = 0; i < tables.size(); i++) {
        parameters.setArray(index++, tenants);
      }
      parameters.setBoolean(index++, forced);
      parameters.setString(index++, System.getProperty("user.name", "unknown"));
      parameters.setArray(index++, "text", tables);
      parameters.setArray(index++, "uuid", ids);
      parameters.setArray(index++, "uuid", leftOver);
      parameters.setArray(index, "uuid", unregistered);
    }, catalog::deletedCounts);
    if (unguarded.isEmpty()) {
      // Nothing to check afterwards: the commit travels with the deletes (a failing delete
      // makes the server skip it, and the caller rolls back); connection.commit() then finds
      // the transaction ended and sends nothing.
      trip.statement("commit");
    } else {
      trip.query(leftOverCheck, parameters -> {
        for (int i = 1; i <= unguarded.size(); i++) {
          parameters.setArray(i, tenants);
        }
      }, result -> {
        if (result.next()) {
          throw new UnableToPurgeException("purging " + describe(deleting) + " left " + result.getLong(2) + " rows in "
              + catalog.schema + "." + tables.get(result.getInt(1)) + "; nothing was removed", null);
        }
        return null;
      });
    }
    trip.execute(connection);
    return deleted.value();
  }

  /**
   * The second round trip when none of the tenants is left but their registry rows are:
   * those rows go, with the commit; no purge_log row, as nothing of a tenant was purged.
   */
  private static void unregister(Connection connection, List<UUID> stale) throws SQLException {
    RoundTrip trip = new RoundTrip();
    trip.statement("delete from seed_meta.tenants where tenant_id = any (?)",
        parameters -> parameters.setArray(1, "uuid", stale));
    trip.statement("commit");
    trip.execute(connection);
  }

  private static SeedException translate(Throwable failure, List<UUID> tenants, boolean committing) {
    String context = "purging " + describe(tenants) + " failed";
    var connection = SqlErrors.connectionFailure(failure, null);
    if (connection.isPresent() && committing) {
      // The commit may have reached the server before the connection went.
      return SqlErrors.withContext(connection.get(), context + " while committing, so whether it was removed is unknown"
          + " (seed_meta.purge_log has a row for each purged tenant)");
    }
    if (connection.isPresent()) {
      return SqlErrors.withContext(connection.get(), context + ", nothing was removed");
    }
    return new UnableToPurgeException(context + ": " + SqlErrors.serverMessage(failure) + "; nothing was removed", failure);
  }

  private static String refusing(List<UUID> tenants) {
    return "refusing to purge " + describe(tenants);
  }

  private static String describe(List<UUID> tenants) {
    return tenants.size() == 1 ? "tenant " + tenants.get(0) : "tenants " + tenants;
  }
}
