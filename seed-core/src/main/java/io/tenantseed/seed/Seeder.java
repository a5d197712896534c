package io.tenantseed.seed;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.InvalidTenantGraphException;
import io.tenantseed.graph.Row;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.MigratedSchema;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.RoundTrip;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.schema.migration.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

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
 * concurrent seeds of the same tenant, the graph's tables are written in the live catalog's
 * foreign-key order, and the tenant is registered in {@code seed_meta.tenants} in the same
 * transaction, with a row count for every tenant table the catalog has. Each row is written
 * with the columns it sets: a column it leaves out takes its DEFAULT, and a NOT NULL column
 * without one gets a value drawn from its type and CHECKs; a graph that
 * names a column or table the database lacks, or leaves out a column no value can be drawn
 * for, fails before anything is written. Small tables go
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

  private final DataSource dataSource;
  private final int copyThreshold;
  private final SeedListener listener;

  private Seeder(DataSource dataSource, int copyThreshold, SeedListener listener) {
    this.dataSource = dataSource;
    this.copyThreshold = copyThreshold;
    this.listener = listener;
  }

  public static Seeder forDataSource(DataSource dataSource) {
    return new Seeder(Objects.requireNonNull(dataSource, "dataSource"), DEFAULT_COPY_THRESHOLD, SeedListener.NONE);
  }

  /** The same seeder, using COPY for tables of at least {@code rows} rows. */
  public Seeder copyThreshold(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("copy threshold must be at least 1: " + rows);
    }
    return new Seeder(dataSource, rows, listener);
  }

  /** The same seeder, reporting progress to {@code listener}. */
  public Seeder listener(SeedListener listener) {
    return new Seeder(dataSource, copyThreshold, Objects.requireNonNull(listener, "listener"));
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
   * No table of {@code graph} is large enough for COPY, nor larger than one INSERT takes: the
   * rows can go to the server in one round trip (an INSERT per run of one shape).
   */
  private boolean fitsOneRoundTrip(TenantGraph graph) {
    return graph.rowCounts().values().stream().allMatch(count -> count < copyThreshold
        && count <= TableWriter.ROWS_PER_INSERT);
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
    String[] table = {null}; // where the seed is, for the message of a failure
    try {
      return Transactions.inTransaction(connection, c -> {
        TenantState state = TenantState.lockAndInspect(connection, graph);
        state.marker().refuseProduction(refusing(graph));
        SchemaCatalog catalog = SchemaCatalog.of(connection, Migrator.PLATFORM_SCHEMA, state.catalogStamp());
        TableWriter writer = checkedWriter(catalog, graph);
        SeedReport.Outcome outcome = SeedReport.Outcome.SEEDED;
        if (state.registered() && !state.accountExists()) {
          // The registry is a record, not the truth: its row outlived the client account (deleted
          // by hand, say). The tenant is absent; what is left of it goes with the stale row.
          remove(connection, catalog, tenant);
        } else if (state.accountExists()) {
          switch (mode) {
            case FAIL_IF_EXISTS -> throw new TenantExistsException(tenant, "tenant " + tenant + " exists already"
                + state.describe(), List.of(SeedMode.REPLACE, SeedMode.IF_ABSENT));
            case IF_ABSENT -> {
              if (graph.fixtureName().equals(state.fixtureName()) && graph.version().equals(state.fixtureVersion())) {
                connection.rollback();
                return new SeedReport(tenant, graph.name(), SeedReport.Outcome.UNCHANGED, Map.of(), since(started));
              }
              // The registry says something else (another fixture or version, an export, nothing):
              // only now is the stored content compared with the graph's.
              if (storedEquals(connection, catalog, graph)) {
                TenantRegistration.reregister(connection, catalog, graph);
                return new SeedReport(tenant, graph.name(), SeedReport.Outcome.REGISTERED, Map.of(), since(started));
              }
              throw new TenantExistsException(tenant, "tenant " + tenant + " exists already" + state.describe()
                  + ", not as fixture " + graph.fixtureName() + " version " + graph.version()
                  + " (its rows differ from the fixture's)", List.of(SeedMode.REPLACE));
            }
            case REPLACE -> {
              remove(connection, catalog, tenant);
              outcome = SeedReport.Outcome.REPLACED;
            }
          }
        }

        if (CanonicalImport.FIXTURE_NAME.equals(graph.fixtureName())) {
          ForeignIds.check(connection, catalog, graph); // an export may not carry another tenant's ids
        }
        Map<String, Long> rows = TenantRegistration.reportOrder(catalog, graph);
        if (atOnce) {
          checkNotInterrupted();
          try {
            writeAtOnce(connection, catalog, writer, graph, rows);
          } catch (SQLException e) {
            if (SqlErrors.connectionFailure(e, null).isPresent()) {
              throw e;
            }
            throw new AtOnceFailed(e);
          }
          return new SeedReport(tenant, graph.name(), outcome, rows, since(started));
        }
        for (String target : catalog.insertOrder()) {
          table[0] = catalog.schema + "." + target;
          if (!graph.tables().contains(target)) {
            continue; // counted 0: the registry lists every tenant table the database has
          }
          checkNotInterrupted();
          long count = graph.rowCount(target);
          String name = table[0];
          listener.tableStarted(name, count);
          long written = writer.write(connection, target, graph.rows(target), count >= copyThreshold,
              soFar -> {
                checkNotInterrupted();
                listener.rowsWritten(name, soFar);
              });
          rows.put(name, written);
        }
        table[0] = "seed_meta.tenants";
        TenantRegistration.register(connection, graph, rows);
        return new SeedReport(tenant, graph.name(), outcome, rows, since(started));
      });
    } catch (NotMigratedException e) {
      // seed_meta there but its marker table or column dropped: a guard's refusal, not "not migrated"
      Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(graph));
      throw e;
    } catch (SeedException | AtOnceFailed e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      Bookkeeping.refuseIfMarkerUnreadable(connection, e, refusing(graph)); // rolled back: a dropped marker refuses
      throw translate(e, graph, table[0]);
    }
  }

  private static String refusing(TenantGraph graph) {
    return "refusing to seed tenant " + graph.tenantId() + " (" + graph.name() + ")";
  }

  /** Tenants of more rows than this are compared by their registry row only, never by content. */
  static final long COMPARED_ROWS = 100_000;

  /** Tables of at most this many rows have every row's columns checked before anything is written. */
  static final long CHECKED_ROWS = 100_000;

  /**
   * The writer of {@code graph}, once the graph is known to fit the catalog: every table it
   * describes is a tenant table there, and every shape of row (of tables up to
   * {@link #CHECKED_ROWS} rows; of larger ones, the first row's) names columns the table has
   * and leaves out no required column a value cannot be drawn for. So a graph that cannot be
   * written fails before anything is, with the entity, table and column named. (A shape first
   * met further into a large table is checked as it comes; the transaction rolls back.)
   */
  private static TableWriter checkedWriter(SchemaCatalog catalog, TenantGraph graph) {
    String doing = "seeding tenant " + graph.tenantId() + " (" + graph.name() + ") failed";
    // The first row of each shape, per table: what the graph asks of the schema.
    Map<String, Map<List<String>, Row>> shapes = new java.util.LinkedHashMap<>();
    for (String table : graph.tables()) {
      Map<List<String>, Row> ofTable = new java.util.LinkedHashMap<>();
      try (Stream<Row> rows = graph.rows(table)) {
        (graph.rowCount(table) <= CHECKED_ROWS ? rows : rows.limit(1))
            .forEach(row -> ofTable.putIfAbsent(row.columns(), row));
      }
      shapes.put(table, ofTable);
    }
    Map<String, java.util.Set<String>> columns = new java.util.LinkedHashMap<>();
    shapes.forEach((table, ofTable) -> ofTable.keySet()
        .forEach(names -> columns.computeIfAbsent(table, t -> new java.util.LinkedHashSet<>()).addAll(names)));
    shapes.keySet().forEach(table -> columns.computeIfAbsent(table, t -> new java.util.LinkedHashSet<>()));
    shapes.forEach((table, ofTable) -> {
      // A table neither the database nor the migrations have is the graph's mistake (a typo in
      // rows("tikets", ...)), not a database to migrate; one the migrations define is not migrated.
      if (!catalog.isTenantTable(table) && Migration.MIGRATION.getTable(table) == null) {
        String path = ofTable.values().stream().findFirst().map(Row::path).orElse("");
        throw new InvalidTenantGraphException("tenant " + graph.tenantId() + (path.isEmpty() ? "" : "/" + path)
            + ": the database has no tenant table " + catalog.schema + "." + table + " (its tenant tables: "
            + String.join(", ", new java.util.TreeSet<>(catalog.tenantTables)) + ")");
      }
    });
    try {
      MigratedSchema.require(catalog, columns, doing);
    } catch (NotMigratedException e) {
      throw new NotMigratedException(e.getMessage() + "; nothing was kept", null);
    }
    RowShapes checked = new RowShapes(catalog, graph.tenantId(), graph.clock(), doing);
    shapes.values().forEach(ofTable -> ofTable.values().forEach(checked::of));
    return new TableWriter(catalog, checked);
  }

  /**
   * Whether the tenant stored under the graph's id is, row for row, the graph
   * ({@link StoredRows}). A tenant of more than {@link #COMPARED_ROWS} rows is not compared.
   */
  private static boolean storedEquals(Connection connection, SchemaCatalog catalog, TenantGraph graph)
      throws SQLException {
    if (graph.rowCounts().values().stream().mapToLong(Long::longValue).sum() > COMPARED_ROWS) {
      return false;
    }
    return StoredRows.equal(connection, catalog, graph);
  }

  /**
   * Writes every table of a small tenant and registers it in one round trip: one multi-row
   * INSERT per run of rows of one shape, and the registry row, sent together. Each INSERT
   * must report the rows it was given (a trigger that skips rows makes the caller write table
   * by table instead).
   */
  private static void writeAtOnce(Connection connection, SchemaCatalog catalog, TableWriter writer,
      TenantGraph graph, Map<String, Long> rows) throws SQLException {
    RoundTrip trip = new RoundTrip();
    List<TableWriter.Chunk> chunks = new java.util.ArrayList<>();
    List<RoundTrip.Part<Integer>> inserts = new java.util.ArrayList<>();
    for (String target : catalog.insertOrder()) {
      rows.put(catalog.schema + "." + target, graph.rowCount(target));
      if (graph.rowCount(target) > 0) {
        try (Stream<Row> tableRows = graph.rows(target)) {
          writer.chunks(tableRows.iterator()).forEachRemaining(chunk -> {
            inserts.add(trip.statement(writer.insertSql(chunk), parameters -> TableWriter.bind(parameters, chunk)));
            chunks.add(chunk);
          });
        }
      }
    }
    trip.statement(TenantRegistration.REGISTER, parameters -> TenantRegistration.bind(parameters, graph, rows));
    trip.execute(connection);
    for (int i = 0; i < chunks.size(); i++) {
      TableWriter.Chunk chunk = chunks.get(i);
      int written = inserts.get(i).value();
      if (written != chunk.rows().size()) {
        throw new SQLException("wrote " + written + " rows of " + chunk.rows().size() + " into " + catalog.schema + "."
            + chunk.shape().table());
      }
    }
  }

  /**
   * Removes an existing tenant before it is seeded again: every tenant table the live catalog
   * knows, children first (the purger's plan, without its guards and log: this is a replace).
   */
  private static void remove(Connection connection, SchemaCatalog catalog, UUID tenant) throws SQLException {
    catalog.deleteTenants(connection, connection.createArrayOf("uuid", new Object[] {tenant}));
    try (PreparedStatement registry = connection.prepareStatement("delete from seed_meta.tenants where tenant_id = ?")) {
      registry.setObject(1, tenant);
      registry.executeUpdate();
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

  /** Thrown inside a seed when its thread is interrupted; becomes an UnableToSeedException. */
  private static final class SeedInterruptedException extends RuntimeException {
    SeedInterruptedException() {
      super("interrupted", null, false, false);
    }
  }
}
