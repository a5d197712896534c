package io.tenantseed.seed;

import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.InvalidExportException;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.NotMigratedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Writes a {@link TenantGraph} into PostgreSQL: completely or not at all.
 *
 * <pre>
 * Seeder seeder = Seeder.forDataSource(dataSource);
 * SeedReport report = seeder.seed(graph);                    // TenantExistsException if it exists
 * seeder.seed(graph, SeedMode.IF_ABSENT);                    // no-op when the same version (or the same rows) is there
 * seeder.seed(graph, SeedMode.REPLACE);                      // remove and seed again, atomically
 * System.out.println(report.summary());  // "Seeded TechCorp Solutions: 1 client account, ... in 41 ms"
 * </pre>
 *
 * <p>One transaction per tenant: {@code app.client_id} is set locally (so it works under a
 * role with forced row-level security), an advisory lock on the tenant id serialises
 * concurrent seeds of the same tenant, tables are written in foreign-key order, and the
 * tenant is registered in {@code seed_meta.tenants} in the same transaction. Small tables go
 * in one multi-row INSERT each; a tenant made only of small tables (and seeded without a
 * listener) is sent in one round trip, every INSERT and the registry row together, and
 * written again table by table only if that fails, to name the failing table. Tables of at
 * least {@link #copyThreshold(int)} rows stream
 * through PostgreSQL's COPY as they are generated, so a million assets never sit in memory.
 * (PostgreSQL does not allow COPY FROM where row-level security applies to the current role,
 * which under forced row-level security includes the tables' owner; there, large tables are
 * written with batched INSERTs instead. A superuser or a BYPASSRLS role gets COPY.)
 *
 * <p>The registry is a record, not the truth: a tenant exists when its client account does,
 * and a registry row without one is removed (with whatever is left of the tenant) before the
 * tenant is seeded. The stored rows are compared with the graph only when the registry names
 * another fixture or version under {@link SeedMode#IF_ABSENT}; see there.
 *
 * <p>Any failure (a constraint, a lost connection, an interrupt, a listener's exception)
 * rolls everything back and raises a {@link SeedException} naming the tenant and the table;
 * a database without the platform schema or {@code seed_meta} raises
 * {@link NotMigratedException}. The database's environment marker {@code production} refuses
 * every seed, and so does a marker that is not exactly one row naming an
 * {@link io.tenantseed.Environment}. Immutable and thread-safe; each seed uses its own connection.
 */
public final class Seeder {

  /** Tables with at least this many rows are written with COPY by default. */
  public static final int DEFAULT_COPY_THRESHOLD = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final int copyThreshold;
  private final SeedListener listener;
  private final TableWriter writer;

  private Seeder(DataSource dataSource, int copyThreshold, SeedListener listener, TableWriter writer) {
    this.dataSource = dataSource;
    this.copyThreshold = copyThreshold;
    this.listener = listener;
    this.writer = writer;
  }

  public static Seeder forDataSource(DataSource dataSource) {
    return new Seeder(Objects.requireNonNull(dataSource, "dataSource"), DEFAULT_COPY_THRESHOLD, SeedListener.NONE,
        new TableWriter());
  }

  /** The same seeder, using COPY for tables of at least {@code rows} rows. */
  public Seeder copyThreshold(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("copy threshold must be at least 1: " + rows);
    }
    return new Seeder(dataSource, rows, listener, writer);
  }

  /** The same seeder, reporting progress to {@code listener}. */
  public Seeder listener(SeedListener listener) {
    return new Seeder(dataSource, copyThreshold, Objects.requireNonNull(listener, "listener"), writer);
  }

  /** Seeds {@code graph}, refusing if the tenant exists. */
  public SeedReport seed(TenantGraph graph) {
    return seed(graph, SeedMode.FAIL_IF_EXISTS);
  }

  /** Seeds {@code graph} on a connection of its own. */
  public SeedReport seed(TenantGraph graph, SeedMode mode) {
    try (Connection connection = dataSource.getConnection()) {
      return seed(connection, graph, mode);
    } catch (SQLException e) {
      throw translate(e, graph, null);
    }
  }

  /**
   * Seeds {@code graph} on {@code connection}, in a transaction of its own: the connection
   * must not be inside a transaction. Its auto-commit setting is restored afterwards.
   */
  public SeedReport seed(Connection connection, TenantGraph graph, SeedMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (listener == SeedListener.NONE && fitsOneRoundTrip(graph)) {
      try {
        return seed(connection, graph, mode, true);
      } catch (AtOnceFailed failed) {
        // Rolled back. Written table by table, the failure is met again and its table named
        // (or, if it was passing, does not recur).
      }
    }
    return seed(connection, graph, mode, false);
  }

  /**
   * Every table of {@code graph} fits one INSERT and none is large enough for COPY: the rows
   * can go to the server in one round trip.
   */
  private boolean fitsOneRoundTrip(TenantGraph graph) {
    Map<String, Long> counts = graph.rowCounts();
    return tables(graph).stream().allMatch(table -> counts.get(table.getName()) < copyThreshold
        && counts.get(table.getName()) <= TableWriter.rowsPerInsert(table));
  }

  /** The INSERTs of a small tenant failed as a whole, for a reason other than the connection; rolled back. */
  private static final class AtOnceFailed extends RuntimeException {
    AtOnceFailed(SQLException cause) {
      super(cause);
    }
  }

  private SeedReport seed(Connection connection, TenantGraph graph, SeedMode mode, boolean atOnce) {
    long started = System.nanoTime();
    UUID tenant = graph.tenantId();
    String table = null;
    boolean autoCommit = true;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        State state = lockAndInspect(connection, graph);
        state.marker().refuseProduction(refusing(graph));
        SeedReport.Outcome outcome = SeedReport.Outcome.SEEDED;
        if (state.registered() && !state.accountExists()) {
          // The registry is a record, not the truth: its row outlived the client account (deleted
          // by hand, say). The tenant is absent; what is left of it goes with the stale row.
          remove(connection, tenant);
        } else if (state.accountExists()) {
          switch (mode) {
            case FAIL_IF_EXISTS -> throw new TenantExistsException(tenant, "tenant " + tenant + " exists already"
                + state.describe() + "; seed it with SeedMode.REPLACE (seed load --replace) to overwrite it,"
                + " or IF_ABSENT (--if-absent) to keep it");
            case IF_ABSENT -> {
              if (graph.fixtureName().equals(state.fixtureName()) && graph.version().equals(state.fixtureVersion())) {
                connection.rollback();
                return new SeedReport(tenant, graph.name(), SeedReport.Outcome.UNCHANGED, Map.of(), since(started));
              }
              // The registry says something else (another fixture or version, an export, nothing):
              // only now is the stored content compared with the graph's.
              if (storedEquals(connection, graph)) {
                reregister(connection, graph);
                connection.commit();
                return new SeedReport(tenant, graph.name(), SeedReport.Outcome.REGISTERED, Map.of(), since(started));
              }
              throw new TenantExistsException(tenant, "tenant " + tenant + " exists already" + state.describe()
                  + ", not as fixture " + graph.fixtureName() + " version " + graph.version()
                  + " (its rows differ from the fixture's); seed it with SeedMode.REPLACE (seed load --replace)"
                  + " to overwrite it");
            }
            case REPLACE -> {
              remove(connection, tenant);
              outcome = SeedReport.Outcome.REPLACED;
            }
          }
        }

        if (CanonicalImport.FIXTURE_NAME.equals(graph.fixtureName())) {
          ForeignIds.check(connection, graph); // an export may not carry another tenant's ids
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> expected = graph.rowCounts();
        if (atOnce) {
          checkNotInterrupted();
          try {
            writeAtOnce(connection, graph, expected, rows);
          } catch (SQLException e) {
            if (SqlErrors.connectionFailure(e, null).isPresent()) {
              throw e;
            }
            throw new AtOnceFailed(e);
          }
          connection.commit();
          return new SeedReport(tenant, graph.name(), outcome, rows, since(started));
        }
        for (Table<?> target : tables(graph)) {
          table = TableWriter.qualified(target);
          checkNotInterrupted();
          long count = expected.get(target.getName());
          listener.tableStarted(table, count);
          String name = table;
          long written = writer.write(connection, target, records(graph, target), count >= copyThreshold,
              soFar -> {
                checkNotInterrupted();
                listener.rowsWritten(name, soFar);
              });
          rows.put(table, written);
        }
        table = "seed_meta.tenants";
        register(connection, graph, rows);
        connection.commit();
        return new SeedReport(tenant, graph.name(), outcome, rows, since(started));
      } catch (Throwable failure) {
        Transactions.rollbackQuietly(connection, failure);
        throw failure;
      } finally {
        Transactions.restoreAutoCommit(connection, autoCommit);
      }
    } catch (NotMigratedException e) {
      // seed_meta there but its marker table or column dropped: a guard's refusal, not "not migrated"
      Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(graph));
      throw e;
    } catch (SeedException | AtOnceFailed e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(graph)); // rolled back: a dropped marker refuses
      throw translate(e, graph, table);
    }
  }

  /** INTERIM until the catalog-driven writer lands: the graph's tables the generated classes know. */
  private static List<Table<? extends org.jooq.TableRecord<?>>> tables(TenantGraph graph) {
    List<Table<? extends org.jooq.TableRecord<?>>> tables = new java.util.ArrayList<>();
    for (String name : graph.tables()) {
      @SuppressWarnings("unchecked")
      Table<? extends org.jooq.TableRecord<?>> table =
          (Table<? extends org.jooq.TableRecord<?>>) io.tenantseed.schema.migration.Migration.MIGRATION.getTable(name);
      if (table != null) {
        tables.add(table);
      }
    }
    return tables;
  }

  /** INTERIM: the graph's rows of {@code table} as records of its generated class. */
  private static java.util.stream.Stream<org.jooq.TableRecord<?>> records(TenantGraph graph, Table<?> table) {
    return graph.rows(table).map(row -> {
      org.jooq.TableRecord<?> record = (org.jooq.TableRecord<?>) DSL.using(SQLDialect.POSTGRES).newRecord(table);
      for (int i = 0; i < row.size(); i++) {
        Field<?> field = table.field(row.column(i));
        if (field != null) {
          record.set((Field<Object>) field, row.value(i));
        }
      }
      return record;
    });
  }

  private static String refusing(TenantGraph graph) {
    return "refusing to seed tenant " + graph.tenantId() + " (" + graph.name() + ")";
  }

  /**
   * One round trip of three statements: read committed (whatever the connection's default,
   * so that what a concurrent seed committed while this one waited for the lock is seen),
   * {@code app.client_id} and the tenant's advisory lock, then what is there already, read
   * once the lock is held.
   */
  private static State lockAndInspect(Connection connection, TenantGraph graph) throws SQLException {
    UUID tenant = graph.tenantId();
    try (PreparedStatement statement = connection.prepareStatement("""
        set transaction isolation level read committed;
        select set_config('app.client_id', ?, true), pg_advisory_xact_lock(?, ?);
        select %s,
               t.fixture_name, t.fixture_version,
               exists (select 1 from migration.client_accounts where id = ?)
          from (select 1) one
          left join seed_meta.tenants t on t.tenant_id = ?""".formatted(Bookkeeping.MARKER_ROWS_SQL))) {
      statement.setString(1, tenant.toString());
      statement.setInt(2, Bookkeeping.LOCK_NAMESPACE);
      statement.setInt(3, Bookkeeping.lockKey(tenant));
      statement.setObject(4, tenant);
      statement.setObject(5, tenant);
      statement.execute();
      statement.getMoreResults();
      statement.getMoreResults();
      try (ResultSet result = statement.getResultSet()) {
        result.next();
        return new State(Bookkeeping.Marker.ofRows(result.getArray(1)), result.getString(2), result.getString(3),
            result.getBoolean(4));
      }
    } catch (SQLException e) {
      if (NOT_MIGRATED.contains(e.getSQLState())) {
        throw new NotMigratedException("seeding tenant " + tenant + " (" + graph.name() + ") failed: the database is"
            + " not migrated (" + SqlErrors.serverMessage(e) + "); run seed migrate first", e);
      }
      throw e;
    }
  }

  /** SQLSTATEs of a relation or schema that does not exist: the schemas are not migrated. */
  private static final java.util.Set<String> NOT_MIGRATED = java.util.Set.of("42P01", "3F000");

  /** Tenants of more rows than this are compared by their registry row only, never by content. */
  static final long COMPARED_ROWS = 100_000;

  /**
   * Whether the tenant stored under the graph's id is, row for row and byte for byte, the
   * graph: the same rows per table (counted first, in one query, so that a large tenant is
   * never read when the counts already differ), then the same canonical export. A stored value
   * that no export can hold (a JSON value nested too deep) is not the graph's; a table or column
   * the migrations define but the database lacks is a {@link NotMigratedException} of the seed.
   */
  private static boolean storedEquals(Connection connection, TenantGraph graph) {
    Map<String, Long> expected = graph.rowCounts();
    if (expected.values().stream().mapToLong(Long::longValue).sum() > COMPARED_ROWS) {
      return false;
    }
    DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
    UUID tenant = graph.tenantId();
    MigratedSchema.require(db, "seeding tenant " + tenant + " (" + graph.name() + ") failed");
    List<Field<Integer>> counts = tables(graph).stream().<Field<Integer>>map(table -> {
      Field<UUID> tenantColumn = table == CLIENT_ACCOUNTS ? CLIENT_ACCOUNTS.ID : table.field("client_account_id", UUID.class);
      return DSL.field(DSL.selectCount().from(table).where(tenantColumn.eq(tenant)));
    }).toList();
    Record stored = db.select(counts).fetchOne();
    for (int i = 0; i < counts.size(); i++) {
      if (stored.get(i, Long.class) != expected.get(tables(graph).get(i).getName()).longValue()) {
        return false;
      }
    }
    try {
      return CanonicalExport.toJson(db, tenant).equals(CanonicalExport.toJson(graph));
    } catch (InvalidExportException e) {
      return false; // what no export can hold is not what the graph holds
    }
  }

  /**
   * Registers a stored tenant that equals {@code graph} under the graph's fixture and version,
   * in place of whatever the registry said (keeping when it was seeded, if it says).
   */
  private static void reregister(Connection connection, TenantGraph graph) throws SQLException {
    java.time.OffsetDateTime seededAt = null;
    try (PreparedStatement statement = connection.prepareStatement(
        "delete from seed_meta.tenants where tenant_id = ? returning seeded_at")) {
      statement.setObject(1, graph.tenantId());
      try (ResultSet result = statement.executeQuery()) {
        if (result.next()) {
          seededAt = result.getObject(1, java.time.OffsetDateTime.class);
        }
      }
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    graph.rowCounts().forEach((table, count) -> rows.put("migration." + table, count));
    try (PreparedStatement statement = connection.prepareStatement(
        "insert into seed_meta.tenants (tenant_id, fixture_name, fixture_version, row_counts, seeded_at)"
            + " values (?, ?, ?, ?::jsonb, coalesce(?::timestamptz, now()))")) {
      int parameter = bindRegistration(statement, 1, graph, rows);
      statement.setObject(parameter, seededAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      statement.executeUpdate();
    }
  }

  /**
   * Writes every table of a small tenant and registers it in one round trip: one multi-row
   * INSERT per table and the registry row, sent together. Each INSERT must report the rows it
   * was given (a trigger that skips rows makes the caller write table by table instead).
   */
  private void writeAtOnce(Connection connection, TenantGraph graph, Map<String, Long> expected,
      Map<String, Long> rows) throws SQLException {
    StringBuilder sql = new StringBuilder();
    List<Table<?>> written = new java.util.ArrayList<>();
    for (Table<?> target : tables(graph)) {
      long count = expected.get(target.getName());
      rows.put(TableWriter.qualified(target), count);
      if (count > 0) {
        sql.append(writer.insertSql(connection, target, (int) count)).append(";\n");
        written.add(target);
      }
    }
    sql.append(REGISTER);
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int parameter = 1;
      for (Table<?> target : written) {
        parameter = TableWriter.bind(statement, parameter, target.fields().length, records(graph, target).toList());
      }
      bindRegistration(statement, parameter, graph, rows);
      boolean resultSet = statement.execute();
      int index = 0;
      while (resultSet || statement.getUpdateCount() != -1) {
        if (!resultSet && index < written.size()) {
          Table<?> target = written.get(index++);
          if (statement.getUpdateCount() != expected.get(target.getName())) {
            throw new SQLException("wrote " + statement.getUpdateCount() + " rows of " + expected.get(target.getName()) + " into "
                + TableWriter.qualified(target));
          }
        }
        resultSet = statement.getMoreResults();
      }
    }
  }

  private static final String REGISTER =
      "insert into seed_meta.tenants (tenant_id, fixture_name, fixture_version, row_counts) values (?, ?, ?, ?::jsonb)";

  private static int bindRegistration(PreparedStatement statement, int parameter, TenantGraph graph,
      Map<String, Long> rows) throws SQLException {
    ObjectNode counts = JSON.createObjectNode();
    rows.forEach(counts::put);
    statement.setObject(parameter, graph.tenantId());
    statement.setString(parameter + 1, graph.fixtureName());
    statement.setString(parameter + 2, graph.version());
    statement.setString(parameter + 3, counts.toString());
    return parameter + 4;
  }

  /**
   * Removes an existing tenant before it is seeded again: every tenant table the live catalog
   * knows, children first (the purger's plan, without its guards and log: this is a replace).
   */
  private static void remove(Connection connection, UUID tenant) throws SQLException {
    SchemaCatalog.of(connection, Migrator.PLATFORM_SCHEMA)
        .deleteTenants(connection, connection.createArrayOf("uuid", new Object[] {tenant}));
    try (PreparedStatement registry = connection.prepareStatement("delete from seed_meta.tenants where tenant_id = ?")) {
      registry.setObject(1, tenant);
      registry.executeUpdate();
    }
  }

  private static void register(Connection connection, TenantGraph graph, Map<String, Long> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(REGISTER)) {
      bindRegistration(statement, 1, graph, rows);
      statement.executeUpdate();
    }
  }

  private static void checkNotInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new SeedInterruptedException();
    }
  }

  private static SeedException translate(Throwable failure, TenantGraph graph, String table) {
    String context = "seeding tenant " + graph.tenantId() + " (" + graph.name() + ")"
        + (table == null ? "" : " failed at " + table);
    var connection = SqlErrors.connectionFailure(failure, null);
    if (connection.isPresent()) {
      return SqlErrors.withContext(connection.get(), context + (table == null ? " failed" : "") + ", nothing was kept");
    }
    String reason = failure instanceof SeedInterruptedException ? "interrupted" : SqlErrors.serverMessage(failure);
    if (schemaLacksWhatTheMigrationsDefine(failure)) {
      return new NotMigratedException(context + (table == null ? " failed" : "") + ": " + reason + "; nothing was kept",
          failure);
    }
    return new UnableToSeedException(refusedValues(failure) ? ErrorCode.BAD_INPUT : ErrorCode.UNEXPECTED,
        graph.tenantId(), table, context + (table == null ? " failed" : "") + ": " + reason + "; nothing was kept",
        failure);
  }

  /**
   * Whether a table or column the migrations define is missing (undefined_table,
   * undefined_column): a database not migrated, or a schema changed by hand.
   */
  private static boolean schemaLacksWhatTheMigrationsDefine(Throwable failure) {
    SQLException sql = SqlErrors.find(failure);
    return sql != null && ("42703".equals(sql.getSQLState()) || "42P01".equals(sql.getSQLState()));
  }

  /**
   * Whether PostgreSQL refused the graph's values: SQLSTATE class 22 (data exception: a NUL
   * in text, a number too big for its column) or 23 (integrity constraint violation: a check,
   * a key that another tenant's row has already). Not 22P04, a COPY stream the writer got wrong.
   */
  private static boolean refusedValues(Throwable failure) {
    SQLException sql = SqlErrors.find(failure);
    String state = sql == null ? null : sql.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23")) && !state.equals("22P04");
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** What the database knows of the tenant before the seed. */
  private record State(Bookkeeping.Marker marker, String fixtureName, String fixtureVersion, boolean accountExists) {
    boolean registered() {
      return fixtureName != null;
    }

    String describe() {
      return fixtureName == null ? " (not registered by tenant-seed)"
          : " (fixture " + fixtureName + " version " + fixtureVersion + ")";
    }
  }

  /** Thrown inside a seed when its thread is interrupted; becomes an UnableToSeedException. */
  private static final class SeedInterruptedException extends RuntimeException {
    SeedInterruptedException() {
      super("interrupted", null, false, false);
    }
  }
}
