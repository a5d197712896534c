package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 2 (JMH): one TechCorp-sized tenant (~60 rows in 9 tables) written by the seeder,
 * and the same rows written by hand-written JDBC batches, each on its own warm connection.
 * Every invocation writes a new tenant (graphs are built before the iteration); the tables
 * are emptied between iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SmallTenantBenchmark {

  /** The database URL, passed to the forked JVM as a system property. */
  static final String URL_PROPERTY = "tenantseed.bench.url";
  private static final int GRAPHS_PER_ITERATION = 4_000;

  private DatabaseUrl url;
  private Connection connection;
  private Seeder seeder;
  private final List<TenantGraph> graphs = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void connect() throws SQLException {
    url = DatabaseUrl.parse(System.getProperty(URL_PROPERTY));
    connection = url.dataSource().getConnection();
    seeder = Seeder.forDataSource(url.dataSource());
  }

  @Setup(Level.Iteration)
  public void prepare() {
    BenchServer.emptyTenants(url);
    graphs.clear();
    next = 0;
    for (int i = 0; i < GRAPHS_PER_ITERATION; i++) {
      graphs.add(TechCorp.FIXTURE.build(UUID.randomUUID()));
    }
  }

  @TearDown(Level.Trial)
  public void disconnect() throws SQLException {
    connection.close();
  }

  private TenantGraph nextGraph() {
    return next < graphs.size() ? graphs.get(next++) : TechCorp.FIXTURE.build(UUID.randomUUID());
  }

  @Benchmark
  public Object seeder() {
    return seeder.seed(connection, nextGraph(), SeedMode.FAIL_IF_EXISTS);
  }

  @Benchmark
  public Object handWrittenJdbc() throws SQLException {
    TenantGraph graph = nextGraph();
    RawJdbc.insertTenant(connection, graph);
    return graph;
  }
}
