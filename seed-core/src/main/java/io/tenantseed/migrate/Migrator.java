package io.tenantseed.migrate;

import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.SeedException;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.internal.QuietFlywayLog;
import io.tenantseed.internal.RecordedVersion;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.internal.SqlErrors;
import io.tenantseed.internal.Transactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Applies the platform schema ({@code migrations/}, schema {@code migration}) and
 * tenant-seed's own bookkeeping (schema {@code seed_meta}, its own Flyway history) with
 * Flyway. Each schema keeps its own {@code flyway_schema_history} table.
 *
 * <pre>
 * Migrator migrator = Migrator.forDatabase(DatabaseUrl.parse("postgresql://postgres@127.0.0.1/seed_dev"));
 * MigrateReport report = migrator.migrate();
 * System.out.println(report.summary());   // "Applied 3 migrations (...); schema now at version 003."
 * migrator.migrate().upToDate();          // true: a second run applies nothing
 * </pre>
 *
 * <p>By default the migrations are read from the classpath (seed-core's jar carries
 * {@code migrations/}); {@link #withMigrationsDirectory(Path)} reads a directory instead, and
 * {@link #withAdditionalLocation(Path)} adds a directory of further platform migrations (a
 * test's own, applied after the project's).
 * Failures raise {@link UnableToMigrateException} naming the file and PostgreSQL's
 * message, or the connection exceptions of {@code io.tenantseed.db}. Immutable and
 * thread-safe; Flyway's lock serialises concurrent migrations of one database.
 *
 * <p>Flyway's warnings and errors reach SLF4J as Flyway logs them; its progress (the
 * database's JDBC URL with every driver property, each schema and migration) only at debug:
 * the report says what was applied.
 */
public final class Migrator {

  /** The platform's schema. */
  public static final String PLATFORM_SCHEMA = "migration";
  /** tenant-seed's bookkeeping schema. */
  public static final String META_SCHEMA = "seed_meta";

  static final String HISTORY_TABLE = RecordedVersion.HISTORY_TABLE;
  static final String PLATFORM_LOCATION = "classpath:io/tenantseed/migrations";
  static final String META_LOCATION = "classpath:io/tenantseed/seed_meta";

  /**
   * QuietFlywayLog when Flyway's class loader finds it (Flyway instantiates loggers by name
   * through its own loader), else Flyway's own SLF4J logger, so that a class-loader layout
   * that hides seed-core from Flyway costs the quiet, never a migration.
   */
  private static final String FLYWAY_LOGGERS = flywayLoggers();

  private final DataSource dataSource;
  private final String target;
  private final String platformLocation;
  /** Further locations of platform migrations, merged with the first by version, as Flyway merges them. */
  private final List<String> additionalLocations;

  private Migrator(DataSource dataSource, String target, String platformLocation, List<String> additionalLocations) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.target = target;
    this.platformLocation = platformLocation;
    this.additionalLocations = List.copyOf(additionalLocations);
  }

  /** A migrator for the database behind {@code dataSource}, with the bundled migrations. */
  public static Migrator forDataSource(DataSource dataSource) {
    return new Migrator(dataSource, describe(dataSource), PLATFORM_LOCATION, List.of());
  }

  /** A migrator for {@code url}, with the bundled migrations. */
  public static Migrator forDatabase(DatabaseUrl url) {
    return new Migrator(url.dataSource(), url.describe(), PLATFORM_LOCATION, List.of());
  }

  /**
   * The same migrator, reading the platform migrations from {@code directory} instead of
   * the classpath.
   *
   * @throws UnableToMigrateException when the directory does not exist
   */
  public Migrator withMigrationsDirectory(Path directory) {
    return new Migrator(dataSource, target, location(directory), additionalLocations);
  }

  /**
   * The same migrator, applying to the platform schema also the migrations of
   * {@code directory}, merged with the others by version: a test's own migration, named
   * with a version above every file of {@code migrations/} ({@code V900__...sql}), runs
   * after them, on a scratch database, and is recorded in the same history.
   *
   * <pre>
   * Migrator.forDataSource(scratch.dataSource())
   *     .withAdditionalLocation(Path.of("src/test/resources/io/tenantseed/evolution"))
   *     .migrate();   // migrations/ V001..., then V900__assets_ai_summary_and_assessments.sql
   * </pre>
   *
   * <p>A later migrator without that location leaves the migrations it has no file for as
   * they are and reports them as {@link #ahead()} (as it does a newer release's); only one
   * recorded as failed is refused.
   *
   * @throws UnableToMigrateException when the directory does not exist
   */
  public Migrator withAdditionalLocation(Path directory) {
    List<String> locations = new ArrayList<>(additionalLocations);
    locations.add(location(directory));
    return new Migrator(dataSource, target, platformLocation, locations);
  }

  private static String location(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new UnableToMigrateException("migrations directory " + directory + " does not exist", null);
    }
    return "filesystem:" + absolute;
  }

  /** Every location of platform migrations, the main one first. */
  private List<String> platformLocations() {
    List<String> locations = new ArrayList<>();
    locations.add(platformLocation);
    locations.addAll(additionalLocations);
    return locations;
  }

  /**
   * Validates, then applies every pending migration of both schemas. A database that is up
   * to date is left untouched and the report says so; when both histories hold exactly the
   * files, with their checksums, that is known from one query, without starting Flyway.
   *
   * <p>A history row that records a known earlier form of its file (an edit that left the
   * schema as it was, such as V001 and V003 made to run twice safely) is first realigned to
   * the file's current checksum, in one transaction, as {@code flyway repair} would; the
   * report names it once. Any other mismatch is refused by name.
   */
  public MigrateReport migrate() {
    Optional<String> upToDate = upToDateVersion();
    if (upToDate.isPresent()) {
      return new MigrateReport(List.of(), upToDate.get());
    }
    // The platform first: seed_meta's grants name the application role it creates.
    List<MigrationEntry> applied = new ArrayList<>();
    List<MigrationEntry> realigned = new ArrayList<>();
    // The earlier forms are of the platform's own files, never of an additional location's.
    applied.addAll(migrate(platform(), PLATFORM_SCHEMA, platformLocation, realigned));
    applied.addAll(migrate(meta(), META_SCHEMA, META_LOCATION, realigned));
    return new MigrateReport(applied, status().schemaVersion(), realigned, ahead());
  }

  private List<MigrationEntry> migrate(Flyway flyway, String schema, String location, List<MigrationEntry> realigned) {
    refuseFailedAhead(run(flyway::info, schema), schema);
    ValidateResult validation = run(flyway::validateWithResult, schema);
    if (!validation.validationSuccessful) {
      List<String> versions = invalidVersions(validation);
      if (EarlierForms.known(schema, location, versions)) {
        // Realigned here, or a moment ago by a concurrent migrate: Flyway reads the history again.
        realigned.addAll(EarlierForms.realign(dataSource, schema, location, target, versions));
        validation = run(flyway::validateWithResult, schema);
      }
    }
    requireValid(validation, schema);
    MigrateResult result = run(() -> flyway.migrate(), schema);
    return result.migrations.stream()
        .filter(output -> output.version != null && !output.version.isEmpty())
        .map(output -> entry(schema, output))
        .toList();
  }

  /**
   * The platform schema's version when both histories hold exactly this migrator's files,
   * all applied with the same checksums (read without Flyway), else empty.
   */
  Optional<String> upToDateVersion() {
    Map<String, List<String>> locations = new java.util.LinkedHashMap<>();
    locations.put(PLATFORM_SCHEMA, platformLocations());
    locations.put(META_SCHEMA, List.of(META_LOCATION));
    return AppliedCheck.upToDateVersion(dataSource, locations, PLATFORM_SCHEMA);
  }

  /**
   * The explicit, destructive track: drops the platform schema and {@code seed_meta} with
   * every tenant in them, then migrates from scratch. Refused unless the database's
   * environment marker says {@code development}; the marker itself is dropped with
   * {@code seed_meta}, so the caller sets it again.
   *
   * @throws ProtectedEnvironmentException when the marker is unset or says anything else
   */
  public MigrateReport resetDevelopmentDatabase() {
    try (Connection connection = dataSource.getConnection()) {
      Transactions.useTransaction(connection, c -> {
        String refusing = "refusing to reset " + target;
        Optional<io.tenantseed.Environment> marker = Bookkeeping.Marker.read(c).environment(refusing);
        if (marker.isEmpty() || marker.get() != io.tenantseed.Environment.DEVELOPMENT) {
          throw new ProtectedEnvironmentException(refusing + ": "
              + (marker.isEmpty() ? "no environment marker is set (seed env set development marks a development database)"
                  : "the environment marker says " + marker.get()) + "; reset runs only on a development database");
        }
        try (Statement statement = c.createStatement()) {
          statement.execute("DROP SCHEMA IF EXISTS " + PLATFORM_SCHEMA + " CASCADE");
          statement.execute("DROP SCHEMA IF EXISTS " + META_SCHEMA + " CASCADE");
        }
      });
    } catch (SQLException e) {
      throw SqlErrors.connectionFailure(e, target).orElseGet(() -> new UnableToMigrateException(
          "resetting " + target + " failed: " + SqlErrors.serverMessage(e), e));
    }
    return migrate();
  }

  /**
   * Applies tenant-seed's own bookkeeping migrations ({@code seed_meta}) again, as plain SQL
   * on {@code connection} in its transaction: every one of them runs twice safely, so this
   * recreates only what is missing, such as an environment marker table dropped by hand
   * (what {@code seed env set NAME --force} does before it writes the marker). Their history
   * is left as it is: one not recorded there yet is applied once more by the next
   * {@link #migrate()}, which is safe, since every one of them runs twice safely.
   */
  public static void reapplyBookkeeping(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(AppliedCheck.scriptText(META_LOCATION));
    } catch (java.io.IOException e) {
      throw new UnableToMigrateException("reading tenant-seed's bookkeeping migrations failed: " + e.getMessage(), e);
    }
  }

  /**
   * The migrations applied to the database that these migrations do not have (a newer
   * branch's or release's): left as they are, and said so.
   */
  public List<MigrationEntry> ahead() {
    List<MigrationEntry> ahead = new ArrayList<>();
    for (String schema : List.of(PLATFORM_SCHEMA, META_SCHEMA)) {
      Flyway flyway = schema.equals(META_SCHEMA) ? meta() : platform();
      for (MigrationInfo migration : run(flyway::info, schema).all()) {
        if (migration.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS) {
          ahead.add(entry(schema, migration));
        }
      }
    }
    return ahead;
  }

  /** The applied and pending migrations of both schemas. */
  public MigrationStatus status() {
    List<MigrationEntry> applied = new ArrayList<>();
    List<MigrationEntry> pending = new ArrayList<>();
    for (String schema : List.of(PLATFORM_SCHEMA, META_SCHEMA)) {
      Flyway flyway = schema.equals(META_SCHEMA) ? meta() : platform();
      var info = run(flyway::info, schema);
      refuseFailedAhead(info, schema);
      for (MigrationInfo migration : info.applied()) {
        if (!migration.getType().isSynthetic()) {
          applied.add(entry(schema, migration));
        }
      }
      Arrays.stream(info.pending()).map(migration -> entry(schema, migration)).forEach(pending::add);
    }
    return new MigrationStatus(platformVersion(), applied, pending);
  }

  /** The platform schema's version, by the one rule a purge plan also follows ({@link RecordedVersion}). */
  private String platformVersion() {
    try (Connection connection = dataSource.getConnection()) {
      return RecordedVersion.of(connection, PLATFORM_SCHEMA);
    } catch (SQLException e) {
      throw SqlErrors.connectionFailure(e, target).orElseGet(() -> new UnableToMigrateException(
          "reading the version of schema " + PLATFORM_SCHEMA + " at " + target + " failed: "
              + SqlErrors.serverMessage(e), e));
    }
  }

  /**
   * The applied migrations whose history records a known earlier form of their file, which
   * {@link #migrate()} would realign; changes nothing (for a dry run). Empty when the
   * histories match the files, or when some mismatch is not a known earlier form (then
   * {@link #migrate()} refuses instead).
   */
  public List<MigrationEntry> realignments() {
    if (upToDateVersion().isPresent()) {
      return List.of();
    }
    List<MigrationEntry> realignments = new ArrayList<>();
    for (String schema : List.of(PLATFORM_SCHEMA, META_SCHEMA)) {
      boolean meta = schema.equals(META_SCHEMA);
      ValidateResult validation = run((meta ? meta() : platform())::validateWithResult, schema);
      List<String> versions = validation.validationSuccessful ? List.of() : invalidVersions(validation);
      if (!versions.isEmpty() && EarlierForms.known(schema, meta ? META_LOCATION : platformLocation, versions)) {
        validation.invalidMigrations.forEach(invalid -> realignments.add(new MigrationEntry(schema, invalid.version,
            invalid.description, invalid.filepath == null ? "" : Path.of(invalid.filepath).getFileName().toString())));
      }
    }
    return List.copyOf(realignments);
  }

  /**
   * Checks that every applied migration still matches its file (checksum, name, presence).
   * Read-only: a history that records a known earlier form of a file counts as a mismatch
   * here until {@link #migrate()} realigns it.
   *
   * @throws UnableToMigrateException naming each migration that does not match
   */
  public void validate() {
    checkValid(platform(), PLATFORM_SCHEMA);
    checkValid(meta(), META_SCHEMA);
  }

  /** The versions Flyway found invalid; empty when any invalid migration has none (Flyway then explains). */
  private static List<String> invalidVersions(ValidateResult validation) {
    List<String> versions = validation.invalidMigrations.stream().map(invalid -> invalid.version).toList();
    return versions.stream().anyMatch(version -> version == null || version.isEmpty()) ? List.of() : versions;
  }

  private void checkValid(Flyway flyway, String schema) {
    refuseFailedAhead(run(flyway::info, schema), schema);
    requireValid(run(flyway::validateWithResult, schema), schema);
  }

  /**
   * A migration beyond these files that failed (a newer release's, say) left the schema in a
   * state nobody knows: ignoring it as merely ahead, as {@code *:future} would, would report
   * the database up to date and seed into it.
   */
  private void refuseFailedAhead(org.flywaydb.core.api.MigrationInfoService info, String schema) {
    for (MigrationInfo migration : info.all()) {
      if (migration.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED) {
        throw new UnableToMigrateException("migration " + migration.getScript() + " (version "
            + migration.getVersion() + ") of schema " + schema + " at " + target
            + " is recorded as failed and these migrations have no file for it: repair or finish it"
            + " with the migrations that hold it", null);
      }
    }
  }

  private void requireValid(ValidateResult result, String schema) {
    if (!result.validationSuccessful) {
      String problems =
          result.invalidMigrations.stream().map(Migrator::describe).collect(Collectors.joining("; "));
      throw new UnableToMigrateException(
          "applied migrations of schema " + schema + " at " + target + " do not match the files: "
              + (problems.isEmpty() ? firstLine(result.getAllErrorMessages()) : problems),
          null);
    }
  }

  private static String describe(ValidateOutput invalid) {
    String file = invalid.filepath == null || invalid.filepath.isEmpty()
        ? "version " + invalid.version
        : Path.of(invalid.filepath).getFileName().toString();
    String reason = invalid.errorDetails == null ? "invalid" : firstLine(invalid.errorDetails.errorMessage);
    return file + ": " + reason;
  }

  private Flyway platform() {
    return configure(PLATFORM_SCHEMA, platformLocations().toArray(String[]::new));
  }

  private Flyway meta() {
    return configure(META_SCHEMA, META_LOCATION);
  }

  private Flyway configure(String schema, String... locations) {
    return QuietFlywayLog.quietly(() -> Flyway.configure(Migrator.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(schema)
        .createSchemas(true)
        .table(HISTORY_TABLE)
        .locations(locations)
        .failOnMissingLocations(true)
        .validateMigrationNaming(true)
        // pending: applied by migrate(); future: applied to the database by newer migrations than
        // these (another branch, a newer release), which the catalog-driven model follows anyway
        .ignoreMigrationPatterns("*:pending", "*:future")
        .cleanDisabled(true)
        // Flyway's progress, with its "Database: jdbc:postgresql://..." line of every driver
        // property, would fill a user's test log several times per migration: the report says
        // what was applied. Flyway's logging is global to the JVM (see QuietFlywayLog), so
        // this names a logger in this configuration only, quiet only inside run(...), and
        // leaves the global switches alone: a user's own Flyway keeps its levels.
        .loggers(FLYWAY_LOGGERS)
        .load());
  }

  private static String flywayLoggers() {
    try {
      Class<?> found = Class.forName(QuietFlywayLog.class.getName(), false, LogFactory.class.getClassLoader());
      return found == QuietFlywayLog.class ? found.getName() : "slf4j";
    } catch (ClassNotFoundException | LinkageError e) {
      return "slf4j";
    }
  }

  private <T> T run(java.util.function.Supplier<T> action, String schema) {
    try {
      return QuietFlywayLog.quietly(action);
    } catch (FlywayException e) {
      throw translate(e, schema);
    }
  }

  private SeedException translate(FlywayException e, String schema) {
    var connection = SqlErrors.connectionFailure(e, target);
    if (connection.isPresent()) {
      return connection.get();
    }
    if (e instanceof FlywayMigrateException failed && failed.getMigration() != null) {
      MigrationInfo migration = failed.getMigration();
      String file = migration.getScript();
      String line = failed.getLineNumber() > 0 ? " (line " + failed.getLineNumber() + ")" : "";
      String why = SqlErrors.find(e) != null ? SqlErrors.serverMessage(e) : firstLine(e.getMessage());
      return new UnableToMigrateException(
          "migration " + file + line + " of schema " + schema + " failed: " + why, e);
    }
    return new UnableToMigrateException(
        "migrating schema " + schema + " at " + target + " failed: " + firstLine(e.getMessage()) + offenders(e), e);
  }

  /**
   * The files Flyway lists under its first line ("-&gt; /path/V001__x.sql (SQL)"), as when two
   * locations hold one version: " (V001__a.sql, V001__b.sql)", or "" when it lists none.
   */
  private static String offenders(FlywayException e) {
    List<String> files = e.getMessage() == null ? List.of() : e.getMessage().lines()
        .map(String::strip)
        .filter(line -> line.startsWith("-> "))
        .map(line -> fileName(line.substring(3).replaceFirst(" \\([A-Z_]+\\)$", "")))
        .toList();
    return files.isEmpty() ? "" : " (" + String.join(", ", files) + ")";
  }

  private static MigrationEntry entry(String schema, MigrationInfo migration) {
    MigrationVersion version = migration.getVersion();
    return new MigrationEntry(
        schema, version == null ? "" : version.getVersion(), migration.getDescription(), fileName(migration.getScript()));
  }

  private static MigrationEntry entry(String schema, MigrateOutput output) {
    return new MigrationEntry(schema, output.version, output.description, fileName(output.filepath));
  }

  private static String fileName(String path) {
    if (path == null || path.isEmpty()) {
      return "";
    }
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline >= 0 ? trimmed.substring(0, newline).strip() : trimmed;
  }

  private static String describe(DataSource dataSource) {
    if (dataSource instanceof BaseDataSource pg) {
      String[] hosts = pg.getServerNames();
      int[] ports = pg.getPortNumbers();
      String host = hosts != null && hosts.length > 0 ? hosts[0] : "localhost";
      String port = ports != null && ports.length > 0 && ports[0] > 0 ? ":" + ports[0] : "";
      return host + port + "/" + pg.getDatabaseName();
    }
    return "the configured database";
  }
}
