package io.tenantseed.testing;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL for tests, chosen in this order:
 *
 * <ol>
 *   <li>{@code SEED_TEST_DATABASE_URL}: an admin connection to a server you run; a uniquely
 *       named database is created there for this JVM and dropped when it exits;
 *   <li>a Testcontainers PostgreSQL 15, when Testcontainers is on the class path (an optional
 *       dependency: add {@code org.testcontainers:testcontainers-postgresql}) and a Docker
 *       engine answers;
 *   <li>an embedded PostgreSQL 15 (io.zonky.test, binaries of this platform from Maven Central,
 *       brought by seed-junit), which needs nothing installed.
 * </ol>
 *
 * <pre>
 * DataSource dataSource = TestDatabase.shared().dataSource(); // started and migrated once per JVM
 * try (ScratchDatabase own = TestDatabase.shared().createDatabase()) {
 *   Seeder.forDataSource(own.dataSource()).seed(graph);        // a fresh migrated database of your own
 * }
 * try (ScratchDatabase empty = TestDatabase.shared().createEmptyDatabase()) {
 *   Migrator.forDataSource(empty.dataSource()).migrate();      // no schema at all until you migrate it
 * }
 * </pre>
 *
 * <p>{@link #shared()} logs which of the three it chose. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {

  /** The environment variable naming an admin URL of an existing server. */
  public static final String URL_VARIABLE = "SEED_TEST_DATABASE_URL";

  private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
  private static final String POSTGRES_IMAGE = "postgres:15-alpine";
  private static TestDatabase shared;

  /** Where the database runs. */
  public enum Kind {
    /** A server named by {@value #URL_VARIABLE}. */
    EXTERNAL,
    /** A Testcontainers container. */
    TESTCONTAINERS,
    /** An embedded PostgreSQL process. */
    EMBEDDED
  }

  private final Kind kind;
  private final DatabaseUrl server;
  private final ScratchDatabase database;
  private final AutoCloseable engine;
  private final Set<UUID> keptTenants = ConcurrentHashMap.newKeySet();

  private TestDatabase(Kind kind, DatabaseUrl server, ScratchDatabase database, AutoCloseable engine) {
    this.kind = kind;
    this.server = server;
    this.database = database;
    this.engine = engine;
  }

  /**
   * The JVM's migrated test database: started and migrated on first use, shared by every
   * test class of the JVM, removed when the JVM exits.
   */
  public static synchronized TestDatabase shared() {
    if (shared == null) {
      shared = migrated(start(System.getenv()), dataSource -> {
        MigrateReport report = Migrator.forDataSource(dataSource).migrate();
        LOG.debug("tenant-seed test database migrated: {}", report.summary()); // the info line says which one
      });
    }
    return shared;
  }

  /**
   * {@code started}, migrated by {@code migrate}, and removed when the JVM exits. The exit hook
   * is in place before the migration starts, so a JVM stopped while it runs leaves nothing
   * behind either; a migration that fails closes (drops) the database before the failure is
   * rethrown.
   */
  static TestDatabase migrated(TestDatabase started, Consumer<DataSource> migrate) {
    Thread hook = new Thread(started::close, "tenant-seed-test-database");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      migrate.accept(started.dataSource());
      return started;
    } catch (RuntimeException | Error e) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the JVM is already exiting: the hook closes it
      }
      closeAfterFailure(started, e);
      throw e;
    }
  }

  /**
   * Starts an empty (unmigrated) test database, choosing as described above from
   * {@code environment}. The caller closes it.
   */
  public static TestDatabase start(Map<String, String> environment) {
    String external = environment.get(URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return external(DatabaseUrl.parse(external));
    }
    if (Containers.dockerAvailable(environment)) {
      return Containers.start();
    }
    if (!present("io.zonky.test.db.postgres.embedded.EmbeddedPostgres")) {
      throw new IllegalStateException("no test database: set " + URL_VARIABLE
          + " to the admin URL of a PostgreSQL server, add org.testcontainers:testcontainers-postgresql"
          + " to the test dependencies and start a Docker engine, or add io.tenantseed:seed-embedded-postgres"
          + " (type pom) to the test dependencies");
    }
    return Embedded.start(Embedded.binaries());
  }

  /** A uniquely named database on {@code server} (an admin connection), dropped on close. */
  static TestDatabase external(DatabaseUrl server) {
    ScratchDatabase database = ScratchDatabase.create(server);
    LOG.info("tenant-seed test database: {} on the server of {} (from {})",
        database.url().database(), server, URL_VARIABLE);
    return new TestDatabase(Kind.EXTERNAL, server, database, () -> { });
  }

  /** The admin address of the server this database lives on. */
  DatabaseUrl server() {
    return server;
  }

  public Kind kind() {
    return kind;
  }

  /** The test database's address (with credentials; its {@code toString()} masks them). */
  public DatabaseUrl url() {
    return database.url();
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  /**
   * A new database on the same server, migrated with the bundled migrations (the platform's
   * and {@code seed_meta}'s, as {@link #shared()} is), dropped when the returned value is
   * closed; none is left behind if the migration fails. For a database without any schema,
   * {@link #createEmptyDatabase()}.
   *
   * <pre>
   * try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
   *   Seeder.forDataSource(scratch.dataSource()).seed(graph);
   * }
   * </pre>
   */
  public ScratchDatabase createDatabase() {
    return createEmptyDatabase(scratch -> Migrator.forDataSource(scratch.dataSource()).migrate());
  }

  /**
   * A new, empty database on the same server (no {@code migration} or {@code seed_meta}
   * schema), dropped when the returned value is closed: for tests of the migration itself, or
   * of what tenant-seed does on a database that is not migrated.
   */
  public ScratchDatabase createEmptyDatabase() {
    return ScratchDatabase.create(server);
  }

  /**
   * A new, empty database on the same server (as {@link #createEmptyDatabase()}: nothing is
   * migrated), prepared by {@code setUp} (a migration of other files, say) and dropped when
   * the returned value is closed. When {@code setUp} fails the database is dropped at once and
   * the failure rethrown, so a failed preparation leaves none behind.
   *
   * <pre>
   * try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase(
   *     db -&gt; Migrator.forDataSource(db.dataSource()).withMigrationsDirectory(dir).migrate())) {
   *   ...
   * }
   * </pre>
   */
  public ScratchDatabase createEmptyDatabase(Consumer<ScratchDatabase> setUp) {
    ScratchDatabase scratch = createEmptyDatabase();
    try {
      setUp.accept(scratch);
      return scratch;
    } catch (RuntimeException | Error e) {
      closeAfterFailure(scratch, e);
      throw e;
    }
  }

  /**
   * A new database migrated with the platform migrations of {@code directory}; none is left
   * behind if that fails.
   */
  public ScratchDatabase createMigratedDatabase(Path directory) {
    return createEmptyDatabase(scratch -> Migrator.forDataSource(scratch.dataSource())
        .withMigrationsDirectory(directory).migrate());
  }

  /**
   * A new database migrated with the bundled migrations and then, merged with them by
   * version, the test-only migrations of {@code additionalMigrations} (see
   * {@link Migrator#withAdditionalLocation(Path)}); none is left behind if that fails. This is
   * how a test shows that tenant-seed follows a migration the project does not have yet.
   *
   * <pre>
   * // the project's tests find their own migration through a system property the build sets
   * Path evolution = Path.of(System.getProperty("tenantseed.evolution.dir"));
   * try (ScratchDatabase scratch = TestDatabase.shared().createMigratedDatabaseWith(evolution)) {
   *   Seeder.forDataSource(scratch.dataSource()).seed(graph);   // migration.assessments exists here
   * }
   * </pre>
   *
   * <p>Migrate that database again only with the same location:
   * {@code Migrator.forDataSource(scratch.dataSource()).withAdditionalLocation(additionalMigrations)}.
   */
  public ScratchDatabase createMigratedDatabaseWith(Path additionalMigrations) {
    return createEmptyDatabase(scratch -> Migrator.forDataSource(scratch.dataSource())
        .withAdditionalLocation(additionalMigrations).migrate());
  }

  private static void closeAfterFailure(AutoCloseable database, Throwable failure) {
    try {
      database.close();
    } catch (Exception | Error e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Keeps the test database when this closes if tenant {@code tenantId} is still registered
   * in it then, for inspecting what a failed test left: on a server named by
   * {@value #URL_VARIABLE} the database outlives the JVM (drop it by name afterwards); a
   * container or embedded server ends with the JVM regardless.
   */
  public void keep(UUID tenantId) {
    keptTenants.add(tenantId);
  }

  /**
   * Drops the test database (unless it still holds a tenant {@link #keep kept} for
   * inspection) and stops whatever was started for it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (kind == Kind.EXTERNAL && holdsKeptTenant()) {
      LOG.warn("tenant-seed: kept test database {} on {} for inspection; drop it with DROP DATABASE {}",
          database.url().database(), server, database.url().database());
    } else {
      database.close();
    }
    try {
      engine.close();
    } catch (Exception e) {
      LOG.warn("stopping the {} test database failed: {}", kind, e.toString());
    }
  }

  private boolean holdsKeptTenant() {
    if (keptTenants.isEmpty()) {
      return false;
    }
    try (Connection connection = dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM seed_meta.tenants WHERE tenant_id = ANY (?))")) {
      statement.setArray(1, connection.createArrayOf("uuid", keptTenants.toArray()));
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    } catch (SQLException e) {
      return false;
    }
  }

  static boolean present(String className) {
    return present(className, TestDatabase.class.getClassLoader());
  }

  /**
   * Whether {@code className} loads from {@code loader}; a class that is there but cannot be
   * linked (a dependency of it missing, or of another version) counts as absent.
   */
  static boolean present(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The Testcontainers path; its Testcontainers classes are only loaded when they are there,
   * so that Testcontainers may be absent from the class path.
   */
  static final class Containers {
    /** Testcontainers' core. */
    static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";
    /** The container {@link #start()} runs, from org.testcontainers:testcontainers-postgresql (2.x). */
    static final String POSTGRESQL_CONTAINER = "org.testcontainers.postgresql.PostgreSQLContainer";
    private static final java.util.concurrent.atomic.AtomicBoolean TOLD_WITHOUT_MODULE =
        new java.util.concurrent.atomic.AtomicBoolean();

    static boolean dockerAvailable(Map<String, String> environment) {
      if (!postgresqlModulePresent(TestDatabase::present)) {
        return false;
      }
      // Without any sign of an engine, asking Testcontainers costs seconds of retries and
      // pages of log; with one, it decides.
      // The places Testcontainers itself looks: DOCKER_HOST, the Linux socket, rootless Docker's,
      // Docker Desktop's on macOS and Linux, its own settings file, and on Windows the named pipe.
      Path home = Path.of(System.getProperty("user.home"));
      String runtime = Objects.toString(environment.get("XDG_RUNTIME_DIR"), "");
      boolean hint = !Objects.toString(environment.get("DOCKER_HOST"), "").isBlank()
          || System.getProperty("os.name", "").regionMatches(true, 0, "Windows", 0, 7)
          || Files.exists(Path.of("/var/run/docker.sock"))
          || !runtime.isBlank() && Files.exists(Path.of(runtime, "docker.sock"))
          || Files.exists(home.resolve(".docker/run/docker.sock"))
          || Files.exists(home.resolve(".docker/desktop/docker.sock"))
          || Files.exists(home.resolve(".testcontainers.properties"));
      if (!hint) {
        return false;
      }
      try {
        return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }

    /**
     * Whether the container path can be taken, by {@code present} (whether a class can be
     * loaded): it needs Testcontainers' PostgreSQL module, not just its core. A project can
     * have the core for other containers (Kafka, Redis) or Testcontainers 1.x's
     * {@code org.testcontainers:postgresql}, whose container class is another; it then gets
     * the embedded PostgreSQL, and one line at DEBUG says why (at INFO tenant-seed says only
     * which test database it chose).
     */
    static boolean postgresqlModulePresent(java.util.function.Predicate<String> present) {
      if (present.test(POSTGRESQL_CONTAINER) && present.test(DOCKER_CLIENT_FACTORY)) {
        return true;
      }
      if (present.test(DOCKER_CLIENT_FACTORY) && !TOLD_WITHOUT_MODULE.getAndSet(true)) {
        LOG.debug("tenant-seed: Testcontainers is on the class path without its PostgreSQL module"
            + " (org.testcontainers:testcontainers-postgresql, 2.x), so the test database is not a container;"
            + " add that module to the test dependencies for one");
      }
      return false;
    }

    static TestDatabase start() {
      var container = new org.testcontainers.postgresql.PostgreSQLContainer(POSTGRES_IMAGE);
      container.start();
      DatabaseUrl server = DatabaseUrl.parse(container.getJdbcUrl())
          .withCredentials(container.getUsername(), container.getPassword());
      ScratchDatabase database = ScratchDatabase.existing(server);
      LOG.info("tenant-seed test database: Testcontainers {} at {}", POSTGRES_IMAGE, server);
      return new TestDatabase(Kind.TESTCONTAINERS, server, database, container::stop);
    }
  }

  /** Only loaded when the embedded PostgreSQL is used. */
  static final class Embedded {
    /** How many of its log's last lines a failed start quotes. */
    static final int QUOTED_LOG_LINES = 5;

    /** This machine's binaries, as the embedded PostgreSQL will look for them. */
    static io.tenantseed.internal.EmbeddedBinaries binaries() {
      return io.tenantseed.internal.EmbeddedBinaries.ofThisMachine();
    }

    /**
     * Starts the embedded PostgreSQL; without {@code binaries} for this platform, fails first
     * with one line saying so and what to do instead.
     */
    static TestDatabase start(io.tenantseed.internal.EmbeddedBinaries binaries) {
      return start(binaries, builder -> { });
    }

    /**
     * As {@link #start(io.tenantseed.internal.EmbeddedBinaries)}, with the builder adjusted by
     * {@code customize} (after the log is set) before the server starts: for tests.
     *
     * <p>initdb's and the server's output go to a file of this start's own, created
     * owner-only in the temporary directory and named in the INFO line, not through SLF4J at
     * INFO into the test log (the library logs every line it reads from them). The file is
     * deleted when the server stopped on {@link TestDatabase#close()}; a start that fails
     * keeps it and quotes its last lines.
     */
    static TestDatabase start(io.tenantseed.internal.EmbeddedBinaries binaries,
        Consumer<io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder> customize) {
      if (!binaries.present()) {
        throw new IllegalStateException("no test database: " + binaries.missing(
            "set " + URL_VARIABLE + " to the admin URL of a PostgreSQL server"));
      }
      Path log = createLog();
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
      try {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
            .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(log.toFile()));
        customize.accept(builder);
        postgres = builder.start();
      } catch (java.io.IOException | RuntimeException e) {
        // initdb or pg_ctl failing is an IllegalStateException, an I/O failure often a wrapped one
        throw new IllegalStateException("the embedded PostgreSQL could not start: "
            + Objects.toString(e.getMessage(), e.getClass().getName()) + "; " + tail(log), e);
      }
      DatabaseUrl server = DatabaseUrl.parse("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
      ScratchDatabase database = ScratchDatabase.existing(server);
      LOG.info("tenant-seed test database: embedded PostgreSQL 15 on port {} ({} unset, no Testcontainers"
          + " PostgreSQL with a Docker engine; server log {})", postgres.getPort(), URL_VARIABLE, log);
      return new TestDatabase(Kind.EMBEDDED, server, database, new Server(postgres, log));
    }

    /** The server log of {@code embedded}, a test database this class started. */
    static Path serverLog(TestDatabase embedded) {
      return ((Server) embedded.engine).log();
    }

    /** A new, empty file for one start's output, readable and writable by its owner only. */
    private static Path createLog() {
      try {
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          return Files.createTempFile("tenant-seed-embedded-postgres-", ".log",
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile("tenant-seed-embedded-postgres-", ".log");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("the embedded PostgreSQL could not start: cannot create its log file in "
            + System.getProperty("java.io.tmpdir") + ": " + e, e);
      }
    }

    /** The last lines of {@code log} (at most {@value #QUOTED_LOG_LINES}, trimmed) with its path. */
    static String tail(Path log) {
      java.util.List<String> lines;
      try {
        // the server writes in its locale's encoding: undecodable bytes become U+FFFD, never an error
        lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines()
            .map(String::trim).filter(line -> !line.isEmpty()).toList();
      } catch (java.io.IOException e) {
        return "its log " + log + " cannot be read: " + e;
      }
      if (lines.isEmpty()) {
        return "its log " + log + " is empty";
      }
      return "the end of its log " + log + ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - QUOTED_LOG_LINES), lines.size()));
    }

    /** The started server and its log, which goes once the server stopped. */
    private record Server(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path log)
        implements AutoCloseable {
      @Override
      public void close() throws java.io.IOException {
        try {
          postgres.close();
        } catch (java.io.IOException | RuntimeException e) {
          throw new java.io.IOException(e.getMessage() + " (its log is kept: " + log + ")", e);
        }
        Files.deleteIfExists(log);
      }
    }
  }

  static String uniqueName() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return "seed_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        + "_" + HexFormat.of().formatHex(random);
  }

  static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
    }
  }
}
